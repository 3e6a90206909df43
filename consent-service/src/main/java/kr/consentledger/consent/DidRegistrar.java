/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * Relays a did:fabric operation, signed by the DID's own key, to the ledger's {@code dids} contract
 * and waits for its commit. The chaincode authorises every operation by the DID's key, never by who
 * relays it.
 */
public interface DidRegistrar {
  /** The three operations of the did:fabric method and their contract functions. */
  enum Operation {
    /** A new DID, signed by its initial key. */
    CREATE("Create"),
    /** A new document for a DID, signed by a current authentication key. */
    UPDATE("Update"),
    /** The end of a DID, signed by a current authentication key. */
    DEACTIVATE("Deactivate");

    private final String function;

    Operation(String function) {
      this.function = function;
    }

    /**
     * Returns the {@code dids} contract's function.
     *
     * @return the function name
     */
    public String function() {
      return function;
    }
  }

  /**
   * A committed operation.
   *
   * @param transactionId the transaction
   * @param blockNumber its block
   * @param resolutionResult the chaincode's answer: the DID's resolution result after the operation
   *     ({@code didDocument}, {@code didDocumentMetadata}), as JSON
   */
  record Registered(String transactionId, long blockNumber, String resolutionResult) {
    /** Checks the components. */
    public Registered {
      Objects.requireNonNull(transactionId, "transactionId");
      Objects.requireNonNull(resolutionResult, "resolutionResult");
    }
  }

  /**
   * Submits an operation and waits for its commit.
   *
   * @param operation which operation it is
   * @param jws the signed operation ({@code did-operation+jwt})
   * @return the committed result; a {@link LedgerException} of kind {@code CHAINCODE_REFUSED} with
   *     the chaincode's code when the chaincode refuses it, another kind when the ledger did not
   *     answer
   */
  Future<Registered> submit(Operation operation, String jws);
}
