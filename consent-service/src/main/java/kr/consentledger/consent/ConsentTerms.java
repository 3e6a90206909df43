/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified consent credential says that may go on the ledger: the ids, the three DIDs and
 * the validity window (the members of the anchor statement but the hash).
 *
 * @param consentId the credential id, {@code urn:uuid:...}
 * @param subject the data subject's DID (issuer)
 * @param provider the provider's DID
 * @param recipient the recipient's DID
 * @param validFrom start of validity
 * @param validUntil end of validity
 */
public record ConsentTerms(
    String consentId,
    String subject,
    String provider,
    String recipient,
    Instant validFrom,
    Instant validUntil) {

  /** Checks that every component is present. */
  public ConsentTerms {
    Objects.requireNonNull(consentId, "consentId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
  }
}
