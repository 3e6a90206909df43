/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.fabric;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.RegistryLedger;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;

/**
 * {@link RegistryLedger} through the Fabric Gateway: {@code participants:Get} and {@code
 * consents:Status}, evaluated on the ledger worker pool at request time (no cache).
 */
public final class FabricRegistryLedger implements RegistryLedger {
  private final WorkerExecutor executor;
  private final Contract participants;
  private final Contract consents;

  /**
   * @param executor the named worker pool for gateway calls; owned by the caller
   * @param participants the {@code participants} contract
   * @param consents the {@code consents} contract
   */
  public FabricRegistryLedger(WorkerExecutor executor, Contract participants, Contract consents) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.participants = Objects.requireNonNull(participants, "participants");
    this.consents = Objects.requireNonNull(consents, "consents");
  }

  @Override
  public Future<Optional<Participant>> participant(String did) {
    return evaluate(participants, "Get", did, "PARTICIPANT_NOT_FOUND")
        .map(
            json ->
                json.map(
                    p ->
                        new Participant(
                            p.getString("did", did), p.getString("role"), p.getString("status"))));
  }

  @Override
  public Future<Optional<LedgerConsent>> consent(String consentId) {
    return evaluate(consents, "Status", consentId, "CONSENT_NOT_FOUND")
        .map(
            json ->
                json.map(
                    c ->
                        new LedgerConsent(
                            c.getString("consentId", consentId),
                            c.getString("credentialHash"),
                            c.getString("provider"),
                            c.getString("recipient"),
                            c.getString("status"),
                            instant(c.getString("anchoredAt")),
                            c.getString("subject"),
                            instant(c.getString("validFrom")),
                            instant(c.getString("validUntil")))));
  }

  private static java.time.Instant instant(String text) {
    try {
      return text == null ? null : java.time.Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private Future<Optional<JsonObject>> evaluate(
      Contract contract, String function, String argument, String notFound) {
    return executor.executeBlocking(
        () -> {
          try {
            byte[] out = contract.evaluateTransaction(function, argument);
            return Optional.of(new JsonObject(new String(out, StandardCharsets.UTF_8)));
          } catch (GatewayException e) {
            LedgerException le = FabricConsentLedger.failure(e, null);
            if (le.kind() == LedgerException.Kind.CHAINCODE_REFUSED
                && (le.code().equals(notFound) || le.code().equals("INVALID_ARGUMENT"))) {
              return Optional.empty();
            }
            throw le;
          }
        },
        false);
  }
}
