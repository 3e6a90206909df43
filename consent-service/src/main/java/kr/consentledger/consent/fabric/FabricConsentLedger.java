/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.fabric;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import kr.consentledger.consent.ConsentLedger;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.OutboxItem;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;

/**
 * {@link ConsentLedger} through the Fabric Gateway: the {@code consents} contract. Endorsing,
 * submitting and waiting for the commit status are blocking gateway calls, so they run on named
 * worker pools, never on an event loop. {@link #submit} endorses and hands the transaction to the
 * orderer ({@code submitAsync}) and returns at once; {@link #awaitCommit} waits for its status on
 * the commit pool, so several transactions can be in flight.
 */
public final class FabricConsentLedger implements ConsentLedger {
  /** The contract name. */
  public static final String CONTRACT = "consents";

  private final WorkerExecutor executor;
  private final WorkerExecutor commitExecutor;
  private final Contract contract;
  private final Contract receipts;

  /**
   * @param executor the named worker pool for gateway calls; owned by the caller
   * @param contract the {@code consents} contract; its gateway is owned by the caller
   */
  public FabricConsentLedger(WorkerExecutor executor, Contract contract) {
    this(executor, contract, null);
  }

  /**
   * @param executor the named worker pool for gateway calls; owned by the caller
   * @param contract the {@code consents} contract; its gateway is owned by the caller
   * @param receipts the {@code receipts} contract for receipt batches, or null
   */
  public FabricConsentLedger(WorkerExecutor executor, Contract contract, Contract receipts) {
    this(executor, executor, contract, receipts);
  }

  /**
   * With a pool of its own for the commit waits: {@code getStatus()} blocks a thread until the
   * transaction commits (an endorsement plus a block cut, hundreds of milliseconds), so with many
   * transactions in flight the waits must not hold the threads endorsements and DID resolutions
   * need. Size it to the outbox window.
   *
   * @param executor the named worker pool for endorsements and submits; owned by the caller
   * @param commitExecutor the named worker pool for commit waits; owned by the caller
   * @param contract the {@code consents} contract; its gateway is owned by the caller
   * @param receipts the {@code receipts} contract for receipt batches, or null
   */
  public FabricConsentLedger(
      WorkerExecutor executor,
      WorkerExecutor commitExecutor,
      Contract contract,
      Contract receipts) {
    this.commitExecutor = Objects.requireNonNull(commitExecutor, "commitExecutor");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.contract = Objects.requireNonNull(contract, "contract");
    this.receipts = receipts;
  }

  private record FabricSubmitted(String transactionId, SubmittedTransaction transaction)
      implements Submitted {}

  @Override
  public Future<Submitted> submit(OutboxItem.Kind kind, List<String> statements) {
    Contract target = kind == OutboxItem.Kind.RECEIPT ? receipts : contract;
    if (target == null) {
      return Future.failedFuture(
          new LedgerException(
              LedgerException.Kind.REQUEST_REFUSED,
              "NOT_CONFIGURED",
              null,
              "no receipts contract configured",
              null));
    }
    return executor.executeBlocking(
        () -> {
          // Encoded here, not on the caller's event loop: up to 500 statements (~1 MB).
          String argument = new JsonArray(new ArrayList<Object>(statements)).encode();
          Proposal proposal = target.newProposal(kind.function()).addArguments(argument).build();
          String txId = proposal.getTransactionId();
          try {
            SubmittedTransaction submitted = proposal.endorse().submitAsync();
            return new FabricSubmitted(txId, submitted);
          } catch (GatewayException e) {
            throw failure(e, txId);
          }
        },
        false);
  }

  @Override
  public Future<BatchResult> awaitCommit(Submitted submitted) {
    if (!(submitted instanceof FabricSubmitted s)) {
      return Future.failedFuture(new IllegalArgumentException("not submitted by this ledger"));
    }
    return commitExecutor.executeBlocking(
        () -> {
          Status status;
          try {
            status = s.transaction().getStatus();
          } catch (CommitStatusException e) {
            throw failure(e, s.transactionId());
          }
          if (!status.isSuccessful()) {
            throw GatewayFailures.invalidated(status.getCode(), s.transactionId());
          }
          return new BatchResult(
              s.transactionId(), status.getBlockNumber(), results(s.transaction().getResult()));
        },
        false);
  }

  static List<ItemResult> results(byte[] payload) throws LedgerException {
    try {
      JsonArray array = new JsonArray(new String(payload, StandardCharsets.UTF_8));
      List<ItemResult> out = new ArrayList<>();
      for (Object o : array) {
        JsonObject entry = (JsonObject) o;
        Outcome outcome = Outcome.valueOf(entry.getString("result").toUpperCase(Locale.ROOT));
        out.add(new ItemResult(entry.getString("consentId"), outcome, entry.getString("code")));
      }
      return out;
    } catch (RuntimeException e) {
      throw new LedgerException(
          LedgerException.Kind.UNEXPECTED_ANSWER,
          "MALFORMED_RESULT",
          null,
          "the chaincode's result is not a result array",
          e);
    }
  }

  /**
   * Classifies a gateway failure; see {@link GatewayFailures}.
   *
   * @param e the gateway's exception
   * @param txId the transaction id, or null
   * @return the classified failure
   */
  static LedgerException failure(GatewayException e, String txId) {
    return GatewayFailures.classify(e, txId);
  }
}
