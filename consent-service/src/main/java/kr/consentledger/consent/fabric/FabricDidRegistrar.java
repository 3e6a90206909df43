/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.fabric;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import kr.consentledger.consent.DidRegistrar;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;

/**
 * {@link DidRegistrar} on the {@code dids} contract through the Fabric Gateway. The endorsement and
 * submit run on the gateway pool, the wait for the commit on the commit pool, as the outbox's do: a
 * registration waiting for its block holds none of the threads that endorsements and DID
 * resolutions need.
 *
 * @param executor the named worker pool for endorsements and submits; owned by the caller
 * @param commitExecutor the named worker pool for commit waits; owned by the caller
 * @param dids the {@code dids} contract; its gateway is owned by the caller
 */
public record FabricDidRegistrar(
    WorkerExecutor executor, WorkerExecutor commitExecutor, Contract dids) implements DidRegistrar {
  /** Checks the components. */
  public FabricDidRegistrar {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(commitExecutor, "commitExecutor");
    Objects.requireNonNull(dids, "dids");
  }

  private record Pending(String transactionId, SubmittedTransaction transaction) {}

  @Override
  public Future<Registered> submit(Operation operation, String jws) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(jws, "jws");
    return executor
        .executeBlocking(
            () -> {
              Proposal proposal = dids.newProposal(operation.function()).addArguments(jws).build();
              String txId = proposal.getTransactionId();
              try {
                return new Pending(txId, proposal.endorse().submitAsync());
              } catch (GatewayException e) {
                throw GatewayFailures.classify(e, txId);
              }
            },
            false)
        .compose(
            pending ->
                commitExecutor.executeBlocking(
                    () -> {
                      String txId = pending.transactionId();
                      try {
                        Status status = pending.transaction().getStatus();
                        if (!status.isSuccessful()) {
                          throw GatewayFailures.invalidated(status.getCode(), txId);
                        }
                        return new Registered(
                            txId,
                            status.getBlockNumber(),
                            new String(pending.transaction().getResult(), StandardCharsets.UTF_8));
                      } catch (GatewayException e) { // CommitStatusException
                        throw GatewayFailures.classify(e, txId);
                      }
                    },
                    false));
  }
}
