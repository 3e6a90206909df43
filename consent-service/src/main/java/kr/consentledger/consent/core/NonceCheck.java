/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import kr.consentledger.consent.NonceStore;
import kr.consentledger.consent.Outbox;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.core.PresentationVerifier.Check;
import kr.consentledger.wallet.consent.ReceiptStatements;

/**
 * The nonce is new for this provider. It runs last, in one database statement: when every other
 * check passed, the statement that records the nonce also queues the receipt in the outbox.
 */
final class NonceCheck {
  private static final String NAME = PresentationVerifier.NONCE;

  /**
   * @param check the result
   * @param receiptQueued true when the receipt went into the outbox with the nonce
   */
  record Outcome(Check check, boolean receiptQueued) {
    static Future<Outcome> of(Check check) {
      return Future.succeededFuture(new Outcome(check, false));
    }
  }

  private final NonceStore nonces;
  private final Outbox outbox;

  /**
   * @param nonces nonces seen per provider
   * @param outbox where receipts go, or null to leave them to the caller
   */
  NonceCheck(NonceStore nonces, Outbox outbox) {
    this.nonces = nonces;
    this.outbox = outbox;
  }

  /**
   * Returns the outcome; failed only when the database does not answer.
   *
   * @param p what is presented
   * @param signed whether the presentation's signature verified
   * @param receipt the receipt to queue with the nonce (every other check passed), or null
   * @return the outcome; failed only when the database does not answer
   */
  Future<Outcome> run(Presented p, boolean signed, ReceiptStatements.Receipt receipt) {
    if (!signed) {
      return Outcome.of(
          Check.fail(
              NAME, CheckCode.NONCE_UNVERIFIED, "not recorded: the presentation is not verified"));
    }
    String nonce = p.consent().nonce().orElse("");
    if (nonce.isBlank()) {
      return Outcome.of(Check.fail(NAME, CheckCode.NONCE_MISSING, "the presentation has no nonce"));
    }
    String provider = p.request().provider();
    boolean queue = receipt != null && outbox != null;
    Future<Boolean> fresh =
        queue
            ? nonces.rememberAndQueue(
                provider,
                nonce,
                outbox,
                OutboxItem.Kind.RECEIPT,
                p.consent().consentId(),
                receipt.jws(),
                receipt.statementHash())
            : nonces.remember(provider, nonce);
    return fresh.map(
        f ->
            new Outcome(
                f
                    ? Check.pass(NAME)
                    : Check.fail(NAME, CheckCode.NONCE_REPLAYED, "this nonce was presented before"),
                queue && f));
  }
}
