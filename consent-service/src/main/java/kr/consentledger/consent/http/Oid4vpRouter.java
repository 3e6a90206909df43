/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.Oid4vpRequestStore;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.core.DidAuthenticator;
import kr.consentledger.consent.core.Oid4vpVerifier;
import kr.consentledger.consent.ops.ConsentMetrics;
import kr.consentledger.wallet.consent.Oid4vpRequestObject;

/**
 * The OpenID for Verifiable Presentations 1.0 verifier routes under {@code /oid4vp} (issue 14): the
 * provider's authorization requests and decisions (DID-auth) and the wallet's response URI ({@code
 * direct_post}, no authentication: the state and the request's id are the wallet's credentials).
 */
final class Oid4vpRouter {
  private final Oid4vpVerifier verifier;
  private final DidAuthenticator authenticator;
  private final ConsentMetrics metrics;

  Oid4vpRouter(Oid4vpVerifier verifier, DidAuthenticator authenticator, ConsentMetrics metrics) {
    this.verifier = verifier;
    this.authenticator = authenticator;
    this.metrics = metrics;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createOid4vpRequest").addHandler(this::create);
    builder.getRoute("getOid4vpRequest").addHandler(this::get);
    builder.getRoute("signOid4vpRequest").addHandler(this::sign);
    builder.getRoute("getOid4vpRequestObject").addHandler(this::requestObject);
    builder.getRoute("decideOid4vpRequest").addHandler(this::decide);
    builder.getRoute("postOid4vpResponse").addHandler(this::respond);
  }

  private Future<Oid4vpVerifier> verifier() {
    return verifier == null
        ? Future.failedFuture(
            new ConsentException(
                ProblemCode.SERVICE_UNAVAILABLE, "no ledger is configured for verifications"))
        : Future.succeededFuture(verifier);
  }

  private Future<String> caller(RoutingContext ctx) {
    return authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
  }

  private void create(RoutingContext ctx) {
    JsonObject transmission =
        ConsentsRouter.body(ctx).getJsonObject("transmission", new JsonObject());
    List<String> categories = new ArrayList<>();
    transmission
        .getJsonArray("categories", new JsonArray())
        .forEach(c -> categories.add(String.valueOf(c)));
    caller(ctx)
        .compose(
            did ->
                verifier()
                    .compose(
                        v ->
                            v.create(
                                    did,
                                    transmission.getString("recipient"),
                                    categories,
                                    transmission.getString("purpose"))
                                .map(r -> json(v, r))))
        .onSuccess(body -> ConsentsRouter.json(ctx, 201, body))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("requestId");
    caller(ctx)
        .compose(did -> verifier().compose(v -> v.get(did, id).map(r -> json(v, r))))
        .onSuccess(body -> ConsentsRouter.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private void sign(RoutingContext ctx) {
    String id = ctx.pathParam("requestId");
    String jws = ConsentsRouter.body(ctx).getString("requestObject");
    caller(ctx)
        .compose(did -> verifier().compose(v -> v.sign(did, id, jws).map(r -> json(v, r))))
        .onSuccess(body -> ConsentsRouter.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  /** The request URI: the signed request object, {@code application/oauth-authz-req+jwt}. */
  private void requestObject(RoutingContext ctx) {
    String id = ctx.pathParam("requestId");
    verifier()
        .compose(v -> v.requestObject(id))
        .onSuccess(
            jws ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, Oid4vpRequestObject.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(jws))
        .onFailure(ctx::fail);
  }

  private void decide(RoutingContext ctx) {
    String id = ctx.pathParam("requestId");
    JsonObject body = ConsentsRouter.body(ctx);
    caller(ctx)
        .compose(
            did ->
                verifier()
                    .compose(
                        v ->
                            v.decide(
                                did, id, body.getString("receipt"), body.getString("ledgerRead"))))
        .onSuccess(
            r -> {
              if (metrics != null) {
                metrics.decision(r);
              }
              ConsentsRouter.json(ctx, 200, VerificationsRouter.json(r).put("requestId", id));
            })
        .onFailure(ctx::fail);
  }

  /** direct_post: {@code application/x-www-form-urlencoded} with vp_token and state (or error). */
  private void respond(RoutingContext ctx) {
    String id = ctx.pathParam("requestId");
    String vpToken;
    String state;
    String error;
    try {
      String text = ctx.body().asString(StandardCharsets.UTF_8.name());
      Map<String, List<String>> form;
      try {
        form = new QueryStringDecoder(text == null ? "" : text, false).parameters();
      } catch (IllegalArgumentException e) {
        throw new ConsentException(
            ProblemCode.VALIDATION_FAILED, "the form is not application/x-www-form-urlencoded");
      }
      vpToken = single(form, "vp_token");
      state = single(form, "state");
      error = single(form, "error");
    } catch (ConsentException e) {
      ctx.fail(e);
      return;
    }
    verifier()
        .compose(v -> v.respond(id, vpToken, state, error))
        // OpenID4VP 1.0 §8.2: 200 with a JSON object; no redirect_uri (cross-device flow).
        .onSuccess(r -> ConsentsRouter.json(ctx, 200, new JsonObject()))
        .onFailure(ctx::fail);
  }

  private static String single(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new ConsentException(ProblemCode.VALIDATION_FAILED, name + " is given twice");
    }
    return values.get(0);
  }

  private static JsonObject json(Oid4vpVerifier v, Oid4vpRequestStore.Request r) {
    JsonObject out =
        new JsonObject()
            .put("id", r.id())
            .put("status", r.status().json())
            .put("expiresAt", r.expiresAt().toString())
            .put("authorizationRequest", v.authorizationRequest(r));
    if (r.requestObject() == null) {
      out.put("requestObjectPayload", v.requestObjectPayload(r));
    } else {
      String requestUri = v.requestUri(r);
      out.put("requestUri", requestUri)
          .put(
              "walletUrl",
              "openid4vp://?client_id="
                  + URLEncoder.encode(
                      Oid4vpVerifier.CLIENT_ID_PREFIX + r.provider(), StandardCharsets.UTF_8)
                  + "&request_uri="
                  + URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
    }
    if (r.presentation() != null) {
      out.put("presentation", r.presentation())
          .put("presentationHash", Oid4vpVerifier.presentationHash(r));
    }
    if (r.walletError() != null) {
      out.put("walletError", r.walletError());
    }
    if (r.decision() != null) {
      out.put("decision", new JsonObject(r.decision()));
    }
    return out;
  }
}
