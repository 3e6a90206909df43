/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import kr.consentledger.http.ClientFaults;
import kr.consentledger.http.EdgeError;
import kr.consentledger.http.EdgeException;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes error responses. A client that negotiated a resolution result gets the
 * result with {@code didResolutionMetadata.error}; everyone else gets RFC 9457 {@code
 * application/problem+json} with a stable {@code type} and {@code code}. Bodies never carry class
 * names or stack traces; server faults are logged instead.
 */
final class ProblemFailureHandler implements Handler<RoutingContext> {
  static final String PROBLEM_JSON = "application/problem+json";
  static final String PROBLEM_BASE = "https://consentledger.kr/problems/";

  private static final Logger LOG = LoggerFactory.getLogger(ProblemFailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof EdgeException e) {
      edge(ctx.response(), e.error(), e.getMessage());
    } else if (ClientFaults.isClientFault(failure, ctx.response().closed())) {
      // The client closed the connection or sent bytes the decoder refused: not our fault.
      LOG.debug(
          "request {} {}: client fault: {}",
          ctx.request().method(),
          ctx.request().path(),
          failure.toString());
      if (!ctx.response().closed()) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        edge(ctx.response(), EdgeError.BAD_REQUEST, "the request could not be read");
      }
    } else if (failure instanceof ResolutionException e) {
      resolutionError(ctx, e);
    } else if (failure instanceof HttpException e && e.getCause() instanceof ValidatorException v) {
      problem(
          ctx,
          400,
          PROBLEM_BASE + "invalidRequest",
          "Invalid request",
          "invalidRequest",
          v.getMessage());
    } else if (failure instanceof ValidatorException v) {
      // The validator's own decoding of a query or path value failed (for example a lone %).
      problem(
          ctx,
          400,
          PROBLEM_BASE + "invalidRequest",
          "Invalid request",
          "invalidRequest",
          v.getMessage());
    } else if (failure instanceof HttpException e && e.getStatusCode() < 500) {
      httpStatus(ctx, e.getStatusCode());
    } else if (failure == null && ctx.statusCode() < 500) {
      httpStatus(ctx, ctx.statusCode());
    } else if (isResolutionResult(ctx)) {
      resolutionError(
          ctx,
          new ResolutionException(
              ResolutionError.INTERNAL_ERROR,
              "the server could not complete the request",
              null,
              failure));
    } else {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      problem(
          ctx,
          500,
          ResolutionError.INTERNAL_ERROR.type(),
          ResolutionError.INTERNAL_ERROR.title(),
          ResolutionError.INTERNAL_ERROR.code(),
          "the server could not complete the request");
    }
  }

  private static boolean isResolutionResult(RoutingContext ctx) {
    Representation representation = ctx.get(IdentifiersRouter.REPRESENTATION);
    return representation != null && representation.isResolutionResult();
  }

  private static void resolutionError(RoutingContext ctx, ResolutionException e) {
    ResolutionError error = e.error();
    String detail = e.getMessage();
    if (error == ResolutionError.INTERNAL_ERROR) {
      LOG.error("resolving {} failed: {}", ctx.pathParam("did"), detail, e.getCause());
    }
    if (isResolutionResult(ctx)) {
      Representation representation = ctx.get(IdentifiersRouter.REPRESENTATION);
      ResolutionResult result =
          e.result() != null ? e.result() : ResolutionResult.ofError(error, detail);
      ctx.response()
          .setStatusCode(error.httpStatus())
          .putHeader(HttpHeaders.CONTENT_TYPE, representation.contentType())
          .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT)
          .end(result.encode());
      return;
    }
    problem(ctx, error.httpStatus(), error.type(), error.title(), error.code(), detail);
  }

  private static void httpStatus(RoutingContext ctx, int status) {
    String code;
    String title;
    switch (status) {
      case 404 -> {
        code = "routeNotFound";
        title = "No such resource";
      }
      case 405 -> {
        code = "methodNotAllowed";
        title = "Method not allowed";
      }
      case 413 -> {
        code = "requestTooLarge";
        title = "Request body too large";
      }
      case 414 -> {
        code = EdgeError.URI_TOO_LONG.camelCode();
        title = EdgeError.URI_TOO_LONG.title();
      }
      case 431 -> {
        code = EdgeError.HEADERS_TOO_LARGE.camelCode();
        title = EdgeError.HEADERS_TOO_LARGE.title();
      }
      case 415 -> {
        code = "unsupportedMediaType";
        title = "Unsupported media type";
      }
      default -> {
        code = "badRequest";
        title = "Bad request";
        status = 400;
      }
    }
    problem(ctx, status, PROBLEM_BASE + code, title, code, null);
  }

  /**
   * Writes an error of the HTTP edge as problem+json, with the code in camel case.
   *
   * @param response the response
   * @param error the error
   * @param detail the explanation, or null
   * @return the future of the response's end
   */
  static Future<Void> edge(HttpServerResponse response, EdgeError error, String detail) {
    String code = error.camelCode();
    return problem(response, error.status(), PROBLEM_BASE + code, error.title(), code, detail);
  }

  private static void problem(
      RoutingContext ctx, int status, String type, String title, String code, String detail) {
    problem(ctx.response(), status, type, title, code, detail);
  }

  private static Future<Void> problem(
      HttpServerResponse response,
      int status,
      String type,
      String title,
      String code,
      String detail) {
    JsonObject body = new JsonObject().put("type", type).put("title", title).put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("code", code);
    return response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .end(body.encode());
  }
}
