/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.receipt;

import java.util.List;

/**
 * A recorded transmission: which consent, which provider sent which categories to which recipient,
 * when. No data and no personal field (RECEIPT-PROTOCOL.md §2).
 *
 * @param receiptId the provider's id of the receipt
 * @param consentId the consent that allowed the transmission
 * @param provider the provider's DID
 * @param recipient the recipient's DID
 * @param categories the data categories transmitted
 * @param presentationHash SHA-256 hex of the presentation that was verified
 * @param recordedAt the transaction timestamp, to the second
 * @param txId the transaction that recorded it
 * @param statementHash SHA-256 hex of the provider's signed statement
 */
public record ReceiptRecord(
    String receiptId,
    String consentId,
    String provider,
    String recipient,
    List<String> categories,
    String presentationHash,
    String recordedAt,
    String txId,
    String statementHash) {

  /** Copies the list. */
  public ReceiptRecord {
    categories = List.copyOf(categories);
  }
}
