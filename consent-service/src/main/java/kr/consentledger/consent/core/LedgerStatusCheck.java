/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import java.util.Optional;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.PresentationVerifier.Check;

/** The ledger's status of the consent is ConsentGiven, for the same credential. */
final class LedgerStatusCheck {
  private static final String NAME = PresentationVerifier.LEDGER_STATUS;

  private LedgerStatusCheck() {}

  /**
   * Returns the result, from the ledger's record the verification read.
   *
   * @param p what is presented
   * @return the result
   */
  static Check run(Presented p) {
    if (p.anchored().isEmpty()) {
      return Check.fail(NAME, ProblemCode.CONSENT_NOT_FOUND, "the consent is not on the ledger");
    }
    RegistryLedger.LedgerConsent l = p.anchored().get();
    Optional<Check> mismatch = p.consent().anchorMismatch(l);
    if (mismatch.isPresent()) {
      return mismatch.get();
    }
    return switch (String.valueOf(l.status())) {
      case "ConsentGiven" -> Check.pass(NAME);
      case "ConsentExpired" ->
          Check.fail(NAME, ProblemCode.EXPIRED, "the ledger says ConsentExpired");
      default -> Check.fail(NAME, CheckCode.CONSENT_WITHDRAWN, "the ledger says " + l.status());
    };
  }
}
