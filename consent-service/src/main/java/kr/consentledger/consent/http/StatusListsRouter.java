/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Arrays;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.core.DidAuthenticator;
import kr.consentledger.consent.core.StatusLists;

/**
 * {@code POST /status-list-reservations} (DID-auth: a random index of a W3C Bitstring Status List
 * for the caller's next consent) and {@code GET /status-lists/{listId}} (the list, a {@code
 * BitstringStatusListCredential} as {@code vc+jwt}, with an entity tag).
 */
final class StatusListsRouter {
  /** What caches may do with a list: keep it, but ask again (304 while unchanged) every time. */
  static final String CACHE_CONTROL = "public, max-age=0, must-revalidate";

  private final StatusLists lists;
  private final DidAuthenticator authenticator;

  StatusListsRouter(StatusLists lists, DidAuthenticator authenticator) {
    this.lists = lists;
    this.authenticator = authenticator;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("reserveStatusListIndex").addHandler(this::reserve);
    builder.getRoute("getStatusList").addHandler(this::get);
  }

  private void reserve(RoutingContext ctx) {
    if (lists == null) {
      ctx.fail(unavailable());
      return;
    }
    authenticator
        .authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(lists::reserve)
        .onSuccess(
            r ->
                ConsentsRouter.json(
                    ctx,
                    201,
                    new JsonObject()
                        .put("credentialStatus", new JsonObject(r.entry().toJson().toString()))
                        .put("expiresAt", r.expiresAt().toString())))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    if (lists == null) {
      ctx.fail(unavailable());
      return;
    }
    int listId;
    try {
      listId = StatusLists.listId(ctx.pathParam("listId"));
    } catch (ConsentException e) {
      ctx.fail(e);
      return;
    }
    lists
        .publish(listId)
        .onSuccess(
            p -> {
              ctx.response()
                  .putHeader(HttpHeaders.ETAG, p.etag())
                  .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                  .putHeader(HttpHeaders.VARY, "Accept-Encoding");
              if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), p.etag())) {
                ctx.response().setStatusCode(304).end();
              } else {
                ctx.response()
                    .setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/vc+jwt")
                    .end(p.jws());
              }
            })
        .onFailure(ctx::fail);
  }

  /** RFC 9110 §13.1.2: {@code *}, or any of the listed tags (weak comparison). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::strip)
        .map(t -> t.startsWith("W/") ? t.substring(2) : t)
        .anyMatch(t -> t.equals("*") || t.equals(etag));
  }

  private static ConsentException unavailable() {
    return new ConsentException(
        ProblemCode.SERVICE_UNAVAILABLE, "status lists are not configured on this service");
  }
}
