/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.pg.DatabaseFailures;
import kr.consentledger.http.ClientFaults;
import kr.consentledger.http.EdgeError;
import kr.consentledger.http.EdgeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes error responses: RFC 9457 {@code application/problem+json} with a
 * stable {@code type} URI and {@code code}. Bodies never carry class names or stack traces; server
 * faults are logged instead.
 */
final class ProblemFailureHandler implements Handler<RoutingContext> {
  static final String PROBLEM_JSON = "application/problem+json";

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
          "{} {}: client fault: {}",
          ctx.request().method(),
          ctx.request().path(),
          failure.toString());
      if (!ctx.response().closed()) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        problem(ctx.response(), ProblemCode.BAD_REQUEST, "the request could not be read");
      }
    } else if (failure instanceof ConsentException e) {
      if (e.code() == ProblemCode.OVERLOADED) {
        LOG.debug("{} {}: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
      } else if (e.code().httpStatus() >= 500) {
        LOG.warn("{} {}: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
      }
      if (e.retryAfterSeconds() > 0) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
      } else if (e.code() == ProblemCode.MIRROR_STALE) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
      }
      problem(ctx, e.code(), e.getMessage());
    } else if (failure instanceof LedgerException e) {
      // The ledger did not answer, or refused a whole call: the client may retry later.
      LOG.warn(
          "{} {}: the ledger failed: {}",
          ctx.request().method(),
          ctx.request().path(),
          e.getMessage());
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "2");
      problem(ctx, ProblemCode.SERVICE_UNAVAILABLE, "the ledger did not answer; try again");
    } else if (DatabaseFailures.unavailable(failure)) {
      // PostgreSQL is down or restarting: nothing was stored, the client may retry.
      LOG.warn(
          "{} {}: the database is unavailable: {}",
          ctx.request().method(),
          ctx.request().path(),
          failure.toString());
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "2");
      problem(ctx, ProblemCode.SERVICE_UNAVAILABLE, "the database did not answer; try again");
    } else if (failure instanceof HttpException e && e.getCause() instanceof ValidatorException v) {
      problem(ctx, ProblemCode.VALIDATION_FAILED, v.getMessage());
    } else if (failure instanceof ValidatorException v) {
      problem(ctx, ProblemCode.VALIDATION_FAILED, v.getMessage());
    } else if (failure instanceof HttpException e && e.getStatusCode() < 500) {
      status(ctx, e.getStatusCode());
    } else if (failure == null && ctx.statusCode() < 500) {
      status(ctx, ctx.statusCode());
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      problem(ctx, ProblemCode.INTERNAL_ERROR, "the server could not complete the request");
    }
  }

  private static void status(RoutingContext ctx, int status) {
    ProblemCode code =
        switch (status) {
          case 404 -> ProblemCode.NOT_FOUND;
          case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
          case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
          case 414 -> ProblemCode.URI_TOO_LONG;
          case 431 -> ProblemCode.HEADERS_TOO_LARGE;
          case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
          case 401 -> ProblemCode.UNAUTHENTICATED;
          case 403 -> ProblemCode.FORBIDDEN;
          default -> ProblemCode.VALIDATION_FAILED;
        };
    problem(ctx, code, null);
  }

  static void problem(RoutingContext ctx, ProblemCode code, String detail) {
    problem(ctx.response(), code, detail);
  }

  /**
   * Writes an error of the HTTP edge as problem+json under the problem code of the same name.
   *
   * @param response the response
   * @param error the error
   * @param detail the explanation, or null
   * @return the future of the response's end
   */
  static Future<Void> edge(HttpServerResponse response, EdgeError error, String detail) {
    return problem(response, ProblemCode.valueOf(error.name()), detail);
  }

  static Future<Void> problem(HttpServerResponse response, ProblemCode code, String detail) {
    JsonObject body =
        new JsonObject()
            .put("type", code.type())
            .put("title", code.title())
            .put("status", code.httpStatus());
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("code", code.name());
    return response
        .setStatusCode(code.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .end(body.encode());
  }
}
