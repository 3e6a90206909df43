/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.testing.FakeResolver;
import kr.consentledger.consent.testing.InMemoryConsentStorage;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every check of a provider verification, one row each, with fakes for the ledger and resolver. */
class PresentationVerifierTest {
  private static final java.util.Set<String> CHECK_CODES =
      kr.consentledger.consent.testing.DocumentedCodes.load().operations().stream()
          .filter(o -> o.id().equals("verifyPresentationForTransmission"))
          .findFirst()
          .orElseThrow()
          .checkCodes();

  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  /** The shared fake registry. */
  static class FakeRegistry extends kr.consentledger.consent.testing.FakeRegistry {}

  /** One scenario: the defaults give allow; each row changes one thing. */
  static final class Scenario {
    final Wallet subject = new Wallet();
    final Wallet provider = new Wallet();
    final Wallet recipient = new Wallet();
    final Wallet stranger = new Wallet();
    final FakeResolver resolver = new FakeResolver();
    final FakeRegistry registry = new FakeRegistry();
    final InMemoryConsentStorage storage;
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ConsentCredential consent;
    Wallet presenter = recipient;
    String audience;
    String nonce = UUID.randomUUID().toString();
    List<String> categories = List.of("health.checkup");
    String purpose = "ServiceProvision";
    boolean tamper;
    boolean replay;
    String consentProvider;
    String receiptRecipient;

    /** Signs the receipt's payload another way than the SDK would, when set. */
    java.util.function.BiFunction<Scenario, io.vertx.core.json.JsonObject, String> forgeReceipt;

    String ledgerStatus = "ConsentGiven";

    /** When the consent was anchored on the ledger (null: not known). */
    Instant anchoredAt;

    /** When the subject rotated #key-1 (which signs the consent) out for #key-2 (null: never). */
    Instant rotatedAt;

    Scenario() {
      storage = new InMemoryConsentStorage(clock);
      for (Wallet w : List.of(subject, provider, recipient, stranger)) {
        resolver.register(w.document);
      }
      audience = provider.did;
      consentProvider = provider.did;
      registry.participants.put(
          provider.did, new RegistryLedger.Participant(provider.did, "provider", "active"));
      registry.participants.put(
          recipient.did, new RegistryLedger.Participant(recipient.did, "recipient", "active"));
    }

    PresentationVerifier.Result run() throws Exception {
      consent = subject.consentCredential(consentProvider, recipient.did, NOW);
      registry.consents.put(
          consent.consentId(),
          new RegistryLedger.LedgerConsent(
              consent.consentId(),
              consent.credentialHash(),
              consentProvider,
              recipient.did,
              ledgerStatus,
              anchoredAt));
      if (rotatedAt != null) {
        DidDocument rotated =
            subject.document.toBuilder()
                .addVerificationMethod(
                    "#key-2",
                    WalletKeyPair.generate(KeyType.ED25519).publicKey(),
                    VerificationRelationship.ASSERTION_METHOD)
                .removeVerificationMethod("#key-1")
                .build();
        resolver.register(rotated);
        resolver.registerVersion(subject.document, NOW.minus(Duration.ofDays(30)));
        resolver.registerVersion(rotated, rotatedAt);
      }
      VerifiableCredential vc = consent.verifiableCredential();
      if (tamper) {
        String[] parts = vc.jws().split("\\.");
        String payload =
            new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("health.prescription", "health.genome");
        parts[1] =
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        vc = VerifiableCredential.parse(String.join(".", parts));
      }
      String vp =
          VerifiablePresentation.builder()
              .holder(presenter.did)
              .credential(vc)
              .audience(audience)
              .nonce(nonce)
              .sign(presenter.authSigner())
              .jws();
      io.vertx.core.json.JsonObject receiptPayload =
          new io.vertx.core.json.JsonObject()
              .put("receiptId", "urn:uuid:" + UUID.randomUUID())
              .put("consentId", consent.consentId())
              .put("provider", provider.did)
              .put("recipient", recipient.did)
              .put("categories", new io.vertx.core.json.JsonArray(categories))
              .put("presentationHash", ReceiptStatements.presentationHash(vp));
      String receipt =
          forgeReceipt != null
              ? forgeReceipt.apply(this, receiptPayload)
              : ReceiptStatements.receipt(
                  null,
                  consent.consentId(),
                  provider.did,
                  receiptRecipient == null ? recipient.did : receiptRecipient,
                  categories,
                  ReceiptStatements.presentationHash(vp),
                  provider.assertionSigner());
      PresentationVerifier verifier =
          new PresentationVerifier(
              new DidKeys(resolver),
              registry,
              storage.stores().nonces(),
              clock,
              Duration.ofDays(365));
      PresentationVerifier.Request request =
          new PresentationVerifier.Request(
              provider.did, vp, recipient.did, categories, purpose, receipt);
      if (replay) {
        await(verifier.verify(request));
      }
      return await(verifier.verify(request));
    }

    static <T> T await(Future<T> f) throws Exception {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row("allow", null, s -> {}),
        row(
            "signed with a key the subject rotated out after the consent was anchored",
            null,
            s -> {
              s.anchoredAt = NOW.minus(Duration.ofHours(2));
              s.rotatedAt = NOW.minus(Duration.ofHours(1));
            }),
        row(
            "signed with a key the subject had rotated out when the consent was anchored",
            "NOT_AUTHORISED",
            s -> {
              s.anchoredAt = NOW.minus(Duration.ofHours(1));
              s.rotatedAt = NOW.minus(Duration.ofHours(2));
            }),
        row(
            "signed with a key rotated out in the second the consent was anchored",
            "NOT_AUTHORISED",
            s -> {
              s.anchoredAt = NOW.minus(Duration.ofHours(1));
              s.rotatedAt = s.anchoredAt;
            }),
        row(
            "category outside the consent",
            "CATEGORY_NOT_COVERED",
            s -> s.categories = List.of("health.genome")),
        row("purpose not consented", "PURPOSE_NOT_COVERED", s -> s.purpose = "Marketing"),
        row("replayed nonce", "NONCE_REPLAYED", s -> s.replay = true),
        row("wrong audience", "WRONG_AUDIENCE", s -> s.audience = "did:web:other.example.kr"),
        row("presented by a stranger", "HOLDER_NOT_AUTHORISED", s -> s.presenter = s.stranger),
        row("presented by the subject", null, s -> s.presenter = s.subject),
        row("tampered credential", "BAD_SIGNATURE", s -> s.tamper = true),
        row(
            "expired",
            "EXPIRED",
            s -> s.clock = Clock.fixed(NOW.plus(Duration.ofDays(31)), ZoneOffset.UTC)),
        row(
            "not yet valid",
            "NOT_YET_VALID",
            s -> s.clock = Clock.fixed(NOW.minus(Duration.ofDays(2)), ZoneOffset.UTC)),
        row(
            "withdrawn on the ledger",
            "CONSENT_WITHDRAWN",
            s -> s.ledgerStatus = "ConsentWithdrawn"),
        row(
            "consent names another provider",
            "WRONG_PROVIDER",
            s -> s.consentProvider = s.stranger.did),
        row(
            "recipient suspended",
            "RECIPIENT_NOT_ACTIVE",
            s ->
                s.registry.participants.put(
                    s.recipient.did,
                    new RegistryLedger.Participant(s.recipient.did, "recipient", "suspended"))),
        row(
            "receipt names another recipient",
            "RECEIPT_MISMATCH",
            s -> s.receiptRecipient = s.stranger.did),
        row(
            "receipt signed with a key that is not the provider's",
            "NOT_AUTHORISED",
            s ->
                s.forgeReceipt =
                    (sc, payload) ->
                        Wallet.sign(
                            ReceiptStatements.TYP, null, payload, sc.stranger.assertionSigner())),
        row(
            "receipt with a member the protocol does not have",
            "INVALID_STATEMENT",
            s ->
                s.forgeReceipt =
                    (sc, payload) ->
                        Wallet.sign(
                            ReceiptStatements.TYP,
                            null,
                            payload.put("note", "x"),
                            sc.provider.assertionSigner())),
        row(
            "receipt of another type",
            "WRONG_TYPE",
            s ->
                s.forgeReceipt =
                    (sc, payload) ->
                        Wallet.sign(
                            "consent-anchor+jwt", null, payload, sc.provider.assertionSigner())));
  }

  static Arguments row(String name, String code, Consumer<Scenario> change) {
    return Arguments.of(name, code, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void check(String name, String code, Consumer<Scenario> change) throws Exception {
    Scenario s = new Scenario();
    change.accept(s);
    PresentationVerifier.Result r = s.run();
    if (code == null) {
      assertTrue(r.allowed(), name + ": " + r.checks());
      assertEquals(s.consent.consentId(), r.consentId());
      assertEquals(
          1,
          s.registry.consentReads.get(),
          "the ledger's record of the consent is read once per verification");
      assertEquals(
          PresentationVerifier.ORDER,
          r.checks().stream().map(PresentationVerifier.Check::check).toList(),
          "every check, in the declared order");
    } else {
      assertFalse(r.allowed(), name);
      assertTrue(r.failedWith(code), name + ": expected " + code + " in " + r.checks());
      assertTrue(
          CHECK_CODES.contains(code), code + " is listed in x-check-codes of POST /verifications");
      // The first failed check has the row's code; a tampered credential also no longer has the
      // anchored hash.
      assertEquals(
          code,
          r.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow().code(),
          name);
      long failures = r.checks().stream().filter(c -> !c.passed()).count();
      assertEquals("BAD_SIGNATURE".equals(code) ? 2 : 1, failures, name + ": " + r.checks());
    }
  }
}
