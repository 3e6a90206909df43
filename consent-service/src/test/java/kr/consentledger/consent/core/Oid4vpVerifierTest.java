/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.testing.ApiFixture;
import org.junit.jupiter.api.Test;

/** What the HTTP tests cannot reach with a fixed clock: a request that lapses. */
class Oid4vpVerifierTest {
  @Test
  void a_request_past_its_time_is_refused_with_expired_and_then_forgotten() throws Exception {
    Instant start = ApiFixture.NOW;
    AtomicReference<Instant> now = new AtomicReference<>(start);
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    kr.consentledger.consent.testing.InMemoryOid4vpRequests requests =
        new kr.consentledger.consent.testing.InMemoryOid4vpRequests();
    try (ApiFixture f = new ApiFixture()) {
      RegistryLedger providers =
          new RegistryLedger() {
            @Override
            public Future<Optional<Participant>> participant(String did) {
              return Future.succeededFuture(
                  Optional.of(new Participant(did, "provider", "active")));
            }

            @Override
            public Future<Optional<LedgerConsent>> consent(String consentId) {
              return Future.succeededFuture(Optional.empty());
            }
          };
      Oid4vpVerifier v =
          new Oid4vpVerifier(
              new VerificationService(
                  new PresentationVerifier(
                      new DidKeys(f.resolver),
                      providers,
                      f.storage.stores().nonces(),
                      clock,
                      Duration.ofDays(365)),
                  providers,
                  f.storage,
                  () -> {}),
              requests,
              new DidKeys(f.resolver),
              providers,
              clock,
              Duration.ofMinutes(10),
              () -> "https://consent.example.kr/");
      kr.consentledger.consent.Oid4vpRequestStore.Request r =
          v.create("did:example:p", "did:example:r", List.of("health.checkup"), "ServiceProvision")
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      now.set(start.plus(Duration.ofMinutes(10)));

      Throwable lapsed = v.respond(r.id(), "{}", r.state(), null).cause();
      Throwable decided = v.decide("did:example:p", r.id(), "a.b.c", null).cause();
      v.create("did:example:p", "did:example:r", List.of("health.checkup"), "ServiceProvision")
          .toCompletionStage()
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      Throwable forgotten = v.get("did:example:p", r.id()).cause();

      assertThat(v.responseUri(r))
          .isEqualTo("https://consent.example.kr/oid4vp/responses/" + r.id());
      assertThat(((ConsentException) lapsed).code()).isEqualTo(ProblemCode.OID4VP_REQUEST_EXPIRED);
      assertThat(((ConsentException) decided).code()).isEqualTo(ProblemCode.OID4VP_REQUEST_EXPIRED);
      assertThat(((ConsentException) forgotten).code())
          .isEqualTo(ProblemCode.OID4VP_REQUEST_NOT_FOUND);
      assertThat(requests.size()).as("the lapsed request was purged by the next one").isEqualTo(1);
    }
  }
}
