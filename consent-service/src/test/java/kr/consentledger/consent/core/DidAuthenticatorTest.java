/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import kr.consentledger.consent.Challenge;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.testing.FakeResolver;
import kr.consentledger.consent.testing.InMemoryConsentStorage;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.Test;

class DidAuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final InMemoryConsentStorage storage = new InMemoryConsentStorage(clock);
  private final FakeResolver resolver = new FakeResolver();
  private final Wallet wallet = new Wallet();
  private final DidAuthenticator auth =
      new DidAuthenticator(
          storage.stores().challenges(), new DidKeys(resolver), clock, new SecureRandom());
  private final long iat = NOW.getEpochSecond();

  DidAuthenticatorTest() {
    resolver.register(wallet.document);
  }

  private String challenge(String did) {
    return auth.issue(did).result().value();
  }

  private static Object outcome(Future<String> f) {
    return f.succeeded() ? f.result() : ((ConsentException) f.cause()).code();
  }

  @Test
  void a_challenge_is_32_random_bytes_base64url_living_five_minutes() {
    Challenge c = auth.issue(wallet.did).result();

    assertThat(c.value()).matches("[A-Za-z0-9_-]{43}");
    assertThat(c.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(auth.issue(wallet.did).result().value()).isNotEqualTo(c.value());
  }

  @Test
  void
      a_token_over_a_fresh_challenge_signed_with_an_authentication_key_names_the_caller_and_can_be_reused() {
    String header = "DIDAuth " + wallet.didAuth(challenge(wallet.did), iat, iat + 300);

    assertThat(outcome(auth.authenticate(header))).isEqualTo(wallet.did);
    assertThat(outcome(auth.authenticate(header))).isEqualTo(wallet.did);
  }

  @Test
  void tokens_that_break_a_rule_of_section_7_are_unauthenticated() {
    String c = challenge(wallet.did);
    Wallet other = new Wallet();
    resolver.register(other.document);
    String forOther = challenge(other.did);
    String assertionKeyOnly =
        Wallet.sign(
            "didauth+jwt",
            null,
            new io.vertx.core.json.JsonObject()
                .put("iss", wallet.did)
                .put("aud", "consent-service")
                .put("challenge", c)
                .put("iat", iat)
                .put("exp", iat + 60),
            new Wallet().key.signer(wallet.did + "#key-1"));
    String wrongAud =
        Wallet.sign(
            "didauth+jwt",
            null,
            new io.vertx.core.json.JsonObject()
                .put("iss", wallet.did)
                .put("aud", "elsewhere")
                .put("challenge", c)
                .put("iat", iat)
                .put("exp", iat + 60),
            wallet.authSigner());

    assertThat(outcome(auth.authenticate(null))).isEqualTo(ProblemCode.UNAUTHENTICATED);
    assertThat(outcome(auth.authenticate("Bearer x"))).isEqualTo(ProblemCode.UNAUTHENTICATED);
    assertThat(outcome(auth.authenticate("DIDAuth " + wallet.didAuth(c, iat - 600, iat - 300))))
        .as("expired")
        .isEqualTo(ProblemCode.UNAUTHENTICATED);
    assertThat(outcome(auth.authenticate("DIDAuth " + wallet.didAuth(c, iat, iat + 301))))
        .as("lives too long")
        .isEqualTo(ProblemCode.UNAUTHENTICATED);
    assertThat(outcome(auth.authenticate("DIDAuth " + wallet.didAuth(forOther, iat, iat + 60))))
        .as("challenge of another DID")
        .isEqualTo(ProblemCode.UNAUTHENTICATED);
    assertThat(outcome(auth.authenticate("DIDAuth " + wallet.didAuth("unknown", iat, iat + 60))))
        .as("unknown challenge")
        .isEqualTo(ProblemCode.UNAUTHENTICATED);
    assertThat(outcome(auth.authenticate("DIDAuth " + assertionKeyOnly)))
        .as("bad signature")
        .isEqualTo(ProblemCode.UNAUTHENTICATED);
    assertThat(outcome(auth.authenticate("DIDAuth " + wrongAud)))
        .as("aud")
        .isEqualTo(ProblemCode.UNAUTHENTICATED);
  }

  @Test
  void an_expired_challenge_is_refused_even_with_an_unexpired_token() {
    String c = "expired-challenge";
    storage.stores().challenges().save(new Challenge(c, wallet.did, NOW.minusSeconds(1)));

    assertThat(outcome(auth.authenticate("DIDAuth " + wallet.didAuth(c, iat, iat + 60))))
        .isEqualTo(ProblemCode.UNAUTHENTICATED);
  }

  /** A DID validity whose DIDs change when told. */
  static final class Changes implements DidAuthenticator.DidValidity {
    long stamp = 1;
    final java.util.Map<String, Long> changedAt = new java.util.HashMap<>();

    @Override
    public long stamp() {
      return stamp;
    }

    @Override
    public boolean unchanged(String did, long since) {
      return changedAt.getOrDefault(did, 0L) <= since;
    }

    void change(String did) {
      changedAt.put(did, ++stamp);
    }
  }

  @Test
  void a_verified_token_is_remembered_so_using_it_again_resolves_nothing() {
    Changes changes = new Changes();
    DidAuthenticator remembering = auth.withTokenCache(100, changes);
    String header = "DIDAuth " + wallet.didAuth(challenge(wallet.did), iat, iat + 300);

    assertThat(outcome(remembering.authenticate(header))).isEqualTo(wallet.did);
    int resolutions = resolver.calls;
    assertThat(outcome(remembering.authenticate(header))).isEqualTo(wallet.did);
    assertThat(outcome(remembering.withCallerGate(Future::succeededFuture).authenticate(header)))
        .isEqualTo(wallet.did);

    assertThat(resolver.calls).isEqualTo(resolutions);
  }

  @Test
  void
      a_remembered_token_is_checked_again_once_its_did_changed_and_refused_when_the_did_is_deactivated() {
    Changes changes = new Changes();
    DidAuthenticator remembering = auth.withTokenCache(100, changes);
    String header = "DIDAuth " + wallet.didAuth(challenge(wallet.did), iat, iat + 300);
    assertThat(outcome(remembering.authenticate(header))).isEqualTo(wallet.did);

    resolver.deactivate(wallet.did);
    changes.change(wallet.did);

    assertThat(outcome(remembering.authenticate(header))).isEqualTo(ProblemCode.UNAUTHENTICATED);
  }

  @Test
  void a_remembered_token_is_refused_once_it_expires() {
    Changes changes = new Changes();
    java.util.concurrent.atomic.AtomicReference<Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(NOW);
    Clock moving =
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
    DidAuthenticator remembering =
        new DidAuthenticator(
                storage.stores().challenges(), new DidKeys(resolver), moving, new SecureRandom())
            .withTokenCache(100, changes);
    String header =
        "DIDAuth " + wallet.didAuth(remembering.issue(wallet.did).result().value(), iat, iat + 60);
    assertThat(outcome(remembering.authenticate(header))).isEqualTo(wallet.did);

    now.set(NOW.plusSeconds(61));

    assertThat(outcome(remembering.authenticate(header))).isEqualTo(ProblemCode.UNAUTHENTICATED);
  }

  @Test
  void nothing_is_remembered_while_the_validity_says_it_may_not_be() {
    Changes changes = new Changes();
    changes.stamp = -1;
    DidAuthenticator remembering = auth.withTokenCache(100, changes);
    String header = "DIDAuth " + wallet.didAuth(challenge(wallet.did), iat, iat + 300);
    assertThat(outcome(remembering.authenticate(header))).isEqualTo(wallet.did);
    int resolutions = resolver.calls;

    assertThat(outcome(remembering.authenticate(header))).isEqualTo(wallet.did);

    assertThat(resolver.calls).isEqualTo(resolutions + 1);
  }
}
