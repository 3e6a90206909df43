/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.util.Optional;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.PresentationVerifier.Check;

/** The ledger's status of the consent is ConsentGiven, for the same credential. */
final class LedgerStatusCheck {
  private static final String NAME = PresentationVerifier.LEDGER_STATUS;

  private LedgerStatusCheck() {}

  /**
   * Returns the result; failed only when the ledger does not answer.
   *
   * @param p what is presented
   * @return the result; failed only when the ledger does not answer
   */
  static Future<Check> run(Presented p) {
    PresentedConsent c = p.consent();
    return p.ledger()
        .consent(c.consentId())
        .map(
            found -> {
              if (found.isEmpty()) {
                return Check.fail(
                    NAME, ProblemCode.CONSENT_NOT_FOUND, "the consent is not on the ledger");
              }
              RegistryLedger.LedgerConsent l = found.get();
              Optional<Check> mismatch = c.anchorMismatch(l);
              if (mismatch.isPresent()) {
                return mismatch.get();
              }
              return switch (String.valueOf(l.status())) {
                case "ConsentGiven" -> Check.pass(NAME);
                case "ConsentExpired" ->
                    Check.fail(NAME, ProblemCode.EXPIRED, "the ledger says ConsentExpired");
                default ->
                    Check.fail(NAME, CheckCode.CONSENT_WITHDRAWN, "the ledger says " + l.status());
              };
            })
        .recover(CheckFailures::unavailable);
  }
}
