/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.did;

import com.fasterxml.jackson.databind.JsonNode;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Puts a DID state straight into a test world state, as the registry would have stored it. */
public final class DidTestStates {
  private DidTestStates() {}

  /** Stores {@code state} ({@code did, versionId, deactivated, document}) as the DID's head. */
  public static void seed(ChaincodeStub stub, JsonNode state) {
    new DidStore(stub)
        .append(
            null,
            new DidVersion(
                state.get("did").asText(),
                state.get("versionId").asText(),
                1,
                state.get("deactivated").asBoolean() ? "deactivate" : "create",
                state.get("document"),
                state.get("deactivated").asBoolean(),
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z",
                "tx-seed",
                null,
                null));
  }
}
