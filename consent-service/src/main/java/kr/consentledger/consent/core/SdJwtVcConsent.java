/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.PresentationVerifier.Check;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.credential.SdJwtConsent;
import kr.consentledger.wallet.did.VerificationMethod;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * A consent presented as an SD-JWT VC with key binding (CONSENT-PROTOCOL.md §8a), read and verified
 * step by step with the wallet SDK ({@link SdJwtConsent#read}): the presentation's signature is the
 * KB-JWT's by {@code cnf.jwk} (with its {@code iat} and {@code sd_hash}); the credential's is the
 * issuer-signed JWT's by an assertion key of the subject at anchoring time; the holder is whoever
 * holds {@code cnf.jwk}, which must be an authentication key of the consent's recipient or subject
 * (as a {@code vp+jwt}'s holder must be one of them and sign with an authentication key); the
 * anchor binds {@code credentialHash} and the anchor statement's members ({@link
 * SdJwtConsent.Verified#requireAnchor}).
 *
 * @param sd the presentation in its parts
 * @param verified its processed claims (Disclosures matched) and {@code cnf.jwk}
 * @param validFrom the start of validity
 * @param validUntil the end of validity
 * @param categories the consented data categories
 * @param purposeCategories the consented purposeCategory values
 */
record SdJwtVcConsent(
    SdJwtConsent.Presentation sd,
    SdJwtConsent.Verified verified,
    Instant validFrom,
    Instant validUntil,
    List<String> categories,
    List<String> purposeCategories)
    implements PresentedConsent {

  /** Copies the lists. */
  SdJwtVcConsent {
    categories = List.copyOf(categories);
    purposeCategories = List.copyOf(purposeCategories);
  }

  /**
   * Reads an SD-JWT+KB: its form, then its Disclosures against the issuer-signed JWT's digests (a
   * tampered, duplicated or unreferenced Disclosure leaves no consent to check).
   *
   * @param presentation the SD-JWT+KB
   * @return what could be read
   */
  static Read read(String presentation) {
    SdJwtConsent.Presentation sd;
    try {
      sd = SdJwtConsent.read(presentation);
    } catch (RejectedException | RuntimeException e) {
      return Read.unreadable(e);
    }
    PresentedConsent.SignatureCheck signature =
        (keys, now) -> Future.succeededFuture(keyBinding(sd, now));
    try {
      SdJwtConsent.Verified v =
          new SdJwtConsent.Verified(presentation, sd.issuerJwt(), sd.claims(), sd.holderKey());
      JsonNode cs = v.claims().path("credentialSubject");
      List<String> categories = new ArrayList<>();
      cs.path("dataCategories").forEach(d -> categories.add(d.path("category").asText("")));
      List<String> purposes = new ArrayList<>();
      cs.path("purposes").forEach(x -> purposes.add(x.path("purposeCategory").asText("")));
      return Read.of(
          signature,
          new SdJwtVcConsent(
              sd,
              v,
              Instant.parse(v.text("validFrom")),
              Instant.parse(v.text("validUntil")),
              categories,
              purposes));
    } catch (RejectedException e) {
      return Read.noConsent(
          signature,
          Check.fail(
              PresentationVerifier.CREDENTIAL_SIGNATURE,
              PresentationVerifier.code(e),
              e.getMessage()));
    } catch (RuntimeException e) {
      return Read.noConsent(
          signature,
          Check.fail(
              PresentationVerifier.CREDENTIAL_SIGNATURE,
              ProblemCode.INVALID_CREDENTIAL,
              "the credential cannot be read"));
    }
  }

  /** The KB-JWT: signed by {@code cnf.jwk}, {@code iat} fresh, {@code sd_hash} right. */
  private static Check keyBinding(SdJwtConsent.Presentation sd, Instant now) {
    String name = PresentationVerifier.PRESENTATION_SIGNATURE;
    try {
      sd.verifyKeyBinding(now, DidAuth.MAX_CLOCK_SKEW);
      return Check.pass(name);
    } catch (RejectedException e) {
      return Check.fail(name, PresentationVerifier.code(e), e.getMessage());
    } catch (RuntimeException e) {
      return Check.fail(name, ProblemCode.MALFORMED_JWT, "the KB-JWT cannot be verified");
    }
  }

  @Override
  public String presentation() {
    return sd.presentation();
  }

  @Override
  public String consentId() {
    return verified.consentId();
  }

  @Override
  public String subject() {
    return verified.subject();
  }

  @Override
  public String provider() {
    return verified.provider();
  }

  @Override
  public String recipient() {
    return verified.recipient();
  }

  @Override
  public List<String> audience() {
    return sd.audience().stream().toList();
  }

  @Override
  public Optional<String> nonce() {
    return sd.nonce();
  }

  /**
   * The issuer-signed JWT is signed by an assertion key of the subject in its DID document as it
   * was when the consent was anchored (the ledger's record with this {@code credentialHash}), as
   * for a {@code vc+jwt} ({@link SignatureChecks#credential}).
   */
  @Override
  public Future<Check> credentialSignature(
      DidKeys keys, Optional<RegistryLedger.LedgerConsent> anchored) {
    String name = PresentationVerifier.CREDENTIAL_SIGNATURE;
    return keys.documentAt(
            subject(), SignatureChecks.anchoredAt(anchored, verified.credentialHash()))
        .map(
            doc -> {
              try {
                sd.verifyIssuerSignature(doc);
              } catch (RejectedException e) {
                throw Rejections.problem(e);
              }
              return Check.pass(name);
            })
        .recover(e -> CheckFailures.failed(name, e));
  }

  /** {@code cnf.jwk} is an authentication key of the recipient's or the subject's DID now. */
  @Override
  public Future<Check> holderBinding(DidKeys keys) {
    String name = PresentationVerifier.HOLDER;
    WalletPublicKey key = verified.holderKey();
    return authenticates(keys, recipient(), key)
        .compose(r -> r ? Future.succeededFuture(true) : authenticates(keys, subject(), key))
        .map(
            held ->
                held
                    ? Check.pass(name)
                    : Check.fail(
                        name,
                        CheckCode.HOLDER_NOT_AUTHORISED,
                        "cnf.jwk is an authentication key of neither the consent's recipient nor"
                            + " its subject"));
  }

  private static Future<Boolean> authenticates(DidKeys keys, String did, WalletPublicKey key) {
    return keys.document(did)
        .map(
            doc ->
                doc.relationship(VerificationRelationship.AUTHENTICATION).stream()
                    .map(doc::verificationMethod)
                    .flatMap(Optional::stream)
                    .map(VerificationMethod::publicKey)
                    .anyMatch(key::equals))
        .recover(
            e ->
                e instanceof ConsentException ce && ce.code().httpStatus() < 500
                    ? Future.succeededFuture(false)
                    : CheckFailures.unavailable(e));
  }

  /**
   * The ledger anchors this SD-JWT VC's {@code credentialHash} ({@code HASH_MISMATCH} otherwise, as
   * for a {@code vc+jwt}), and its subject, provider, recipient and validity window are the
   * anchor's ({@code STATEMENT_MISMATCH}); a record that does not say them fails closed.
   */
  @Override
  public Optional<Check> anchorMismatch(RegistryLedger.LedgerConsent anchored) {
    String name = PresentationVerifier.LEDGER_STATUS;
    try {
      verified.requireAnchor(anchored.credentialHash());
    } catch (RejectedException e) {
      return Optional.of(Check.fail(name, ProblemCode.HASH_MISMATCH, e.getMessage()));
    }
    if (anchored.subject() == null
        || anchored.validFrom() == null
        || anchored.validUntil() == null) {
      return Optional.of(
          Check.fail(
              name,
              ProblemCode.STATEMENT_MISMATCH,
              "the ledger's record does not say the anchor's subject and validity window"));
    }
    try {
      verified.requireAnchor(
          anchored.consentId(),
          anchored.credentialHash(),
          anchored.subject(),
          anchored.provider(),
          anchored.recipient(),
          anchored.validFrom(),
          anchored.validUntil());
      return Optional.empty();
    } catch (RejectedException e) {
      return Optional.of(Check.fail(name, ProblemCode.STATEMENT_MISMATCH, e.getMessage()));
    }
  }
}
