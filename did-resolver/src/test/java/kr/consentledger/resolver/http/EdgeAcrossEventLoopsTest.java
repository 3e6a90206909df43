/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.HttpEdge;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.http.RateLimiter;
import kr.consentledger.http.ServerTls;
import kr.consentledger.http.testing.RawHttp;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionResult;
import kr.consentledger.resolver.boot.DidResolverVerticle;
import kr.consentledger.resolver.boot.ResolverConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several instances of the HTTP verticle, one per event loop, share one edge: the rate table, the
 * in-flight cap and the connection cap are the process's, not each loop's.
 */
class EdgeAcrossEventLoopsTest {
  static final String KEY_DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
  static final String PATH = "/1.0/identifiers/" + KEY_DID;

  final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(8));
  final Set<String> servingThreads = ConcurrentHashMap.newKeySet();
  final List<Promise<ResolutionResult>> held = new CopyOnWriteArrayList<>();
  volatile boolean hold;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A resolver that notes the thread it runs on, and holds its answers while {@link #hold}. */
  final DidResolver resolver =
      (did, options) -> {
        servingThreads.add(Thread.currentThread().getName());
        if (hold) {
          Promise<ResolutionResult> p = Promise.promise();
          held.add(p);
          return p.future();
        }
        return Future.succeededFuture(ResolutionResult.of(new JsonObject().put("id", did), null));
      };

  int serve(int loops, EdgeConfig edge, HttpEdgeConfig http) throws Exception {
    EdgeLimits limits = new EdgeLimits(edge);
    HttpServingVerticle.Shared shared =
        new HttpServingVerticle.Shared(
            v -> ResolverHttpApi.createRouter(v, resolver, limits),
            new HttpEdge(vertx, http, ResolverHttpApi.edgeProblems()),
            new HttpServerOptions(),
            "127.0.0.1");
    return HttpServingVerticle.deploy(vertx, shared, 0, loops).await(30, TimeUnit.SECONDS);
  }

  static EdgeConfig limits(RateLimiter.Limit byAddress, int maxInFlight) {
    return new EdgeConfig(byAddress, RateLimiter.Limit.OFF, 100, maxInFlight, 0, ServerTls.PLAIN);
  }

  @Test
  void connections_are_served_on_as_many_event_loops_as_instances() throws Exception {
    int port = serve(4, EdgeConfig.NONE, DidResolverVerticle.DEFAULT_HTTP);

    for (int i = 0; i < 8; i++) {
      assertThat(RawHttp.get("127.0.0.1", port, PATH).status()).isEqualTo(200);
    }

    assertThat(servingThreads)
        .hasSize(4)
        .allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
  }

  @Test
  void with_one_event_loop_every_connection_is_served_on_the_same_loop_as_before()
      throws Exception {
    int port = serve(1, EdgeConfig.NONE, DidResolverVerticle.DEFAULT_HTTP);

    for (int i = 0; i < 6; i++) {
      assertThat(RawHttp.get("127.0.0.1", port, PATH).status()).isEqualTo(200);
    }

    assertThat(servingThreads).hasSize(1);
  }

  @Test
  void a_burst_over_the_limit_spread_over_connections_on_different_loops_still_gets_429()
      throws Exception {
    int port =
        serve(
            4,
            limits(new RateLimiter.Limit(1, Duration.ofHours(1), 3), 0),
            DidResolverVerticle.DEFAULT_HTTP);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      statuses.add(RawHttp.get("127.0.0.1", port, PATH).status());
    }

    // One table for the process: three tokens in all, not three on each of the four loops.
    assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429, 429, 429);
    assertThat(servingThreads).hasSize(3);
    assertThat(RawHttp.get("127.0.0.2", port, PATH).status()).isEqualTo(200);
  }

  @Test
  void the_in_flight_cap_counts_the_requests_of_every_loop() throws Exception {
    int port = serve(4, limits(RateLimiter.Limit.OFF, 2), DidResolverVerticle.DEFAULT_HTTP);
    hold = true;
    CompletableFuture<RawHttp.Response> first = CompletableFuture.supplyAsync(() -> get(port));
    CompletableFuture<RawHttp.Response> second = CompletableFuture.supplyAsync(() -> get(port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (held.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(held).hasSize(2);
    assertThat(servingThreads).hasSize(2);

    // Two more connections, on the two loops that hold nothing: the cap of 2 is the process's.
    RawHttp.Response third = RawHttp.get("127.0.0.1", port, PATH);
    RawHttp.Response fourth = RawHttp.get("127.0.0.1", port, PATH);

    assertThat(third.status()).isEqualTo(503);
    assertThat(fourth.status()).isEqualTo(503);
    assertThat(new JsonObject(third.body()).getString("code")).isEqualTo("overloaded");
    held.forEach(p -> p.fail(new ResolutionException(ResolutionError.NOT_FOUND, "gone")));
    assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(404);
    assertThat(second.get(30, TimeUnit.SECONDS).status()).isEqualTo(404);
    hold = false;
    assertThat(RawHttp.get("127.0.0.1", port, PATH).status()).isEqualTo(200);
  }

  @Test
  void the_connection_cap_counts_the_connections_of_every_loop() throws Exception {
    HttpEdgeConfig http =
        new HttpEdgeConfig(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            2,
            8192,
            8192,
            false);
    int port = serve(4, EdgeConfig.NONE, http);

    try (Socket a = open(port);
        Socket b = open(port);
        Socket c = open(port)) {
      // Three connections on three loops: one of them is one too many for the process.
      List<Socket> open = new ArrayList<>(List.of(a, b, c));
      List<Socket> closed = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (closed.isEmpty() && System.nanoTime() < deadline) {
        for (Socket s : List.copyOf(open)) {
          if (closedByServer(s)) {
            open.remove(s);
            closed.add(s);
          }
        }
      }
      assertThat(closed).hasSize(1);
      for (Socket s : open) {
        s.setSoTimeout(10_000);
        assertThat(answer(s)).startsWith("HTTP/1.1 200");
      }
    }
  }

  @Test
  void undeploying_the_resolver_closes_the_servers_of_every_loop() throws Exception {
    DidResolverVerticle verticle =
        new DidResolverVerticle(
            new ResolverConfig("127.0.0.1", 0, null, 0, 1).withEventLoops(3),
            DidResolverVerticle.DEFAULT_HTTP,
            EdgeConfig.NONE);
    String id = vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    int port = verticle.actualPort();
    assertThat(RawHttp.get("127.0.0.1", port, PATH).status()).isEqualTo(200);
    // The resolver, its first HTTP instance, and a deployment of the two others.
    assertThat(vertx.deploymentIDs()).hasSize(3);

    vertx.undeploy(id).await(30, TimeUnit.SECONDS);

    assertThat(vertx.deploymentIDs()).isEmpty();
    assertThatThrownBy(() -> RawHttp.get("127.0.0.1", port, PATH)).isInstanceOf(IOException.class);
  }

  static RawHttp.Response get(int port) {
    try {
      return RawHttp.get("127.0.0.1", port, PATH);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Socket open(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(100);
    try {
      return s.getInputStream().read() == -1;
    } catch (java.net.SocketTimeoutException e) {
      return false; // still open
    } catch (IOException e) {
      return true; // reset
    }
  }

  static String answer(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
