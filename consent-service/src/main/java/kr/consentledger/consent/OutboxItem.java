/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A statement waiting to be (or already) submitted to the ledger.
 *
 * @param id the item's sequence number; items are submitted in this order
 * @param kind anchor or revoke
 * @param consentId the consent the statement is about
 * @param statement the compact JWS
 * @param statementHash lowercase hex SHA-256 of the JWS
 * @param state where it is in its life
 * @param attempts how many times it was claimed for submission
 * @param transactionId the last transaction it was submitted in, or null
 * @param code the chaincode's code when rejected, or the last failure's code, else null
 * @param createdAt when it was added
 * @param updatedAt when it last changed
 */
public record OutboxItem(
    long id,
    Kind kind,
    String consentId,
    String statement,
    String statementHash,
    State state,
    int attempts,
    String transactionId,
    String code,
    Instant createdAt,
    Instant updatedAt) {

  /** Checks the required components. */
  public OutboxItem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(consentId, "consentId");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(statementHash, "statementHash");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Which transaction of the {@code consents} contract carries the statement. */
  public enum Kind {
    /** {@code Anchor(statements)}. */
    ANCHOR("Anchor"),
    /** {@code Revoke(statements)}. */
    REVOKE("Revoke"),
    /** A transmission receipt, to the {@code receipts} contract. */
    RECEIPT("Record");

    private final String function;

    Kind(String function) {
      this.function = function;
    }

    /**
     * The chaincode function.
     *
     * @return {@code Anchor} or {@code Revoke}
     */
    public String function() {
      return function;
    }

    /**
     * The name stored in the database.
     *
     * @return {@code anchor} or {@code revoke}
     */
    public String dbName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant for a stored name.
     *
     * @param name {@code anchor} or {@code revoke}
     * @return the kind
     */
    public static Kind fromDb(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * The life of an item: {@code pending} → {@code submitted} → {@code done} | {@code rejected}; a
   * submitted item whose transaction failed or timed out goes back to {@code pending}.
   */
  public enum State {
    /** Waiting to be claimed. */
    PENDING,
    /** Claimed and (being) submitted; resubmitted when its lease runs out or at restart. */
    SUBMITTED,
    /** On the ledger: anchored, revoked or unchanged. Final. */
    DONE,
    /** Refused by the chaincode. Final. */
    REJECTED;

    /**
     * The name stored in the database.
     *
     * @return for example {@code pending}
     */
    public String dbName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant for a stored name.
     *
     * @param name for example {@code done}
     * @return the state
     */
    public static State fromDb(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether the state is final.
     *
     * @return true for done and rejected
     */
    public boolean isFinal() {
      return this == DONE || this == REJECTED;
    }
  }
}
