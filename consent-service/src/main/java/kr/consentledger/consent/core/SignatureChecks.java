/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
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
   * @param ledger the consent's ledger record (its anchoring time)
   * @param c the consent
   * @return the result; failed only when the subject's DID or the ledger cannot be read for now
   */
  static Future<Check> credential(DidKeys keys, RegistryLedger ledger, ConsentCredential c) {
    String name = PresentationVerifier.CREDENTIAL_SIGNATURE;
    return ledger
        .consent(c.consentId())
        .map(
            found ->
                found
                    .filter(l -> c.credentialHash().equals(l.credentialHash()))
                    .map(RegistryLedger.LedgerConsent::anchoredAt)
                    .orElse(null))
        .compose(at -> keys.documentAt(c.subject(), at))
        .map(
            doc -> {
              DidKeys.verifyCredential(doc, c);
              return Check.pass(name);
            })
        .recover(e -> CheckFailures.failed(name, e));
  }
}
