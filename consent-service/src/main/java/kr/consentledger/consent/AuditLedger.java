/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Port: what an auditor reads from the ledger itself. {@code consents:History} and {@code
 * receipts:ForConsent}, each transaction placed in its block through {@code qscc}, and the proof of
 * a transaction against Fabric's hash chain. Implementations never block the calling thread; a
 * ledger that does not answer fails the future with {@link LedgerException}.
 */
public interface AuditLedger {
  /**
   * Every state of a consent, oldest first, each {@code {txId, timestamp, record, blockNumber}}.
   *
   * @param consentId the consent
   * @return the states, or empty when the consent is not on the ledger
   */
  Future<Optional<JsonArray>> history(String consentId);

  /**
   * Every receipt of a consent, oldest first, each the chaincode's record plus {@code blockNumber}.
   *
   * @param consentId the consent
   * @return the receipts (possibly none)
   */
  Future<JsonArray> receipts(String consentId);

  /**
   * The proof of a transaction: the {@code BlockProof} members, {@code dataHashMatches}, {@code
   * nextBlockPreviousHash} (null for the newest block) and {@code chainHeight}, and {@code block}:
   * the block as {@code qscc} returned it, a base64 serialized {@code common.Block}.
   *
   * @param txId the transaction id
   * @return the proof, or empty when the ledger holds no such transaction
   */
  Future<Optional<JsonObject>> proof(String txId);
}
