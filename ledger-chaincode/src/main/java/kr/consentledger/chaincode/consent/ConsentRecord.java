/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.consent;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the ledger holds per consent: hashes, DIDs, times, statuses and transaction ids, never a
 * personal field (CONSENT-PROTOCOL.md §5). Times are transaction timestamps to the second.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentRecord(
    String consentId,
    String credentialHash,
    String subject,
    String provider,
    String recipient,
    String validFrom,
    String validUntil,
    String status,
    String anchoredAt,
    String anchorTxId,
    String anchorStatementHash,
    String revokedAt,
    String revokeTxId,
    String revocationStatementHash,
    String revocationReason) {

  /** Given: the only status that allows transmission. */
  public static final String GIVEN = "ConsentGiven";

  /** Withdrawn by the data subject. */
  public static final String WITHDRAWN = "ConsentWithdrawn";

  /** Past its validUntil; computed when read, never stored. */
  public static final String EXPIRED = "ConsentExpired";

  ConsentRecord withdrawn(String at, String txId, String statementHash, String reason) {
    return new ConsentRecord(
        consentId,
        credentialHash,
        subject,
        provider,
        recipient,
        validFrom,
        validUntil,
        WITHDRAWN,
        anchoredAt,
        anchorTxId,
        anchorStatementHash,
        at,
        txId,
        statementHash,
        reason);
  }

  ConsentRecord withStatus(String newStatus) {
    return new ConsentRecord(
        consentId,
        credentialHash,
        subject,
        provider,
        recipient,
        validFrom,
        validUntil,
        newStatus,
        anchoredAt,
        anchorTxId,
        anchorStatementHash,
        revokedAt,
        revokeTxId,
        revocationStatementHash,
        revocationReason);
  }
}
