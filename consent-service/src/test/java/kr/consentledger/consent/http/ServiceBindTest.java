/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.boot.ConsentServiceConfig;
import kr.consentledger.consent.boot.ConsentServiceVerticle;
import kr.consentledger.consent.pg.PgDatabase;
import kr.consentledger.http.EdgeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** consent-service refuses plain HTTP off loopback before it opens anything. */
class ServiceBindTest {

  static ConsentServiceConfig config(String host) {
    return new ConsentServiceConfig(
        host,
        0,
        new PgDatabase("127.0.0.1", 1, "none", "none", "", 2),
        null,
        Duration.ofDays(365),
        10,
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        1);
  }

  @Test
  void plain_http_on_all_addresses_refuses_to_start_with_a_clear_message() {
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(
              () ->
                  vertx
                      .deployVerticle(
                          new ConsentServiceVerticle(
                              config("0.0.0.0"),
                              Clock.systemUTC(),
                              ConsentServiceVerticle.DEFAULT_HTTP,
                              EdgeConfig.fromEnvironment(
                                  ConsentEdge.PREFIX, Map.of(), ConsentEdge.DEFAULTS)))
                      .toCompletionStage()
                      .toCompletableFuture()
                      .get(30, TimeUnit.SECONDS))
          .rootCause()
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("plain HTTP is only allowed on a loopback address")
          .hasMessageContaining("CONSENT_HOST")
          .hasMessageContaining("CONSENT_TLS_CERT");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void the_defaults_listen_on_loopback_and_limit_callers() {
    ConsentServiceConfig config = ConsentServiceConfig.fromEnvironment(Map.of());
    assertThat(config.host()).isEqualTo("127.0.0.1");
    EdgeConfig edge =
        EdgeConfig.fromEnvironment(ConsentEdge.PREFIX, Map.of(), ConsentEdge.DEFAULTS);
    assertThat(edge.byAddress().enabled()).isTrue();
    assertThat(edge.byDid().enabled()).isTrue();
    assertThat(edge.maxInFlight()).isPositive();
    assertThat(edge.tls().enabled()).isFalse();
    EdgeConfig tuned =
        EdgeConfig.fromEnvironment(
            ConsentEdge.PREFIX,
            Map.of(
                "CONSENT_RATE_PER_SECOND",
                "0",
                "CONSENT_DID_RATE_BURST",
                "7",
                "CONSENT_MAX_IN_FLIGHT",
                "3"),
            ConsentEdge.DEFAULTS);
    assertThat(tuned.byAddress().enabled()).isFalse();
    assertThat(tuned.byDid().burst()).isEqualTo(7);
    assertThat(tuned.maxInFlight()).isEqualTo(3);
    assertThatThrownBy(
            () ->
                EdgeConfig.fromEnvironment(
                    ConsentEdge.PREFIX, Map.of("CONSENT_MAX_IN_FLIGHT", "x"), ConsentEdge.DEFAULTS))
        .hasMessageContaining("CONSENT_MAX_IN_FLIGHT");
  }

  @Test
  void the_database_is_reached_over_tls_with_host_name_checks_only_when_given_its_ca(
      @TempDir Path dir) throws Exception {
    assertThat(ConsentServiceConfig.fromEnvironment(Map.of()).database().tlsCa()).isNull();
    assertThat(ConsentServiceConfig.fromEnvironment(Map.of()).database().jdbcUrl())
        .doesNotContain("ssl");
    Path ca = Files.writeString(dir.resolve("ca.crt"), "PEM");
    ConsentServiceConfig tls =
        ConsentServiceConfig.fromEnvironment(
            Map.of("CONSENT_PG_HOST", "postgres.org1.example", "CONSENT_PG_TLS_CA", ca.toString()));
    assertThat(tls.database().tlsCa()).isEqualTo(ca);
    assertThat(tls.database().jdbcUrl())
        .startsWith("jdbc:postgresql://postgres.org1.example:5432/consent?")
        .contains("sslmode=verify-full", "sslrootcert=" + ca);
    assertThatThrownBy(
            () ->
                ConsentServiceConfig.fromEnvironment(
                    Map.of("CONSENT_PG_TLS_CA", dir.resolve("missing.crt").toString())))
        .hasMessageContaining("CONSENT_PG_TLS_CA");
  }
}
