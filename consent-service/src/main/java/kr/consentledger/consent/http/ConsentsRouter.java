/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.core.ConsentService;
import kr.consentledger.consent.core.DidAuthenticator;

/**
 * The {@code /consents} resource. Handlers parse, call the service and respond; every failure goes
 * to the failure handler.
 */
final class ConsentsRouter {
  private final ConsentService service;
  private final DidAuthenticator authenticator;
  private final Clock clock;

  ConsentsRouter(ConsentService service, DidAuthenticator authenticator, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("submitConsent").addHandler(this::submit);
    builder.getRoute("getConsent").addHandler(this::get);
    // credentialStatus.id as the SDK writes it: <base>/<consentId>/status
    builder.getRoute("getConsentStatus").addHandler(this::get);
    builder.getRoute("revokeConsent").addHandler(this::revoke);
    builder.getRoute("listConsents").addHandler(this::list);
    builder.getRoute("eraseCredential").addHandler(this::erase);
  }

  private void submit(RoutingContext ctx) {
    JsonObject body = body(ctx);
    service
        .submit(body.getString("credential"), body.getString("anchor"))
        .onSuccess(
            s ->
                ctx.response()
                    .setStatusCode(s.created() ? 202 : 200)
                    .putHeader(HttpHeaders.LOCATION, "/consents/" + s.state().consentId())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(ConsentJson.status(s.state(), clock.instant()).encode()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    service
        .status(ctx.pathParam("consentId"))
        .onSuccess(s -> json(ctx, 200, ConsentJson.status(s, clock.instant())))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    service
        .revoke(ctx.pathParam("consentId"), body(ctx).getString("revocation"))
        .onSuccess(s -> json(ctx, 202, ConsentJson.status(s, clock.instant())))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
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
        .compose(did -> service.consentsOf(did, page, size))
        .onSuccess(
            consents -> {
              JsonArray array = new JsonArray();
              consents.forEach(c -> array.add(ConsentJson.forSubject(c, clock.instant())));
              json(
                  ctx,
                  200,
                  new JsonObject().put("page", page).put("size", size).put("consents", array));
            })
        .onFailure(ctx::fail);
  }

  private void erase(RoutingContext ctx) {
    String consentId = ctx.pathParam("consentId");
    authenticator
        .authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(did -> service.eraseCredential(did, consentId))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) {
        return body;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new ConsentException(ProblemCode.VALIDATION_FAILED, "the body must be a JSON object");
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }
}
