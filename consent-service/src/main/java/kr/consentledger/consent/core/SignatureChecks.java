/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import kr.consentledger.consent.ProblemCode;
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
   * The consent credential is signed by an assertion key of its subject.
   *
   * @param keys DID resolution and signatures
   * @param c the consent
   * @return the result; failed only when the subject's DID cannot be resolved for now
   */
  static Future<Check> credential(DidKeys keys, ConsentCredential c) {
    String name = PresentationVerifier.CREDENTIAL_SIGNATURE;
    return keys.document(c.subject())
        .map(
            doc -> {
              DidKeys.verifyCredential(doc, c);
              return Check.pass(name);
            })
        .recover(e -> CheckFailures.failed(name, e));
  }
}
