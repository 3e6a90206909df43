/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.RateLimiter;
import kr.consentledger.http.ServerTls;
import kr.consentledger.http.testing.RawHttp;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** did-resolver's edge over real HTTP: the per-address limit and the in-flight cap. */
class ResolverEdgeHttpTest {
  static final String KEY_DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

  final Vertx vertx = Vertx.vertx();
  final HttpClient http = HttpClient.newHttpClient();
  final List<Promise<ResolutionResult>> held = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  int serve(EdgeConfig edge) throws Exception {
    HttpServer server =
        ResolverHttpApi.createRouter(
                vertx,
                (did, options) -> {
                  Promise<ResolutionResult> p = Promise.promise();
                  held.add(p);
                  return p.future();
                },
                edge)
            .compose(
                router -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return server.actualPort();
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void an_address_over_its_limit_gets_429_with_retry_after_while_another_address_is_still_served()
      throws Exception {
    int port =
        serve(
            new EdgeConfig(
                new RateLimiter.Limit(1, Duration.ofHours(1), 2),
                RateLimiter.Limit.OFF,
                100,
                0,
                0,
                ServerTls.PLAIN));
    assertThat(RawHttp.get("127.0.0.1", port, "/openapi.yaml").status()).isEqualTo(200);
    assertThat(RawHttp.get("127.0.0.1", port, "/openapi.yaml").status()).isEqualTo(200);

    RawHttp.Response limited = RawHttp.get("127.0.0.1", port, "/openapi.yaml");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("content-type")).isEqualTo("application/problem+json");
    assertThat(Long.parseLong(limited.header("retry-after"))).isBetween(3000L, 3600L);
    JsonObject problem = new JsonObject(limited.body());
    assertThat(problem.getString("code")).isEqualTo("rateLimited");
    assertThat(problem.getInteger("status")).isEqualTo(429);
    assertThat(problem.getString("type"))
        .isEqualTo("https://consentledger.kr/problems/rateLimited");

    assertThat(RawHttp.get("127.0.0.2", port, "/openapi.yaml").status()).isEqualTo(200);
  }

  @Test
  void past_the_in_flight_cap_a_request_gets_a_fast_503_and_is_served_again_once_work_finishes()
      throws Exception {
    int port =
        serve(
            new EdgeConfig(
                RateLimiter.Limit.OFF, RateLimiter.Limit.OFF, 100, 2, 0, ServerTls.PLAIN));
    String path = "/1.0/identifiers/" + KEY_DID;
    CompletableFuture<HttpResponse<String>> first =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> second =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (held.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(held).hasSize(2);

    HttpResponse<String> shed = get(port, path);
    assertThat(shed.statusCode()).isEqualTo(503);
    assertThat(shed.headers().firstValue("Retry-After")).contains("1");
    assertThat(shed.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(shed.body()).getString("code")).isEqualTo("overloaded");
    assertThat(get(port, "/openapi.yaml").statusCode()).isEqualTo(503);

    held.forEach(p -> p.fail(new ResolutionException(ResolutionError.NOT_FOUND, "gone")));
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    assertThat(get(port, "/openapi.yaml").statusCode()).isEqualTo(200);
  }
}
