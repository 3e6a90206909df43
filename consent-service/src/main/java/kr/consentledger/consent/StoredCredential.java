/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.util.Objects;

/**
 * A consent credential kept off-chain.
 *
 * @param consentId the consent id ({@code urn:uuid:...})
 * @param jws the compact JWS as received; null once erased
 * @param credentialHash lowercase hex SHA-256 of the JWS
 * @param subject the data subject's DID
 * @param provider the provider's DID
 * @param recipient the recipient's DID
 * @param erased whether the subject had the body deleted
 */
public record StoredCredential(
    String consentId,
    String jws,
    String credentialHash,
    String subject,
    String provider,
    String recipient,
    boolean erased) {

  /**
   * Checks that every component but {@code jws} is present, and that {@code jws} is there unless
   * erased.
   */
  public StoredCredential {
    Objects.requireNonNull(consentId, "consentId");
    Objects.requireNonNull(credentialHash, "credentialHash");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(recipient, "recipient");
    if (!erased) {
      Objects.requireNonNull(jws, "jws");
    }
  }
}
