/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.NetworkFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consent service as a process on the real network and PostgreSQL: {@code /health/ready} goes
 * UP once PostgreSQL, the gateway and the event feed are connected, DOWN ({@code 503}, the {@code
 * postgresql} check down) while PostgreSQL is killed, and UP again once it is back; {@code
 * /metrics} has the HTTP, outbox and event-feed series after a few requests.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class})
class ObservabilityIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void ready_follows_postgresql_and_metrics_have_the_named_series(
      NetworkInfo info, FabricNetwork network) throws Exception {
    NetworkInfo.Postgres pg = info.postgres();
    String database = "observability_" + Long.toHexString(System.nanoTime());
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + pg.database(),
                pg.user(),
                "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    try (ServiceProcess service =
        ServiceProcess.configure(
            info,
            pg.host(),
            pg.port(),
            database,
            pg.user(),
            "",
            Map.of(),
            Path.of("target", "observability-logs"))) {
      service.start("observability");
      JsonObject ready = awaitReady(service, 200);
      assertThat(ready.getString("status")).isEqualTo("UP");
      assertThat(ids(ready.getJsonArray("checks")))
          .containsExactlyInAnyOrder("postgresql", "gateway", "eventFeed");
      assertThat(get(service, "/health/live").statusCode()).isEqualTo(200);

      for (int i = 0; i < 3; i++) {
        assertThat(
                get(service, "/consents/urn:uuid:6f1c3b0e-2f0a-4b7e-9f51-0c7d8a3e2b1" + i)
                    .statusCode())
            .isEqualTo(404);
      }
      String metrics = get(service, "/metrics").body();
      assertThat(metrics)
          .contains(
              "vertx_http_server_requests_total{code=\"404\",method=\"GET\","
                  + "route=\"/consents/:consentId\"} 3.0")
          .contains("vertx_http_server_response_time_seconds_bucket{")
          .contains("consent_outbox_depth ")
          .contains("consent_outbox_oldest_age_seconds ")
          .contains("consent_outbox_batch_size_count{kind=\"anchor\"}")
          .contains("consent_outbox_commit_seconds_count{")
          .contains("consent_event_feed_lag_blocks ")
          .contains("consent_event_feed_connected 1.0")
          .doesNotContain("urn:uuid:6f1c3b0e");

      NetworkFaults faults = new NetworkFaults(network);
      faults.kill("postgres");
      try {
        JsonObject down = awaitReady(service, 503);
        assertThat(down.getString("status")).isEqualTo("DOWN");
        JsonObject postgresql =
            down.getJsonArray("checks").stream()
                .map(JsonObject.class::cast)
                .filter(check -> "postgresql".equals(check.getString("id")))
                .findFirst()
                .orElseThrow();
        assertThat(postgresql.getString("status")).isEqualTo("DOWN");
        assertThat(get(service, "/health/live").statusCode()).isEqualTo(200);
      } finally {
        faults.restart();
      }
      assertThat(awaitReady(service, 200).getString("status")).isEqualTo("UP");
    }
  }

  private static java.util.List<String> ids(JsonArray checks) {
    return checks.stream().map(c -> ((JsonObject) c).getString("id")).toList();
  }

  private JsonObject awaitReady(ServiceProcess service, int status) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    HttpResponse<String> last = null;
    while (Instant.now().isBefore(deadline)) {
      last = get(service, "/health/ready");
      if (last.statusCode() == status) {
        return new JsonObject(last.body());
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "/health/ready never answered "
            + status
            + "; last: "
            + (last == null ? "none" : last.statusCode() + " " + last.body()));
  }

  private HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(service.base() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
