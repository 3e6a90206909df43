/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;

/** A presentation's credential checked against its issuer's document at its anchoring. */
class AnchoredCredentialTest {
  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  static final Instant ROTATED = NOW.minusSeconds(3600);

  final WalletKeyPair key1 = WalletKeyPair.generate(KeyType.ED25519);
  final WalletKeyPair key2 = WalletKeyPair.generate(KeyType.P256);
  final WalletKeyPair holderKey = WalletKeyPair.generate(KeyType.ED25519);
  final DidDocument before = DidFabric.newDocument(key1.publicKey()).build();
  final String did = before.id();
  final DidDocument after =
      before.toBuilder()
          .addVerificationMethod(
              "#key-2",
              key2.publicKey(),
              VerificationRelationship.AUTHENTICATION,
              VerificationRelationship.ASSERTION_METHOD)
          .removeVerificationMethod("#key-1")
          .build();
  final String holder = DidKey.create(holderKey.publicKey());

  /** A ledger-backed did:fabric resolver with history: #key-1 until ROTATED, then #key-2. */
  final DidResolver fabric =
      new DidResolver() {
        @Override
        public DidDocument resolve(String d) {
          return after;
        }

        @Override
        public DidDocument resolveAt(String d, Instant time) {
          return time.isBefore(ROTATED) ? before : after;
        }
      };

  final DidResolver resolver =
      DidResolvers.byMethod(
          Map.of("fabric", fabric, "key", DidResolvers.local(), "jwk", DidResolvers.local()));

  /** A credential signed with #key-1, presented by a did:key holder. */
  String presentation() throws Exception {
    VerifiableCredential vc =
        VerifiableCredential.issue(
            Credential.builder()
                .type("ConsentCredential")
                .issuer(did)
                .validFrom(NOW.minusSeconds(86_400))
                .validUntil(NOW.plusSeconds(86_400))
                .credentialSubject("{\"id\":\"" + did + "\"}")
                .build(),
            key1.signer(did + "#key-1"));
    return VerifiablePresentation.builder()
        .holder(holder)
        .credential(vc)
        .audience("did:web:provider.example.kr")
        .nonce("n-1")
        .sign(holderKey.signer(holder + "#" + holderKey.publicKey().toMultibase()))
        .jws();
  }

  Verifier verifier(Verifier.AnchoringTimes anchoring) {
    Verifier.Builder b =
        Verifier.builder().resolver(resolver).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    return anchoring == null ? b.build() : b.anchoringTimes(anchoring).build();
  }

  @Test
  void aCredentialAnchoredBeforeItsKeyWasRotatedOutVerifiesAgainstTheDocumentThen()
      throws Exception {
    VerifiablePresentation vp =
        verifier(vc -> Optional.of(ROTATED.minusSeconds(60)))
            .verifyPresentation(presentation(), "did:web:provider.example.kr", "n-1");

    assertThat(vp.credentials()).hasSize(1);
  }

  @Test
  void aCredentialAnchoredAfterItsKeyWasRotatedOutIsRefused() throws Exception {
    String vp = presentation();

    assertThatThrownBy(
            () ->
                verifier(vc -> Optional.of(ROTATED.plusSeconds(60)))
                    .verifyPresentation(vp, "did:web:provider.example.kr", "n-1"))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY));
  }

  @Test
  void withoutAnAnchoringTimeTheCurrentDocumentIsUsed() throws Exception {
    String vp = presentation();

    assertThatThrownBy(
            () -> verifier(null).verifyPresentation(vp, "did:web:provider.example.kr", "n-1"))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY));
    assertThatThrownBy(
            () ->
                verifier(vc -> Optional.empty())
                    .verifyPresentation(vp, "did:web:provider.example.kr", "n-1"))
        .isInstanceOf(RejectedException.class);
  }

  @Test
  void localDidsHaveOneDocumentAtEveryTimeAndOtherResolversKeepNoHistory() throws Exception {
    assertThat(DidResolvers.local().resolveAt(holder, ROTATED).id()).isEqualTo(holder);
    DidResolver current = d -> after;
    assertThatThrownBy(() -> current.resolveAt(did, ROTATED))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.METHOD_NOT_SUPPORTED));
    assertThatThrownBy(() -> resolver.resolveAt("did:web:example.kr", ROTATED))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.METHOD_NOT_SUPPORTED));
  }
}
