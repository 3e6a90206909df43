/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The read model of recorded transmission receipts, from {@code ReceiptsRecorded} events. */
public interface ReceiptStore {
  /**
   * Stores a receipt unless one with its id is already there.
   *
   * @param receipt the receipt
   * @return done
   */
  Future<Void> record(Receipt receipt);

  /**
   * Stores several receipts, each as {@link #record} does. This default stores them one after the
   * other; PostgreSQL sends them in one round trip.
   *
   * @param receipts the receipts
   * @return done
   */
  default Future<Void> recordAll(List<Receipt> receipts) {
    Future<Void> chain = Future.succeededFuture();
    for (Receipt r : receipts) {
      chain = chain.compose(v -> record(r));
    }
    return chain;
  }

  /**
   * The receipts of a consent, oldest first, one page of them.
   *
   * @param consentId the consent id
   * @param offset how many of the oldest to skip
   * @param limit how many at most
   * @return the receipts
   */
  Future<List<Receipt>> forConsent(String consentId, int offset, int limit);

  /**
   * The receipts of every consent of a subject, newest first: the subject's data-usage history.
   *
   * @param subject the subject's DID
   * @param offset how many of the newest to skip
   * @param limit how many at most
   * @return the receipts
   */
  Future<List<Receipt>> forSubject(String subject, int offset, int limit);

  /**
   * A recorded receipt.
   *
   * @param receiptId the id
   * @param consentId the consent
   * @param provider the provider's DID
   * @param recipient the recipient's DID
   * @param categories the data categories transmitted
   * @param presentationHash SHA-256 hex of the presentation
   * @param recordedAt the transaction timestamp
   * @param transactionId the transaction
   * @param blockNumber its block
   */
  record Receipt(
      String receiptId,
      String consentId,
      String provider,
      String recipient,
      List<String> categories,
      String presentationHash,
      Instant recordedAt,
      String transactionId,
      long blockNumber) {
    /** Checks and copies. */
    public Receipt {
      Objects.requireNonNull(receiptId, "receiptId");
      Objects.requireNonNull(consentId, "consentId");
      categories = List.copyOf(categories);
    }
  }
}
