/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.DidUrl;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;

/**
 * The {@code /1.0/identifiers/{did}} resource: DID resolution and DID URL dereferencing (fragment
 * only). Handlers parse, call the resolver and respond; every failure goes to the failure handler.
 */
final class IdentifiersRouter {
  /** Routing-context key of the negotiated {@link Representation}. */
  static final String REPRESENTATION = "did-resolver.representation";

  private static final List<String> EMBEDDING_MEMBERS =
      List.of(
          "verificationMethod",
          "service",
          "authentication",
          "assertionMethod",
          "keyAgreement",
          "capabilityInvocation",
          "capabilityDelegation");

  private final DidResolver resolver;

  IdentifiersRouter(DidResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("resolveIdentifier").addHandler(this::resolveIdentifier);
  }

  private void resolveIdentifier(RoutingContext ctx) {
    String raw = ctx.pathParam("did");
    // Negotiate first, so that even a rejected DID is reported in the representation asked for.
    boolean fragment = raw.indexOf('#') >= 0;
    Representation representation =
        negotiate(ctx, fragment ? Representation.DEREFERENCE : Representation.RESOLVE);
    if (representation == null) {
      return;
    }
    DidUrl url;
    ResolutionOptions options;
    try {
      url = DidUrl.parse(raw);
      options = options(ctx);
    } catch (ResolutionException e) {
      ctx.fail(e);
      return;
    }
    if (url.isDid()) {
      resolve(ctx, url, options, representation);
    } else if (url.path() == null && url.query() == null && !url.fragment().isEmpty()) {
      dereference(ctx, url, options, representation);
    } else {
      ctx.fail(
          new ResolutionException(
              ResolutionError.INVALID_DID_URL,
              "only DID URLs with a fragment (and no path or query) can be dereferenced"));
    }
  }

  private void resolve(
      RoutingContext ctx, DidUrl url, ResolutionOptions options, Representation representation) {
    resolver
        .resolve(url.did().toString(), options)
        .compose(IdentifiersRouter::rejectDeactivated)
        .onSuccess(result -> respond(ctx, representation, result))
        .onFailure(ctx::fail);
  }

  private void dereference(
      RoutingContext ctx, DidUrl url, ResolutionOptions options, Representation representation) {
    resolver
        .resolve(url.did().toString(), options)
        .compose(IdentifiersRouter::rejectDeactivated)
        .compose(
            result -> {
              JsonObject found = find(result.didDocument(), url);
              if (found == null) {
                return io.vertx.core.Future.failedFuture(
                    new ResolutionException(
                        ResolutionError.NOT_FOUND,
                        "the DID document has nothing with the id \"#" + url.fragment() + "\""));
              }
              return io.vertx.core.Future.succeededFuture(found);
            })
        .onSuccess(
            found ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, representation.contentType())
                    .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                    .end(found.encode()))
        .onFailure(ctx::fail);
  }

  private static Representation negotiate(RoutingContext ctx, List<Representation> offered) {
    Representation representation =
        Representation.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT), offered).orElse(null);
    if (representation == null) {
      ctx.fail(
          new ResolutionException(
              ResolutionError.REPRESENTATION_NOT_SUPPORTED,
              "none of the accepted media types can be produced; offered: "
                  + String.join(", ", offered.stream().map(Representation::contentType).toList())));
      return null;
    }
    ctx.put(REPRESENTATION, representation);
    return representation;
  }

  private static io.vertx.core.Future<ResolutionResult> rejectDeactivated(ResolutionResult result) {
    if (result.deactivated()) {
      return io.vertx.core.Future.failedFuture(
          new ResolutionException(
              ResolutionError.DEACTIVATED, "the DID was deactivated", result, null));
    }
    return io.vertx.core.Future.succeededFuture(result);
  }

  private static void respond(
      RoutingContext ctx, Representation representation, ResolutionResult result) {
    // A cached result carries its JSON text, encoded once for every response that sends it.
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, representation.contentTypeHeader())
        .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT)
        .end(
            representation.isResolutionResult()
                ? result.encodedResult()
                : result.encodedDocument());
  }

  private static ResolutionOptions options(RoutingContext ctx) throws ResolutionException {
    String versionId = ctx.queryParams().get("versionId");
    String versionTime = ctx.queryParams().get("versionTime");
    Instant time = null;
    if (versionTime != null) {
      try {
        time = OffsetDateTime.parse(versionTime).toInstant();
      } catch (DateTimeParseException e) {
        throw new ResolutionException(
            ResolutionError.INVALID_OPTIONS, "versionTime must be an ISO-8601 date-time");
      }
    }
    if (versionId != null && time != null) {
      throw new ResolutionException(
          ResolutionError.INVALID_OPTIONS, "versionId and versionTime cannot be used together");
    }
    return new ResolutionOptions(versionId, time);
  }

  /** The verification method or service whose id is the DID URL, absolute or relative. */
  private static JsonObject find(JsonObject document, DidUrl url) {
    String absolute = url.did() + "#" + url.fragment();
    String relative = "#" + url.fragment();
    for (String member : EMBEDDING_MEMBERS) {
      Object value = document.getValue(member);
      if (!(value instanceof JsonArray array)) {
        continue;
      }
      for (Object entry : array) {
        if (entry instanceof JsonObject object) {
          Object id = object.getValue("id");
          if (absolute.equals(id) || relative.equals(id)) {
            return object;
          }
        }
      }
    }
    return null;
  }
}
