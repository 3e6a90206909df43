/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
        ServiceProcess.start(
            "consent-service",
            "kr.consentledger.consent.boot.ConsentServiceMain",
            Map.of(
                "CONSENT_HOST",
                "127.0.0.1",
                "CONSENT_RATE_PER_SECOND",
                "1",
                "CONSENT_RATE_BURST",
                "5",
                "CONSENT_MAX_EVENT_LOOP_DELAY_MS",
                "0",
                "CONSENT_PG_HOST",
                db.host(),
                "CONSENT_PG_PORT",
                Integer.toString(db.port()),
                "CONSENT_PG_DATABASE",
                database,
                "CONSENT_PG_USER",
                db.user(),
                "CONSENT_PG_PASSWORD",
                db.password()),
            "CONSENT_PORT",
            null)) {
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        burst.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port + PATH))
                    .build(),
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

      assertThat(statusFrom("127.0.0.2", service.port, PATH)).isEqualTo(404);
    }
  }

  /** One GET from a chosen loopback address (the JDK client cannot choose its own). */
  static int statusFrom(String localAddress, int port, String path) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(localAddress, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      s.getInputStream().transferTo(all);
      return Integer.parseInt(all.toString(StandardCharsets.US_ASCII).substring(9, 12));
    }
  }
}
