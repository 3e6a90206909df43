/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * Port: the ledger's {@code consents} contract (CONSENT-PROTOCOL.md §5). One call submits one
 * {@code Anchor} or {@code Revoke} transaction carrying a batch of statements.
 *
 * <p>Implementations never block the calling thread. Failures of a whole transaction fail the
 * future with a {@link LedgerException}; statements the chaincode refuses are not failures but
 * {@link Outcome#REJECTED} results.
 */
public interface ConsentLedger {
  /**
   * Endorses a transaction and hands it to the orderer, without waiting for the commit.
   *
   * @param kind which function
   * @param statements 1 to 500 compact JWS statements
   * @return a future of the submitted transaction; failed with {@link LedgerException}
   */
  Future<Submitted> submit(OutboxItem.Kind kind, List<String> statements);

  /**
   * Waits for a submitted transaction to commit and reads the per-statement results.
   *
   * @param submitted what {@link #submit} returned
   * @return a future of the results; failed with {@link LedgerException} (retryable for an MVCC
   *     conflict or a timeout)
   */
  Future<BatchResult> awaitCommit(Submitted submitted);

  /** A transaction handed to the orderer. */
  interface Submitted {
    /**
     * The transaction id.
     *
     * @return the id
     */
    String transactionId();
  }

  /** What one statement came to. */
  enum Outcome {
    /** Newly anchored. */
    ANCHORED,
    /** Newly revoked. */
    REVOKED,
    /** A receipt newly recorded. */
    RECORDED,
    /** Its effect was already on the ledger; counts as done. */
    UNCHANGED,
    /** Refused; the result's code says why. */
    REJECTED
  }

  /**
   * The result of one statement.
   *
   * @param consentId the consent id from the result entry
   * @param outcome what happened
   * @param code the chaincode's code when rejected, else null
   */
  record ItemResult(String consentId, Outcome outcome, String code) {
    /** Checks the required components. */
    public ItemResult {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * A committed transaction's results.
   *
   * @param transactionId the transaction id
   * @param blockNumber the block it committed in
   * @param results one per statement, in the order submitted
   */
  record BatchResult(String transactionId, long blockNumber, List<ItemResult> results) {
    /** Copies the list. */
    public BatchResult {
      Objects.requireNonNull(transactionId, "transactionId");
      results = List.copyOf(results);
    }
  }
}
