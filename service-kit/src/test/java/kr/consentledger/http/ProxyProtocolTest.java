/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kr.consentledger.http.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behind HAProxy ({@code send-proxy-v2}) the server reads the client's address from the PROXY
 * protocol header, so the rate limits, connection limits and access log see the client, not the
 * proxy.
 */
class ProxyProtocolTest {
  private static final EdgeProblems PROBLEMS =
      (response, error, detail) -> response.setStatusCode(error.status()).end();

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A server that answers each request with the address it sees. */
  private int serve(boolean proxyProtocol) throws Exception {
    HttpEdgeConfig config =
        new HttpEdgeConfig(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            16,
            4096,
            8192,
            proxyProtocol);
    HttpServer server =
        new HttpEdge(vertx, config, PROBLEMS)
            .createServer(
                new HttpServerOptions().setHost("127.0.0.1").setPort(0),
                request -> request.response().end(request.remoteAddress().hostAddress()));
    Future<HttpServer> listening = server.listen();
    return listening.await(10, TimeUnit.SECONDS).actualPort();
  }

  private static final byte[] GET =
      "GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private static RawHttp.Response send(int port, byte[] proxyHeader) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(proxyHeader);
    bytes.write(GET);
    return RawHttp.exchange(port, bytes.toByteArray());
  }

  @Test
  void a_version_1_header_gives_the_client_address_it_carries() throws Exception {
    int port = serve(true);

    RawHttp.Response r =
        send(
            port,
            "PROXY TCP4 203.0.113.7 127.0.0.1 51000 443\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("203.0.113.7");
  }

  @Test
  void a_version_2_header_as_haproxy_sends_it_gives_the_client_address() throws Exception {
    int port = serve(true);
    // The v2 signature, PROXY over TCP/IPv4, 12 address bytes: 198.51.100.23:40000 -> 127.0.0.1:443
    byte[] v2 =
        HexFormat.of()
            .parseHex(
                "0d0a0d0a000d0a515549540a"
                    + "21"
                    + "11"
                    + "000c"
                    + "c6336417"
                    + "7f000001"
                    + "9c40"
                    + "01bb");

    RawHttp.Response r = send(port, v2);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("198.51.100.23");
  }

  @Test
  void with_the_protocol_on_a_connection_without_the_header_gets_no_answer() throws Exception {
    int port = serve(true);

    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(GET);
      out.flush();
      InputStream in = socket.getInputStream();
      // Closed without an HTTP answer: a direct client cannot pass for a proxied one.
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void off_by_default_the_peer_address_is_the_one_seen() throws Exception {
    HttpEdgeConfig defaults =
        HttpEdgeConfig.fromEnvironment(Map.of(), "X_HTTP_", HttpEdgeConfig.defaults(4096, 8192));
    assertThat(defaults.proxyProtocol()).isFalse();
    int port = serve(false);

    RawHttp.Response r = RawHttp.exchange(port, GET);

    assertThat(r.body()).isEqualTo("127.0.0.1");
  }

  @Test
  void the_environment_turns_it_on() {
    HttpEdgeConfig config =
        HttpEdgeConfig.fromEnvironment(
            Map.of("X_HTTP_PROXY_PROTOCOL", "true"),
            "X_HTTP_",
            HttpEdgeConfig.defaults(4096, 8192));

    assertThat(config.proxyProtocol()).isTrue();
  }
}
