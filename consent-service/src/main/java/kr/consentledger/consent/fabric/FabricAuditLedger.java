/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.fabric;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.consent.AuditLedger;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.network.gateway.BlockProof;
import kr.consentledger.network.gateway.BlockReader;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.Block;

/**
 * {@link AuditLedger} through the Fabric Gateway: {@code consents:History}, {@code
 * receipts:ForConsent} and {@code qscc} through {@link BlockReader}, all on the ledger worker pool.
 */
public final class FabricAuditLedger implements AuditLedger {
  private final WorkerExecutor executor;
  private final Contract consents;
  private final Contract receipts;
  private final BlockReader blocks;

  /**
   * @param executor the named worker pool for gateway calls; owned by the caller
   * @param consents the {@code consents} contract
   * @param receipts the {@code receipts} contract
   * @param blocks the channel's block reader
   */
  public FabricAuditLedger(
      WorkerExecutor executor, Contract consents, Contract receipts, BlockReader blocks) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.consents = Objects.requireNonNull(consents, "consents");
    this.receipts = Objects.requireNonNull(receipts, "receipts");
    this.blocks = Objects.requireNonNull(blocks, "blocks");
  }

  @Override
  public Future<Optional<JsonArray>> history(String consentId) {
    return withBlockNumbers(consents, "History", consentId, true);
  }

  @Override
  public Future<JsonArray> receipts(String consentId) {
    return withBlockNumbers(receipts, "ForConsent", consentId, false)
        .map(list -> list.orElseGet(JsonArray::new));
  }

  /**
   * Evaluates a query that answers a JSON array of entries with a {@code txId} each, and puts each
   * entry's block number from {@code qscc} next to it.
   */
  private Future<Optional<JsonArray>> withBlockNumbers(
      Contract contract, String function, String consentId, boolean notFoundIsEmpty) {
    return executor.executeBlocking(
        () -> {
          JsonArray entries;
          try {
            entries =
                new JsonArray(
                    new String(
                        contract.evaluateTransaction(function, consentId), StandardCharsets.UTF_8));
          } catch (GatewayException e) {
            LedgerException le = FabricConsentLedger.failure(e, null);
            if (notFoundIsEmpty
                && le.kind() == LedgerException.Kind.CHAINCODE_REFUSED
                && (le.code().equals("CONSENT_NOT_FOUND")
                    || le.code().equals("INVALID_ARGUMENT"))) {
              return Optional.<JsonArray>empty();
            }
            throw le;
          }
          Map<String, Long> numbers = new HashMap<>();
          for (int i = 0; i < entries.size(); i++) {
            JsonObject entry = entries.getJsonObject(i);
            entry.put("blockNumber", blockNumber(entry.getString("txId"), numbers));
          }
          return Optional.of(entries);
        },
        false);
  }

  @Override
  public Future<Optional<JsonObject>> proof(String txId) {
    return executor.executeBlocking(
        () -> {
          Block block;
          try {
            block = blocks.blockOf(txId);
          } catch (GatewayException e) {
            LedgerException le = FabricConsentLedger.failure(e, null);
            if (isNotFound(le)) {
              return Optional.<JsonObject>empty();
            }
            throw le;
          }
          BlockProof p = BlockProof.of(block, txId);
          long height;
          String next = null;
          try {
            height = blocks.chainInfo().getHeight();
            if (p.blockNumber() + 1 < height) {
              next =
                  HexFormat.of()
                      .formatHex(
                          blocks
                              .block(p.blockNumber() + 1)
                              .getHeader()
                              .getPreviousHash()
                              .toByteArray());
            }
          } catch (GatewayException e) {
            throw FabricConsentLedger.failure(e, null);
          }
          return Optional.of(
              new JsonObject()
                  .put("transactionId", p.transactionId())
                  .put("blockNumber", p.blockNumber())
                  .put("transactionIndex", p.transactionIndex())
                  .put("validationCode", p.validationCode())
                  .put("headerHash", p.headerHash())
                  .put("previousHash", p.previousHash())
                  .put("dataHash", p.dataHash())
                  .put("computedDataHash", p.computedDataHash())
                  .put("dataHashMatches", p.dataHashMatches())
                  .put("nextBlockPreviousHash", next)
                  .put("chainHeight", height)
                  .put("block", Base64.getEncoder().encodeToString(block.toByteArray())));
        },
        false);
  }

  private Long blockNumber(String txId, Map<String, Long> known) throws Exception {
    if (txId == null || txId.isEmpty()) {
      return null;
    }
    Long n = known.get(txId);
    if (n == null) {
      try {
        n = blocks.blockOf(txId).getHeader().getNumber();
      } catch (GatewayException e) {
        throw FabricConsentLedger.failure(e, txId);
      }
      known.put(txId, n);
    }
    return n;
  }

  private static boolean isNotFound(LedgerException e) {
    String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return text.contains("not found") || text.contains("no such") || text.contains("failed to get");
  }
}
