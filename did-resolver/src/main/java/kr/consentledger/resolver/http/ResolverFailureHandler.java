/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import kr.consentledger.http.EdgeError;
import kr.consentledger.http.ProblemFailureHandler;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * did-resolver's errors ({@link ProblemFailureHandler}). A client that negotiated a resolution
 * result gets the result with {@code didResolutionMetadata.error}; everyone else gets RFC 9457
 * {@code application/problem+json} with the code in camel case, for example {@code invalidHost}.
 */
final class ResolverFailureHandler extends ProblemFailureHandler {
  static final String PROBLEM_BASE = "https://consentledger.kr/problems/";

  private static final Logger LOG = LoggerFactory.getLogger(ResolverFailureHandler.class);

  ResolverFailureHandler() {
    super(ResolverFailureHandler::edge);
  }

  @Override
  protected boolean handled(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ResolutionException e) {
      resolutionError(ctx, e);
      return true;
    }
    return false;
  }

  @Override
  protected void invalidRequest(RoutingContext ctx, String detail) {
    problem(ctx, 400, PROBLEM_BASE + "invalidRequest", "Invalid request", "invalidRequest", detail);
  }

  @Override
  protected void status(RoutingContext ctx, int status) {
    httpStatus(ctx, status);
  }

  @Override
  protected void serverFault(RoutingContext ctx, Throwable failure) {
    if (isResolutionResult(ctx)) {
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
    return send(response, error.status(), PROBLEM_BASE + code, error.title(), code, detail);
  }

  private static void problem(
      RoutingContext ctx, int status, String type, String title, String code, String detail) {
    send(ctx.response(), status, type, title, code, detail);
  }
}
