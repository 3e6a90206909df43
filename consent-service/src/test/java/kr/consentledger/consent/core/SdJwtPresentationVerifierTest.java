/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.testing.DocumentedCodes;
import kr.consentledger.consent.testing.FakeRegistry;
import kr.consentledger.consent.testing.FakeResolver;
import kr.consentledger.consent.testing.InMemoryConsentStorage;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.SdJwtConsent;
import kr.consentledger.wallet.keys.Signer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check of a provider verification for a consent presented as an SD-JWT VC with key binding
 * (CONSENT-PROTOCOL.md §8a): the same named checks and codes as a {@code vp+jwt}, one row per way
 * it can fail, with fakes for the ledger and resolver.
 */
class SdJwtPresentationVerifierTest {
  private static final Set<String> CHECK_CODES =
      DocumentedCodes.load().operations().stream()
          .filter(o -> o.id().equals("verifyPresentationForTransmission"))
          .findFirst()
          .orElseThrow()
          .checkCodes();

  static final Instant NOW = PresentationVerifierTest.NOW;

  /** One scenario: the defaults give allow; each row changes one thing. */
  static final class Scenario {
    final Wallet subject = new Wallet();
    final Wallet provider = new Wallet();
    final Wallet recipient = new Wallet();
    final Wallet stranger = new Wallet();
    final FakeResolver resolver = new FakeResolver();
    final FakeRegistry registry = new FakeRegistry();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ConsentCredential consent;
    Wallet holder = recipient;
    Signer keyBindingSigner;
    String audience;
    String nonce = UUID.randomUUID().toString();
    boolean replay;
    boolean receiptOverOther;
    String ledgerStatus = "ConsentGiven";
    String anchoredHash;
    String anchoredSubject;

    /** Changes the presentation as sent. */
    java.util.function.UnaryOperator<String> sent = p -> p;

    Scenario() {
      for (Wallet w : List.of(subject, provider, recipient, stranger)) {
        resolver.register(w.document);
      }
      audience = provider.did;
      registry.participants.put(
          provider.did, new RegistryLedger.Participant(provider.did, "provider", "active"));
      registry.participants.put(
          recipient.did, new RegistryLedger.Participant(recipient.did, "recipient", "active"));
    }

    PresentationVerifier.Result run() throws Exception {
      consent = subject.consentCredential(provider.did, recipient.did, NOW);
      registry.consents.put(
          consent.consentId(),
          new RegistryLedger.LedgerConsent(
              consent.consentId(),
              anchoredHash == null ? consent.credentialHash() : anchoredHash,
              provider.did,
              recipient.did,
              ledgerStatus,
              null,
              anchoredSubject == null ? subject.did : anchoredSubject,
              consent.validFrom(),
              consent.validUntil()));
      SdJwtConsent sd =
          SdJwtConsent.issue(
              consent, holder.authKey.publicKey(), subject.assertionSigner(), NOW.minusSeconds(60));
      String presentation =
          sent.apply(
              sd.present(
                  Set.of("name"),
                  audience,
                  nonce,
                  clock.instant(),
                  keyBindingSigner == null ? holder.authSigner() : keyBindingSigner));
      String receipt =
          ReceiptStatements.receipt(
              null,
              consent.consentId(),
              provider.did,
              recipient.did,
              List.of("health.checkup"),
              ReceiptStatements.presentationHash(receiptOverOther ? "other" : presentation),
              provider.assertionSigner());
      PresentationVerifier verifier =
          new PresentationVerifier(
              new DidKeys(resolver),
              registry,
              new InMemoryConsentStorage(clock).stores().nonces(),
              clock,
              Duration.ofDays(365));
      PresentationVerifier.Request request =
          new PresentationVerifier.Request(
              provider.did,
              presentation,
              recipient.did,
              List.of("health.checkup"),
              "ServiceProvision",
              receipt);
      if (replay) {
        PresentationVerifierTest.Scenario.await(verifier.verify(request));
      }
      return PresentationVerifierTest.Scenario.await(verifier.verify(request));
    }
  }

  /** The name's Disclosure with another name: its digest is in no {@code _sd}. */
  static String tamperName(String presentation) {
    String[] parts = presentation.split("~", -1);
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("Hong Gildong", "Kim Cheolsu")
                    .getBytes(StandardCharsets.UTF_8));
    return presentation.replace(parts[1], forged);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row("allow", null, s -> {}),
        row("presented by the subject", null, s -> s.holder = s.subject),
        row("a tampered disclosure", "INVALID_CREDENTIAL", s -> s.sent = p -> tamperName(p)),
        row(
            "no key binding JWT",
            "INVALID_CREDENTIAL",
            s -> s.sent = p -> p.substring(0, p.lastIndexOf('~') + 1)),
        row("not an SD-JWT at all", "MALFORMED_JWT", s -> s.sent = p -> "x.y.z~a.b.c"),
        row(
            "key binding signed by a key that is not cnf.jwk",
            "BAD_SIGNATURE",
            s -> s.keyBindingSigner = s.stranger.authSigner()),
        row(
            "cnf.jwk is neither the recipient's nor the subject's key",
            "HOLDER_NOT_AUTHORISED",
            s -> s.holder = s.stranger),
        row("wrong audience", "WRONG_AUDIENCE", s -> s.audience = "did:web:other.example.kr"),
        row("no nonce", "NONCE_MISSING", s -> s.nonce = ""),
        row("replayed nonce", "NONCE_REPLAYED", s -> s.replay = true),
        row(
            "expired",
            "EXPIRED",
            s -> s.clock = Clock.fixed(NOW.plus(Duration.ofDays(31)), ZoneOffset.UTC)),
        row(
            "credentialHash is not the anchor's",
            "HASH_MISMATCH",
            s -> s.anchoredHash = "ab".repeat(32)),
        row(
            "the anchor names another subject",
            "STATEMENT_MISMATCH",
            s -> s.anchoredSubject = s.stranger.did),
        row(
            "withdrawn on the ledger",
            "CONSENT_WITHDRAWN",
            s -> s.ledgerStatus = "ConsentWithdrawn"),
        row(
            "the receipt is over another presentation",
            "RECEIPT_MISMATCH",
            s -> s.receiptOverOther = true),
        row(
            "a stranger's presentation is refused before the nonce is recorded",
            "NONCE_UNVERIFIED",
            s -> {
              s.keyBindingSigner = s.stranger.authSigner();
              s.nonce = "n-" + UUID.randomUUID();
            }));
  }

  static Arguments row(String name, String code, Consumer<Scenario> change) {
    return Arguments.of(name, code, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void an_sd_jwt_vc_presentation_runs_every_named_check(
      String name, String code, Consumer<Scenario> change) throws Exception {
    Scenario s = new Scenario();
    change.accept(s);
    PresentationVerifier.Result r = s.run();
    if (code == null) {
      assertThat(r.allowed()).as(name + ": " + r.checks()).isTrue();
      assertThat(r.consentId()).isEqualTo(s.consent.consentId());
      assertThat(r.checks().stream().map(PresentationVerifier.Check::check).toList())
          .as("every check, in the declared order")
          .isEqualTo(PresentationVerifier.ORDER);
      assertThat(r.receipt()).isNotNull();
    } else {
      assertThat(r.allowed()).as(name).isFalse();
      assertThat(r.failedWith(code)).as(name + ": expected " + code + " in " + r.checks()).isTrue();
      assertThat(CHECK_CODES).as("x-check-codes of POST /verifications").contains(code);
      r.checks().stream()
          .filter(c -> !c.passed())
          .forEach(c -> assertThat(CHECK_CODES).as(c.toString()).contains(c.code()));
    }
  }
}
