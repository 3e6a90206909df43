/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

/**
 * The status of a consent as the service reports it. The DPV names are the ledger's; {@code
 * pending} and {@code rejected} are the service's own states before the ledger has decided.
 */
public enum ConsentStatus {
  /** Accepted by the service, not yet on the ledger. */
  PENDING("pending"),
  /** Anchored on the ledger and in force. */
  CONSENT_GIVEN("ConsentGiven"),
  /** Withdrawn by the data subject. */
  CONSENT_WITHDRAWN("ConsentWithdrawn"),
  /** Given, but its validity has ended; computed when reading, never stored. */
  CONSENT_EXPIRED("ConsentExpired"),
  /** Refused by the chaincode; the state's {@code code} says why. */
  REJECTED("rejected");

  private final String jsonName;

  ConsentStatus(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * The name used in JSON and in the database.
   *
   * @return for example {@code ConsentGiven}
   */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The constant for a JSON name.
   *
   * @param name for example {@code ConsentWithdrawn}
   * @return the status
   * @throws IllegalArgumentException for an unknown name
   */
  public static ConsentStatus fromJson(String name) {
    for (ConsentStatus s : values()) {
      if (s.jsonName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown consent status: " + name);
  }
}
