/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.http.testing.RawHttp;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-address limit on the real service: consent-service started through its main class on a
 * real PostgreSQL, with a burst of 5 a second per address.
 */
@ExtendWith({BlockedThreadWarnings.class, PostgresExtension.class})
class RateLimitIT {
  static final String PATH = "/consents/urn:uuid:00000000-0000-4000-8000-000000000000";

  @Test
  void an_address_over_its_limit_gets_429_with_retry_after_while_another_address_is_still_served(
      TestDatabase db) throws Exception {
    String database = db.createDatabase("ratelimit");
    try (ServiceProcess service =
        ServiceProcess.consentService(
                db,
                database,
                Map.of(
                    "CONSENT_RATE_PER_SECOND",
                    "1",
                    "CONSENT_RATE_BURST",
                    "5",
                    "CONSENT_MAX_EVENT_LOOP_DELAY_MS",
                    "0"))
            .start()) {
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        burst.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create(service.base() + PATH)).build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      List<HttpResponse<String>> limited = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> f : burst) {
        HttpResponse<String> r = f.get();
        assertThat(r.statusCode()).isIn(404, 429);
        if (r.statusCode() == 429) {
          limited.add(r);
        }
      }
      assertThat(limited).isNotEmpty();
      for (HttpResponse<String> r : limited) {
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
            .isPositive();
        assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("RATE_LIMITED");
      }

      assertThat(RawHttp.get("127.0.0.2", service.port(), PATH).status()).isEqualTo(404);
    }
  }
}
