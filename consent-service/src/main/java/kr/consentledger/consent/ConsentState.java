/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * A row of the read model: what the service knows about one consent. No personal data, only hashes,
 * DIDs, times, statuses and transaction ids.
 *
 * @param terms the consent's ids, DIDs and validity window
 * @param credentialHash lowercase hex SHA-256 of the credential JWS
 * @param status the stored status; never {@link ConsentStatus#CONSENT_EXPIRED}
 * @param code the chaincode's code when {@code status} is rejected, else null
 * @param transactionId the transaction that made the latest ledger change, or null
 * @param blockNumber that transaction's block, or null
 * @param revocation the state of a pending revocation: null (none), {@code pending}, {@code
 *     rejected}
 * @param revocationCode the chaincode's code when the revocation was rejected, else null
 * @param updatedAt when the row last changed
 */
public record ConsentState(
    ConsentTerms terms,
    String credentialHash,
    ConsentStatus status,
    String code,
    String transactionId,
    Long blockNumber,
    String revocation,
    String revocationCode,
    Instant updatedAt) {

  /** Checks the required components. */
  public ConsentState {
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(credentialHash, "credentialHash");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (status == ConsentStatus.CONSENT_EXPIRED) {
      throw new IllegalArgumentException("status: ConsentExpired is computed, never stored");
    }
  }

  /**
   * A new pending consent.
   *
   * @param terms the verified terms
   * @param credentialHash the credential's hash
   * @param now the time of acceptance
   * @return the state
   */
  public static ConsentState pending(ConsentTerms terms, String credentialHash, Instant now) {
    return new ConsentState(
        terms, credentialHash, ConsentStatus.PENDING, null, null, null, null, null, now);
  }

  /**
   * The status as reported at a given time: {@code ConsentExpired} when the stored status is {@code
   * ConsentGiven} and {@code validUntil} ≤ {@code now}.
   *
   * @param now the time of the question
   * @return the effective status
   */
  public ConsentStatus statusAt(Instant now) {
    if (status == ConsentStatus.CONSENT_GIVEN && !terms.validUntil().isAfter(now)) {
      return ConsentStatus.CONSENT_EXPIRED;
    }
    return status;
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
