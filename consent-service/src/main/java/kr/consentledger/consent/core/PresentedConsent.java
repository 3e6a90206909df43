/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.PresentationVerifier.Check;

/**
 * A consent as a provider received it in {@code POST /verifications}, in either form the service
 * reads: a {@code vp+jwt} enveloping the {@code vc+jwt} (CONSENT-PROTOCOL.md §8, {@link
 * VpJwtConsent}) or an SD-JWT VC presentation with key binding (§8a, {@link SdJwtVcConsent}). The
 * checks read the consent's terms through this, whatever the form; each form says how its
 * signatures, its holder and its anchor are checked.
 */
interface PresentedConsent {
  /**
   * Returns the presentation as received (its SHA-256 is the receipt's {@code presentationHash}).
   *
   * @return the presentation as received
   */
  String presentation();

  /**
   * Returns the consent id.
   *
   * @return the consent id
   */
  String consentId();

  /**
   * Returns the subject's DID (the credential's issuer).
   *
   * @return the subject's DID
   */
  String subject();

  /**
   * Returns the provider's DID.
   *
   * @return the provider's DID
   */
  String provider();

  /**
   * Returns the recipient's DID.
   *
   * @return the recipient's DID
   */
  String recipient();

  /**
   * Returns the start of validity.
   *
   * @return the start of validity
   */
  Instant validFrom();

  /**
   * Returns the end of validity.
   *
   * @return the end of validity
   */
  Instant validUntil();

  /**
   * Returns the consented data categories.
   *
   * @return the consented data categories
   */
  List<String> categories();

  /**
   * Returns the consented purposeCategory values.
   *
   * @return the consented purposeCategory values
   */
  List<String> purposeCategories();

  /**
   * Returns the audiences the presentation names.
   *
   * @return the audiences the presentation names
   */
  List<String> audience();

  /**
   * Returns the presentation's nonce, if it has one.
   *
   * @return the presentation's nonce, if it has one
   */
  Optional<String> nonce();

  /**
   * Returns the check that the subject signed the consent with an assertion key it had when the
   * consent was anchored.
   *
   * @param keys DID resolution and signatures
   * @param anchored the ledger's record of {@link #consentId()} (its anchoring time), read once for
   *     the whole verification, or empty
   * @return the result; failed only when a source does not answer
   */
  Future<Check> credentialSignature(DidKeys keys, Optional<RegistryLedger.LedgerConsent> anchored);

  /**
   * Returns the check that the presenter is the consent's recipient or subject.
   *
   * @param keys DID resolution
   * @return the result; failed only when a source does not answer
   */
  Future<Check> holderBinding(DidKeys keys);

  /**
   * Returns why the ledger's record is not the anchor of this consent, or empty when it is.
   *
   * @param anchored the ledger's record of {@link #consentId()}
   * @return the failed ledgerStatus check, or empty
   */
  Optional<Check> anchorMismatch(RegistryLedger.LedgerConsent anchored);

  /** How the presentation's own signature is checked. */
  @FunctionalInterface
  interface SignatureCheck {
    /**
     * Returns the presentationSignature check.
     *
     * @param keys DID resolution and signatures
     * @param now the instant judged against
     * @return the result; failed only when a source does not answer
     */
    Future<Check> run(DidKeys keys, Instant now);
  }

  /**
   * A presentation read: either it could not be read at all ({@code unreadable}, the failed
   * presentationSignature), or its signature can be checked and it carries a consent ({@code
   * consent}) or a credential that cannot be read ({@code noConsent}, the failed
   * credentialSignature).
   *
   * @param unreadable the failed presentationSignature when nothing can be read, else null
   * @param signature the presentationSignature check, null when unreadable
   * @param consent the consent, or null
   * @param noConsent the failed credentialSignature when there is no consent to check, else null
   */
  record Read(
      Check unreadable, SignatureCheck signature, PresentedConsent consent, Check noConsent) {
    static Read unreadable(Check failed) {
      return new Read(failed, null, null, null);
    }

    /** A presentation the parser refused, or one it could not read at all (any other failure). */
    static Read unreadable(Exception e) {
      return unreadable(
          e instanceof kr.consentledger.wallet.RejectedException r
              ? Check.fail(
                  PresentationVerifier.PRESENTATION_SIGNATURE,
                  PresentationVerifier.code(r),
                  r.getMessage())
              : Check.fail(
                  PresentationVerifier.PRESENTATION_SIGNATURE,
                  kr.consentledger.consent.ProblemCode.MALFORMED_JWT,
                  "the presentation cannot be read"));
    }

    static Read noConsent(SignatureCheck signature, Check failed) {
      return new Read(null, signature, null, failed);
    }

    static Read of(SignatureCheck signature, PresentedConsent consent) {
      return new Read(null, signature, consent, null);
    }
  }

  /**
   * Reads a presentation in the form it has: an SD-JWT (it has a {@code ~}, which no compact JWS
   * has) or a {@code vp+jwt}.
   *
   * @param presentation the presentation as received
   * @param maxTerm the longest consent term accepted (of a {@code vc+jwt})
   * @return what could be read
   */
  static Read read(String presentation, Duration maxTerm) {
    return presentation != null && presentation.indexOf('~') >= 0
        ? SdJwtVcConsent.read(presentation)
        : VpJwtConsent.read(presentation, maxTerm);
  }
}
