/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of a {@code ConsentsChanged} event: the state of a consent after a transaction.
 *
 * @param consentId the consent id
 * @param credentialHash the anchored hash
 * @param subject the subject's DID
 * @param provider the provider's DID
 * @param recipient the recipient's DID
 * @param validFrom start of validity
 * @param validUntil end of validity
 * @param status {@code ConsentGiven} or {@code ConsentWithdrawn}
 * @param transactionId the transaction that made the change
 * @param blockNumber its block
 */
public record LedgerChange(
    String consentId,
    String credentialHash,
    String subject,
    String provider,
    String recipient,
    Instant validFrom,
    Instant validUntil,
    ConsentStatus status,
    String transactionId,
    long blockNumber) {

  /** Checks that every component is present. */
  public LedgerChange {
    Objects.requireNonNull(consentId, "consentId");
    Objects.requireNonNull(credentialHash, "credentialHash");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(transactionId, "transactionId");
  }
}
