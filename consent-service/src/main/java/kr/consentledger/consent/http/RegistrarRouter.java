/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import kr.consentledger.consent.DidRegistrar;
import kr.consentledger.consent.core.DidRegistrations;

/**
 * {@code POST /1.0/create}, {@code /1.0/update}, {@code /1.0/deactivate}: the DIF Universal
 * Registrar's shape for did:fabric, with the wallet's signed operation in {@code
 * secret.signedOperation}.
 */
final class RegistrarRouter {
  private final DidRegistrations registrations;

  RegistrarRouter(DidRegistrations registrations) {
    this.registrations = registrations == null ? new DidRegistrations(null) : registrations;
  }

  void mount(RouterBuilder builder) {
    builder
        .getRoute("registerDidCreate")
        .addHandler(ctx -> register(ctx, DidRegistrar.Operation.CREATE, 201));
    builder
        .getRoute("registerDidUpdate")
        .addHandler(ctx -> register(ctx, DidRegistrar.Operation.UPDATE, 200));
    builder
        .getRoute("registerDidDeactivate")
        .addHandler(ctx -> register(ctx, DidRegistrar.Operation.DEACTIVATE, 200));
  }

  private void register(RoutingContext ctx, DidRegistrar.Operation operation, int status) {
    JsonObject body = ConsentsRouter.body(ctx);
    String jws = body.getJsonObject("secret").getString("signedOperation");
    String jobId = body.getString("jobId");
    registrations
        .register(operation, jws, body.getString("did"))
        .onSuccess(r -> ConsentsRouter.json(ctx, status, state(jobId, r)))
        .onFailure(ctx::fail);
  }

  /** The DID Registration result: finished, with the document the ledger now holds. */
  static JsonObject state(String jobId, DidRegistrations.Result r) {
    JsonObject result = new JsonObject(r.registered().resolutionResult());
    return new JsonObject()
        .put("jobId", jobId)
        .put(
            "didState",
            new JsonObject()
                .put("state", "finished")
                .put("did", r.did())
                .put("didDocument", result.getValue("didDocument")))
        .put(
            "didRegistrationMetadata",
            new JsonObject()
                .put("transactionId", r.registered().transactionId())
                .put("blockNumber", r.registered().blockNumber()))
        .put("didDocumentMetadata", result.getJsonObject("didDocumentMetadata", new JsonObject()));
  }
}
