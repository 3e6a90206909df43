/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: read-only queries a provider verification needs from the ledger, evaluated at request time:
 * the {@code participants} contract's {@code Get} and the {@code consents} contract's {@code
 * Status}. Implementations never block the calling thread; a ledger that does not answer fails the
 * future with {@link LedgerException}.
 */
public interface RegistryLedger {
  /**
   * A participant's current record.
   *
   * @param did the participant's DID
   * @return the record, or empty when the DID is not registered
   */
  Future<Optional<Participant>> participant(String did);

  /**
   * A consent's record, with {@code ConsentExpired} judged by the ledger now.
   *
   * @param consentId the consent id
   * @return the record, or empty when the consent is not on the ledger
   */
  Future<Optional<LedgerConsent>> consent(String consentId);

  /**
   * A registered participant.
   *
   * @param did the DID
   * @param role provider, recipient or auditor
   * @param status active or suspended
   */
  record Participant(String did, String role, String status) {
    /** Checks the required components. */
    public Participant {
      Objects.requireNonNull(did, "did");
    }

    /**
     * Returns true when the participant has that role and is active.
     *
     * @param wanted the role required
     * @return true when the participant has that role and is active
     */
    public boolean isActive(String wanted) {
      return wanted.equals(role) && "active".equals(status);
    }
  }

  /**
   * A consent record on the ledger.
   *
   * @param consentId the id
   * @param credentialHash the anchored credential hash
   * @param provider the provider's DID
   * @param recipient the recipient's DID
   * @param status ConsentGiven, ConsentWithdrawn or ConsentExpired
   * @param anchoredAt the anchoring transaction's time (to the second), or null when not known
   * @param subject the subject's DID, or null when not known
   * @param validFrom the anchored start of validity, or null when not known
   * @param validUntil the anchored end of validity, or null when not known
   */
  record LedgerConsent(
      String consentId,
      String credentialHash,
      String provider,
      String recipient,
      String status,
      Instant anchoredAt,
      String subject,
      Instant validFrom,
      Instant validUntil) {
    /**
     * A record whose subject and validity window are not known.
     *
     * @param consentId the id
     * @param credentialHash the anchored credential hash
     * @param provider the provider's DID
     * @param recipient the recipient's DID
     * @param status ConsentGiven, ConsentWithdrawn or ConsentExpired
     * @param anchoredAt the anchoring transaction's time (to the second), or null when not known
     */
    public LedgerConsent(
        String consentId,
        String credentialHash,
        String provider,
        String recipient,
        String status,
        Instant anchoredAt) {
      this(consentId, credentialHash, provider, recipient, status, anchoredAt, null, null, null);
    }

    /**
     * A record whose anchoring time is not known.
     *
     * @param consentId the id
     * @param credentialHash the anchored credential hash
     * @param provider the provider's DID
     * @param recipient the recipient's DID
     * @param status ConsentGiven, ConsentWithdrawn or ConsentExpired
     */
    public LedgerConsent(
        String consentId, String credentialHash, String provider, String recipient, String status) {
      this(consentId, credentialHash, provider, recipient, status, null);
    }
  }
}
