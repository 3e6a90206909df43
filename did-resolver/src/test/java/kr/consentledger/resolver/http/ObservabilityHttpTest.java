/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.RateLimiter;
import kr.consentledger.http.ServerTls;
import kr.consentledger.resolver.boot.DidResolverVerticle;
import kr.consentledger.resolver.boot.ResolverConfig;
import kr.consentledger.service.ServiceMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resolver's health and metrics routes over real HTTP, on a Vert.x instance bound to Micrometer
 * as {@code DidResolverMain} builds it.
 */
class ObservabilityHttpTest {
  static final String KEY_DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

  final Vertx vertx = ServiceMetrics.vertx(new VertxOptions());
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  int start(EdgeConfig edge) {
    DidResolverVerticle verticle =
        new DidResolverVerticle(
            new ResolverConfig("127.0.0.1", 0, null, 0, 1), DidResolverVerticle.DEFAULT_HTTP, edge);
    vertx.deployVerticle(verticle).await();
    return verticle.actualPort();
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void live_and_ready_answer_up_as_json_when_did_fabric_is_off() throws Exception {
    int port = start(EdgeConfig.NONE);
    for (String path : new String[] {"/health/live", "/health/ready"}) {
      HttpResponse<String> r = get(port, path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getString("status")).isEqualTo("UP");
      assertThat(body.getJsonArray("checks")).isNotNull();
    }
    assertThat(new JsonObject(get(port, "/health/live").body()).encode())
        .contains("\"id\":\"eventLoop\"");
  }

  @Test
  void probes_are_answered_while_the_address_is_over_its_rate_limit() throws Exception {
    int port =
        start(
            new EdgeConfig(
                new RateLimiter.Limit(1, Duration.ofHours(1), 1),
                RateLimiter.Limit.OFF,
                100,
                0,
                0,
                ServerTls.PLAIN));
    assertThat(get(port, "/openapi.yaml").statusCode()).isEqualTo(200);
    assertThat(get(port, "/openapi.yaml").statusCode()).isEqualTo(429);
    for (int i = 0; i < 5; i++) {
      assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
    }
    assertThat(get(port, "/metrics").statusCode()).isEqualTo(429);
  }

  @Test
  void metrics_count_requests_by_route_template_method_and_status_never_by_raw_path()
      throws Exception {
    int port = start(EdgeConfig.NONE);
    for (int i = 0; i < 3; i++) {
      assertThat(get(port, "/1.0/identifiers/" + KEY_DID).statusCode()).isEqualTo(200);
    }
    assertThat(get(port, "/1.0/identifiers/did:key:zNotAKey").statusCode()).isEqualTo(400);
    HttpResponse<String> metrics = get(port, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    String text = metrics.body();
    assertThat(text)
        .contains("vertx_http_server_requests_total{")
        .contains("vertx_http_server_response_time_seconds_bucket{")
        .contains("route=\"/1.0/identifiers/:did\"")
        .contains("code=\"400\"")
        .contains("jvm_memory_used_bytes")
        .doesNotContain(KEY_DID)
        .doesNotContain("zNotAKey");
  }
}
