/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.PresentationVerifier.Check;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.VerificationRelationship;

/** The two signature checks: the holder's on the presentation, the subject's on the consent. */
final class SignatureChecks {
  private SignatureChecks() {}

  /**
   * The presentation is signed by an authentication key of its holder.
   *
   * @param keys DID resolution and signatures
   * @param vp the presentation
   * @return the result; failed only when the holder's DID cannot be resolved for now
   */
  static Future<Check> presentation(DidKeys keys, VerifiablePresentation vp) {
    String name = PresentationVerifier.PRESENTATION_SIGNATURE;
    String kid = vp.keyId();
    int hash = kid.indexOf('#');
    if (hash < 0 || !kid.substring(0, hash).equals(vp.holder())) {
      return Future.succeededFuture(
          Check.fail(
              name, ProblemCode.NOT_AUTHORISED, "kid " + kid + " is not a key of the holder"));
    }
    return keys.document(vp.holder())
        .map(
            doc -> {
              DidKeys.verify(doc, kid, vp.jws(), VerificationRelationship.AUTHENTICATION);
              return Check.pass(name);
            })
        .recover(e -> CheckFailures.failed(name, e));
  }

  /**
   * The consent credential is signed by an assertion key its subject had when the consent was
   * anchored: the subject's DID document as it was at the anchoring transaction's time, the
   * document the chaincode judged the anchor statement against (so a consent signed before the
   * subject rotated its key stays presentable, and a key already rotated away at anchoring time
   * never counts). A consent not on the ledger with this credential's hash (which the ledger check
   * refuses anyway) is checked against the current document.
   *
   * @param keys DID resolution and signatures
   * @param anchored the consent's ledger record (its anchoring time), or empty
   * @param c the consent
   * @return the result; failed only when the subject's DID cannot be read for now
   */
  /**
   * When the ledger's record anchored the credential with this hash, or null (then the current DID
   * document is the one to check against).
   *
   * @param anchored the ledger's record of the consent, or empty
   * @param credentialHash the presented credential's hash
   * @return the anchoring time, or null
   */
  static Instant anchoredAt(
      Optional<RegistryLedger.LedgerConsent> anchored, String credentialHash) {
    return anchored
        .filter(l -> credentialHash.equals(l.credentialHash()))
        .map(RegistryLedger.LedgerConsent::anchoredAt)
        .orElse(null);
  }

  static Future<Check> credential(
      DidKeys keys, Optional<RegistryLedger.LedgerConsent> anchored, ConsentCredential c) {
    String name = PresentationVerifier.CREDENTIAL_SIGNATURE;
    return keys.documentAt(c.subject(), anchoredAt(anchored, c.credentialHash()))
        .map(
            doc -> {
              DidKeys.verifyCredential(doc, c);
              return Check.pass(name);
            })
        .recover(e -> CheckFailures.failed(name, e));
  }
}
