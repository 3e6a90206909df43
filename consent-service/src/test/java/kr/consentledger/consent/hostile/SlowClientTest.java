/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.testing.Corpus;
import kr.consentledger.http.testing.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Slow and greedy clients on raw sockets, against the API with short deadlines (head 1 s, body 2
 * s): a client trickling its head or its body a byte at a time is cut off long before it is done,
 * an idle connection is closed, and connections over the cap are refused until one frees. Each
 * trickle would take 15 s or more; the assertions are about what happened (closed, 408), not about
 * how fast.
 */
class SlowClientTest {
  static final HttpEdgeConfig SHORT =
      new HttpEdgeConfig(
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(60),
          64,
          8192,
          16384,
          false);

  /**
   * Sends {@code bytes} one every {@code pauseMillis} until done or the server closed; true if it
   * closed first.
   */
  static boolean trickle(
      Socket socket, CompletableFuture<RawHttp.Response> answer, byte[] bytes, long pauseMillis)
      throws Exception {
    OutputStream out = socket.getOutputStream();
    for (byte b : bytes) {
      if (answer.isDone()) {
        return true;
      }
      try {
        out.write(b);
        out.flush();
      } catch (java.io.IOException e) {
        return true;
      }
      Thread.sleep(pauseMillis);
    }
    return answer.isDone();
  }

  static CompletableFuture<RawHttp.Response> reader(Socket socket) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return RawHttp.read(socket.getInputStream());
          } catch (java.io.IOException e) {
            return new RawHttp.Response(0, java.util.Map.of(), "");
          }
        });
  }

  static Socket connect(ApiFixture f) throws Exception {
    Socket socket = new Socket("127.0.0.1", f.port());
    socket.setSoTimeout(30_000);
    return socket;
  }

  @Test
  void a_client_sending_its_headers_at_five_bytes_a_second_is_cut_off_without_an_answer()
      throws Exception {
    try (ApiFixture f = new ApiFixture(SHORT);
        Socket socket = connect(f)) {
      CompletableFuture<RawHttp.Response> answer = reader(socket);
      byte[] head =
          ("GET /openapi.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                  + "a".repeat(60)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);

      boolean cutOff = trickle(socket, answer, head, 200);

      assertThat(cutOff).as("closed before the client finished its head").isTrue();
      assertThat(answer.get(10, TimeUnit.SECONDS).status()).isZero();
    }
  }

  @Test
  void a_client_sending_its_body_at_five_bytes_a_second_gets_408_problem_json_and_is_cut_off()
      throws Exception {
    try (ApiFixture f = new ApiFixture(SHORT);
        Socket socket = connect(f)) {
      CompletableFuture<RawHttp.Response> answer = reader(socket);
      socket
          .getOutputStream()
          .write(
              ("POST /auth/challenges HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: application/json\r\nContent-Length: 80\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] body =
          ("{\"did\":\"did:key:z6Mk" + "a".repeat(57) + "\"}").getBytes(StandardCharsets.US_ASCII);

      boolean cutOff = trickle(socket, answer, body, 200);

      assertThat(cutOff).as("answered before the client finished its body").isTrue();
      RawHttp.Response response = answer.get(10, TimeUnit.SECONDS);
      assertThat(response.status()).isEqualTo(408);
      assertThat(response.contentType()).isEqualTo("application/problem+json");
      assertThat(Corpus.code(response)).isEqualTo("REQUEST_TIMEOUT");
      assertThat(response.headers()).containsEntry("connection", "close");
    }
  }

  @Test
  void clients_that_abort_mid_body_or_send_a_bad_chunk_size_are_not_logged_at_error()
      throws Exception {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    System.setErr(
        new java.io.PrintStream(
            new HostileCorpusTest.TeeStream(stderr, log), true, StandardCharsets.UTF_8));
    try (ApiFixture f = new ApiFixture(SHORT)) {
      for (int i = 0; i < 5; i++) {
        try (Socket socket = connect(f)) {
          socket
              .getOutputStream()
              .write(
                  ("POST /auth/challenges HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"did\":")
                      .getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
          Thread.sleep(100);
          socket.setSoLinger(true, 0); // close with a reset, as a client that gives up does
        }
        RawHttp.Response badChunk =
            RawHttp.exchange(
                f.port(),
                ("POST /auth/challenges HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        assertThat(badChunk.status()).isNotEqualTo(500);
      }
      Thread.sleep(1000); // let the server see the resets
      assertThat(f.get("/openapi.yaml", null).statusCode()).isEqualTo(200);
    } finally {
      System.setErr(stderr);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(" ERROR ");
  }

  @Test
  void a_connection_that_never_sends_a_request_is_closed() throws Exception {
    try (ApiFixture f = new ApiFixture(SHORT);
        Socket socket = connect(f)) {
      assertThat(reader(socket).get(20, TimeUnit.SECONDS).status()).isZero();
    }
  }

  @Test
  void a_kept_alive_connection_that_trickles_its_next_request_is_cut_off() throws Exception {
    try (ApiFixture f = new ApiFixture(SHORT);
        Socket socket = connect(f)) {
      socket
          .getOutputStream()
          .write(
              "GET /openapi.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
      CompletableFuture<RawHttp.Response> answer = reader(socket);

      boolean cutOff =
          trickle(
              socket,
              answer,
              ("GET /openapi.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                      + "a".repeat(60)
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII),
              200);

      assertThat(cutOff).isTrue();
      assertThat(answer.get(10, TimeUnit.SECONDS).status()).isZero();
    }
  }

  @Test
  void connections_over_the_cap_are_closed_at_once_until_one_is_freed() throws Exception {
    HttpEdgeConfig capped =
        new HttpEdgeConfig(
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            4,
            8192,
            16384,
            false);
    try (ApiFixture f = new ApiFixture(capped)) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          held.add(connect(f));
        }
        try (Socket fifth = connect(f)) {
          fifth
              .getOutputStream()
              .write(
                  "GET /openapi.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          assertThat(RawHttp.read(fifth.getInputStream()).status())
              .as("the fifth connection")
              .isZero();
        }
        held.remove(0).close();
        int status = 0;
        for (int attempt = 0; attempt < 100 && status != 200; attempt++) {
          Thread.sleep(50); // the server sees the close asynchronously
          status =
              RawHttp.exchange(
                      f.port(),
                      "GET /openapi.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                          .getBytes(StandardCharsets.US_ASCII))
                  .status();
        }
        assertThat(status).as("a connection once one was freed").isEqualTo(200);
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }
}
