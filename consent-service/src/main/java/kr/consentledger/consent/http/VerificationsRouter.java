/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.ReceiptStore;
import kr.consentledger.consent.core.DidAuthenticator;
import kr.consentledger.consent.core.PresentationVerifier;
import kr.consentledger.consent.core.VcApiVerifier;
import kr.consentledger.consent.core.VerificationService;
import kr.consentledger.consent.ops.ConsentMetrics;

/** POST /verifications and GET /consents/{consentId}/receipts, both with DID-auth. */
final class VerificationsRouter {
  private final VerificationService service;
  private final DidAuthenticator authenticator;
  private final VcApiVerifier vcApi;
  private final ConsentMetrics metrics;

  VerificationsRouter(
      VerificationService service,
      DidAuthenticator authenticator,
      VcApiVerifier vcApi,
      ConsentMetrics metrics) {
    this.service = service;
    this.authenticator = authenticator;
    this.vcApi = vcApi;
    this.metrics = metrics;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("verifyPresentationForTransmission").addHandler(this::verify);
    builder.getRoute("listReceipts").addHandler(this::receipts);
    builder.getRoute("listMyReceipts").addHandler(this::myReceipts);
    builder.getRoute("verifyCredential").addHandler(this::vcApiCredential);
    builder.getRoute("verifyPresentation").addHandler(this::vcApiPresentation);
  }

  private Future<VcApiVerifier> vcApi() {
    return vcApi == null
        ? Future.failedFuture(
            new ConsentException(ProblemCode.SERVICE_UNAVAILABLE, "verification is not configured"))
        : Future.succeededFuture(vcApi);
  }

  private void vcApiCredential(RoutingContext ctx) {
    JsonObject body = ConsentsRouter.body(ctx);
    String jws =
        compact(
            body.getValue("verifiableCredential"),
            "data:application/vc+jwt,",
            "verifiableCredential");
    vcApi()
        .compose(v -> v.verifyCredential(jws))
        .onSuccess(o -> ConsentsRouter.json(ctx, 200, outcome(o)))
        .onFailure(ctx::fail);
  }

  private void vcApiPresentation(RoutingContext ctx) {
    JsonObject body = ConsentsRouter.body(ctx);
    String jws =
        compact(
            body.getValue("verifiablePresentation"),
            "data:application/vp+jwt,",
            "verifiablePresentation");
    JsonObject options = body.getJsonObject("options", new JsonObject());
    vcApi()
        .compose(
            v ->
                v.verifyPresentation(
                    jws, options.getString("domain"), options.getString("challenge")))
        .onSuccess(o -> ConsentsRouter.json(ctx, 200, outcome(o)))
        .onFailure(ctx::fail);
  }

  /** A compact JWS, or an enveloped object whose id is a data: URL of one. */
  private static String compact(Object value, String prefix, String member) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof JsonObject o
        && o.getValue("id") instanceof String id
        && id.startsWith(prefix)) {
      return id.substring(prefix.length());
    }
    throw new ConsentException(
        ProblemCode.VALIDATION_FAILED,
        member + " must be a compact JWS or an enveloped object with a " + prefix + " id");
  }

  static JsonObject outcome(VcApiVerifier.Outcome o) {
    JsonArray errors = new JsonArray();
    o.errors()
        .forEach(
            e ->
                errors.add(
                    new JsonObject()
                        .put("check", e.check())
                        .put("code", e.code())
                        .put("message", e.message())));
    return new JsonObject()
        .put("checks", new JsonArray(new ArrayList<Object>(o.checks())))
        .put("warnings", new JsonArray(new ArrayList<Object>(o.warnings())))
        .put("errors", errors);
  }

  private Future<VerificationService> service() {
    return service == null
        ? Future.failedFuture(
            new ConsentException(
                ProblemCode.SERVICE_UNAVAILABLE, "no ledger is configured for verifications"))
        : Future.succeededFuture(service);
  }

  private void verify(RoutingContext ctx) {
    JsonObject body = ConsentsRouter.body(ctx);
    JsonObject transmission = body.getJsonObject("transmission", new JsonObject());
    List<String> categories = new ArrayList<>();
    transmission
        .getJsonArray("categories", new JsonArray())
        .forEach(c -> categories.add(String.valueOf(c)));
    service()
        .compose(
            s ->
                authenticator
                    .authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                    .map(
                        did -> {
                          return new Object[] {s, did};
                        }))
        .compose(
            pair ->
                ((VerificationService) pair[0])
                    .verify(
                        new PresentationVerifier.Request(
                            (String) pair[1],
                            body.getString("presentation"),
                            transmission.getString("recipient"),
                            categories,
                            transmission.getString("purpose"),
                            body.getString("receipt"),
                            body.getString("ledgerRead"))))
        .onSuccess(
            r -> {
              if (metrics != null) {
                metrics.decision(r);
              }
              ConsentsRouter.json(ctx, 200, json(r));
            })
        .onFailure(ctx::fail);
  }

  static JsonObject json(PresentationVerifier.Result r) {
    return r.toJson();
  }

  private void receipts(RoutingContext ctx) {
    String consentId = ctx.pathParam("consentId");
    int page;
    int size;
    try {
      page = AuditRouter.integer(ctx.queryParams().get("page"), 0, "page");
      size = AuditRouter.integer(ctx.queryParams().get("size"), 100, "size");
    } catch (ConsentException e) {
      ctx.fail(e);
      return;
    }
    service()
        .compose(
            s ->
                authenticator
                    .authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                    .compose(did -> s.receipts(did, consentId, page, size)))
        .onSuccess(
            list ->
                ConsentsRouter.json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("consentId", consentId)
                        .put("page", page)
                        .put("size", size)
                        .put("receipts", json(list))))
        .onFailure(ctx::fail);
  }

  private void myReceipts(RoutingContext ctx) {
    int page;
    int size;
    try {
      page = AuditRouter.integer(ctx.queryParams().get("page"), 0, "page");
      size = AuditRouter.integer(ctx.queryParams().get("size"), 100, "size");
    } catch (ConsentException e) {
      ctx.fail(e);
      return;
    }
    authenticator
        .authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(
            did ->
                service()
                    .compose(s -> s.subjectReceipts(did, page, size))
                    .map(
                        list ->
                            new JsonObject()
                                .put("subject", did)
                                .put("page", page)
                                .put("size", size)
                                .put("receipts", json(list))))
        .onSuccess(body -> ConsentsRouter.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private static JsonArray json(List<ReceiptStore.Receipt> list) {
    JsonArray out = new JsonArray();
    list.forEach(
        r ->
            out.add(
                new JsonObject()
                    .put("receiptId", r.receiptId())
                    .put("consentId", r.consentId())
                    .put("provider", r.provider())
                    .put("recipient", r.recipient())
                    .put("categories", new JsonArray(new ArrayList<Object>(r.categories())))
                    .put("recordedAt", r.recordedAt().toString())
                    .put("transactionId", r.transactionId())
                    .put("blockNumber", r.blockNumber())));
    return out;
  }
}
