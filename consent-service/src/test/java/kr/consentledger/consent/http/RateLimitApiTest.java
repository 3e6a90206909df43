/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.RateLimiter;
import kr.consentledger.http.ServerTls;
import org.junit.jupiter.api.Test;

/** Per-caller limits on the real HTTP API: by DID on DID-auth routes, by address elsewhere. */
class RateLimitApiTest {
  static final String UNKNOWN = "/consents/urn:uuid:00000000-0000-4000-8000-000000000000";

  static EdgeConfig limits(long addressBurst, long didBurst) {
    // one token an hour after the burst: no refill while the test runs, however slow the machine
    return new EdgeConfig(
        new RateLimiter.Limit(1, Duration.ofHours(1), addressBurst),
        new RateLimiter.Limit(1, Duration.ofHours(1), didBurst),
        1000,
        0,
        0,
        ServerTls.PLAIN);
  }

  static void assertRateLimited(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(3000L, 3600L);
    JsonObject problem = new JsonObject(r.body());
    assertThat(problem.getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(problem.getInteger("status")).isEqualTo(429);
    assertThat(problem.getString("type"))
        .isEqualTo("https://consentledger.kr/problems/rate-limited");
  }

  @Test
  void a_did_over_its_limit_gets_429_with_retry_after_while_another_did_is_still_served()
      throws Exception {
    try (ApiFixture f = new ApiFixture(limits(100, 2))) {
      Wallet other = new Wallet();
      f.resolver.register(other.document);
      String mine = f.didAuth(f.wallet);
      String theirs = f.didAuth(other);
      assertThat(f.get("/consents", mine).statusCode()).isEqualTo(200);
      assertThat(f.get("/consents", mine).statusCode()).isEqualTo(200);
      assertRateLimited(f.get("/consents", mine));
      assertThat(f.get("/consents", theirs).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void
      an_address_over_its_limit_is_refused_on_open_routes_while_its_authenticated_did_is_still_served()
          throws Exception {
    try (ApiFixture f = new ApiFixture(limits(3, 100))) {
      String token = f.didAuth(f.wallet);
      assertThat(f.get(UNKNOWN, null).statusCode()).isEqualTo(404);
      assertThat(f.get(UNKNOWN, null).statusCode()).isEqualTo(404);
      assertRateLimited(f.get(UNKNOWN, null));
      assertRateLimited(f.post("/credentials/verify", "{}"));
      assertThat(f.get("/consents", token).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void an_address_that_keeps_failing_authentication_is_refused_before_authentication_runs()
      throws Exception {
    try (ApiFixture f = new ApiFixture(limits(2, 100))) {
      assertThat(f.get("/consents", "DIDAuth not-a-token").statusCode()).isEqualTo(401);
      assertThat(f.get("/consents", "DIDAuth not-a-token").statusCode()).isEqualTo(401);
      assertRateLimited(f.get("/consents", "DIDAuth not-a-token"));
      assertThat(f.get(UNKNOWN, null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void the_did_auth_routes_are_those_whose_operation_declares_security() throws Exception {
    Path contract =
        Path.of(ConsentHttpApi.class.getClassLoader().getResource(ConsentHttpApi.CONTRACT).toURI());
    assertThat(ConsentEdge.securedOperations(Buffer.buffer(Files.readAllBytes(contract))))
        .contains(
            "listConsents",
            "eraseCredential",
            "verifyPresentationForTransmission",
            "listReceipts",
            "listMyReceipts")
        .doesNotContain(
            "submitConsent",
            "getConsent",
            "getConsentStatus",
            "revokeConsent",
            "issueChallenge",
            "verifyCredential",
            "verifyPresentation",
            "getOpenApiDocument");
  }
}
