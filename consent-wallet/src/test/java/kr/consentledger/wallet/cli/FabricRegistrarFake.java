/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidOperation;
import kr.consentledger.wallet.did.DidState;

/**
 * The consent service's DID registrar ({@code POST /1.0/create|update|deactivate}) and the
 * resolver's {@code GET /1.0/identifiers/<did>} for did:fabric on a {@link ServiceStub}: each
 * operation is applied with the SDK's reference of the chaincode's rules ({@link DidFabric#apply}),
 * the states kept in memory; a rejection is a problem with the rule's code.
 */
final class FabricRegistrarFake {
  final Map<String, DidState> states = new ConcurrentHashMap<>();
  private final ServiceStub stub;
  private final AtomicInteger block = new AtomicInteger(10);

  FabricRegistrarFake(ServiceStub stub) {
    this.stub = stub;
    stub.handlers.put("POST /1.0/create?method=fabric", r -> apply(r, 201));
    stub.handlers.put("POST /1.0/update", r -> apply(r, 200));
    stub.handlers.put("POST /1.0/deactivate", r -> apply(r, 200));
  }

  /** The current document of a DID as JSON. */
  JsonNode document(String did) {
    return Output.parse(states.get(did).document().toJson());
  }

  private ServiceStub.Answer apply(ServiceStub.Request r, int status) {
    JsonNode body = Output.parse(r.body());
    String jws = body.at("/secret/signedOperation").asText();
    DidState next;
    try {
      DidOperation op = DidOperation.parse(jws);
      if (body.hasNonNull("did") && !body.get("did").asText().equals(op.did())) {
        return problem(422, "STATEMENT_MISMATCH", "did is not the operation's");
      }
      next = DidFabric.apply(states.get(op.did()), jws);
    } catch (RejectedException e) {
      int code = e.reason().name().endsWith("MISMATCH") ? 409 : 422;
      return problem(code, e.reason().name(), e.getMessage());
    }
    DidState previous = states.put(next.did(), next);
    ObjectNode resolution = Output.object();
    if (next.document() == null) {
      resolution.putNull("didDocument");
    } else {
      resolution.set("didDocument", Output.parse(next.document().toJson()));
    }
    resolution.putObject("didResolutionMetadata");
    resolution
        .putObject("didDocumentMetadata")
        .put("versionId", next.versionId())
        .put("deactivated", next.deactivated());
    if (!next.deactivated()) {
      stub.answers.put(
          "GET /1.0/identifiers/" + next.did() + "?versionId=" + next.versionId(),
          new ServiceStub.Answer(200, "application/did-resolution", resolution.toString()));
    }
    if (previous != null) {
      // The previous version now has a next one.
      String key = "GET /1.0/identifiers/" + next.did() + "?versionId=" + previous.versionId();
      ObjectNode old = (ObjectNode) Output.parse(stub.answers.get(key).body());
      ((ObjectNode) old.get("didDocumentMetadata")).put("nextVersionId", next.versionId());
      stub.answers.put(
          key, new ServiceStub.Answer(200, "application/did-resolution", old.toString()));
    }
    stub.answers.put(
        "GET /1.0/identifiers/" + next.did(),
        next.deactivated()
            // As did-resolver answers it: the result, its metadata saying deactivated, no error.
            ? new ServiceStub.Answer(410, "application/did-resolution", resolution.toString())
            : new ServiceStub.Answer(200, "application/did-resolution", resolution.toString()));
    ObjectNode answer = Output.object();
    answer.putNull("jobId");
    ObjectNode state = answer.putObject("didState").put("state", "finished").put("did", next.did());
    state.set("didDocument", resolution.get("didDocument"));
    int n = block.incrementAndGet();
    answer
        .putObject("didRegistrationMetadata")
        .put("transactionId", "tx-" + n)
        .put("blockNumber", n);
    answer.set("didDocumentMetadata", resolution.get("didDocumentMetadata"));
    return new ServiceStub.Answer(status, "application/json", answer.toString());
  }

  private static ServiceStub.Answer problem(int status, String code, String detail) {
    ObjectNode p =
        Output.object()
            .put("type", "https://consentledger.kr/problems/" + code)
            .put("title", code)
            .put("status", status)
            .put("detail", detail)
            .put("code", code);
    return new ServiceStub.Answer(status, "application/problem+json", p.toString());
  }
}
