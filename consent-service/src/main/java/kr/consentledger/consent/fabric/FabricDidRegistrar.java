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
 * {@link DidRegistrar} on the {@code dids} contract through the Fabric Gateway.
 *
 * @param executor the named worker pool for gateway calls (a call blocks until the commit); owned
 *     by the caller
 * @param dids the {@code dids} contract; its gateway is owned by the caller
 */
public record FabricDidRegistrar(WorkerExecutor executor, Contract dids) implements DidRegistrar {
  /** Checks the components. */
  public FabricDidRegistrar {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(dids, "dids");
  }

  @Override
  public Future<Registered> submit(Operation operation, String jws) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(jws, "jws");
    return executor.executeBlocking(
        () -> {
          Proposal proposal = dids.newProposal(operation.function()).addArguments(jws).build();
          String txId = proposal.getTransactionId();
          try {
            SubmittedTransaction submitted = proposal.endorse().submitAsync();
            Status status = submitted.getStatus();
            if (!status.isSuccessful()) {
              throw GatewayFailures.invalidated(status.getCode(), txId);
            }
            return new Registered(
                txId,
                status.getBlockNumber(),
                new String(submitted.getResult(), StandardCharsets.UTF_8));
          } catch (GatewayException e) { // CommitStatusException included
            throw GatewayFailures.classify(e, txId);
          }
        },
        false);
  }
}
