/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

/** DID Core verification relationships, with their exact JSON property names. */
public enum VerificationRelationship {
  /** {@code authentication}: proving control of the DID (presentations, did:fabric operations). */
  AUTHENTICATION("authentication"),
  /** {@code assertionMethod}: issuing credentials. */
  ASSERTION_METHOD("assertionMethod"),
  /** {@code keyAgreement}: establishing encryption keys. */
  KEY_AGREEMENT("keyAgreement"),
  /** {@code capabilityInvocation}. */
  CAPABILITY_INVOCATION("capabilityInvocation"),
  /** {@code capabilityDelegation}. */
  CAPABILITY_DELEGATION("capabilityDelegation");

  private final String jsonName;

  VerificationRelationship(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * Returns the JSON property name in a DID document.
   *
   * @return the JSON property name in a DID document
   */
  public String jsonName() {
    return jsonName;
  }
}
