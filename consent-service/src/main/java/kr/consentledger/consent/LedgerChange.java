/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.util.Objects;

/**
 * One record of a {@code ConsentsChanged} event: the state of a consent after a transaction.
 *
 * @param terms the consent's terms
 * @param credentialHash the anchored hash
 * @param status {@code ConsentGiven} or {@code ConsentWithdrawn}
 * @param transactionId the transaction that made the change
 * @param blockNumber its block
 */
public record LedgerChange(
    ConsentTerms terms,
    String credentialHash,
    ConsentStatus status,
    String transactionId,
    long blockNumber) {

  /** Checks that every component is present. */
  public LedgerChange {
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(credentialHash, "credentialHash");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(transactionId, "transactionId");
  }

  /**
   * The consent id.
   *
   * @return {@code terms().consentId()}
   */
  public String consentId() {
    return terms.consentId();
  }
}
