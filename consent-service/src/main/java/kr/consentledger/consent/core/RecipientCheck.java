/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import kr.consentledger.consent.core.PresentationVerifier.Check;

/** The recipient asked for is the consent's, and an active registered recipient. */
final class RecipientCheck {
  private static final String NAME = PresentationVerifier.RECIPIENT;

  private RecipientCheck() {}

  /**
   * Returns the result; failed only when the ledger does not answer.
   *
   * @param p what is presented
   * @return the result; failed only when the ledger does not answer
   */
  static Future<Check> run(Presented p) {
    String recipient = p.consent().recipient();
    if (p.request().recipient() == null || !p.request().recipient().equals(recipient)) {
      return Future.succeededFuture(
          Check.fail(NAME, CheckCode.WRONG_RECIPIENT, "the consent names another recipient"));
    }
    return p.ledger()
        .participant(recipient)
        .map(
            r ->
                r.isPresent() && r.get().isActive("recipient")
                    ? Check.pass(NAME)
                    : Check.fail(
                        NAME,
                        CheckCode.RECIPIENT_NOT_ACTIVE,
                        r.isEmpty()
                            ? "the recipient is not registered"
                            : "the recipient is " + r.get().role() + "/" + r.get().status()))
        .recover(CheckFailures::unavailable);
  }
}
