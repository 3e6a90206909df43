/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.PresentationVerifier.Check;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;

/**
 * A consent presented as a {@code vp+jwt} enveloping its {@code vc+jwt} (CONSENT-PROTOCOL.md §8):
 * the holder is the presentation's {@code holder}, which must be the consent's recipient or
 * subject; the anchor binds the {@code vc+jwt}'s hash.
 *
 * @param vp the parsed presentation
 * @param consent the first consent credential it carries
 */
record VpJwtConsent(VerifiablePresentation vp, ConsentCredential consent)
    implements PresentedConsent {

  /**
   * Reads a {@code vp+jwt} and its first consent credential, nothing verified.
   *
   * @param presentation the compact JWS
   * @param maxTerm the longest consent term accepted
   * @return what could be read
   */
  static Read read(String presentation, Duration maxTerm) {
    VerifiablePresentation vp;
    try {
      vp = VerifiablePresentation.parse(presentation);
    } catch (RejectedException | RuntimeException e) {
      return Read.unreadable(e);
    }
    PresentedConsent.SignatureCheck signature =
        (keys, now) -> SignatureChecks.presentation(keys, vp);
    Check unreadable =
        Check.fail(
            PresentationVerifier.CREDENTIAL_SIGNATURE,
            ProblemCode.INVALID_CREDENTIAL,
            "the presentation carries no credential");
    for (VerifiableCredential vc : vp.credentials()) {
      try {
        return Read.of(signature, new VpJwtConsent(vp, ConsentCredential.parse(vc, maxTerm)));
      } catch (RejectedException e) {
        unreadable =
            Check.fail(
                PresentationVerifier.CREDENTIAL_SIGNATURE,
                PresentationVerifier.code(e),
                e.getMessage());
      } catch (RuntimeException e) {
        unreadable =
            Check.fail(
                PresentationVerifier.CREDENTIAL_SIGNATURE,
                ProblemCode.INVALID_CREDENTIAL,
                "the credential cannot be read");
      }
    }
    return Read.noConsent(signature, unreadable);
  }

  @Override
  public String presentation() {
    return vp.jws();
  }

  @Override
  public String consentId() {
    return consent.consentId();
  }

  @Override
  public String subject() {
    return consent.subject();
  }

  @Override
  public String provider() {
    return consent.provider();
  }

  @Override
  public String recipient() {
    return consent.recipient();
  }

  @Override
  public Instant validFrom() {
    return consent.validFrom();
  }

  @Override
  public Instant validUntil() {
    return consent.validUntil();
  }

  @Override
  public List<String> categories() {
    return consent.dataCategories().stream().map(ConsentCredential.DataCategory::category).toList();
  }

  @Override
  public List<String> purposeCategories() {
    return consent.purposes().stream().map(ConsentCredential.Purpose::purposeCategory).toList();
  }

  @Override
  public List<String> audience() {
    return vp.audience();
  }

  @Override
  public Optional<String> nonce() {
    return vp.nonce();
  }

  @Override
  public Future<Check> credentialSignature(
      DidKeys keys, Optional<RegistryLedger.LedgerConsent> anchored) {
    return SignatureChecks.credential(keys, anchored, consent);
  }

  /** The presentation's {@code holder} (whose key signed it) is the recipient or the subject. */
  @Override
  public Future<Check> holderBinding(DidKeys keys) {
    String holder = vp.holder();
    return Future.succeededFuture(
        holder.equals(consent.recipient()) || holder.equals(consent.subject())
            ? Check.pass(PresentationVerifier.HOLDER)
            : Check.fail(
                PresentationVerifier.HOLDER,
                CheckCode.HOLDER_NOT_AUTHORISED,
                "the presentation's holder is neither the consent's recipient nor its subject"));
  }

  @Override
  public Optional<Check> anchorMismatch(RegistryLedger.LedgerConsent anchored) {
    return consent.credentialHash().equals(anchored.credentialHash())
        ? Optional.empty()
        : Optional.of(
            Check.fail(
                PresentationVerifier.LEDGER_STATUS,
                ProblemCode.HASH_MISMATCH,
                "the ledger anchors another credential"));
  }
}
