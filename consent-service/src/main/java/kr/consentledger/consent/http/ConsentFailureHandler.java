/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.DatabaseFailures;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.http.EdgeError;
import kr.consentledger.http.ProblemFailureHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * consent-service's errors ({@link ProblemFailureHandler}): problem+json under a {@link
 * ProblemCode}; a {@link ConsentException} under its code, a ledger or database that did not answer
 * as {@code SERVICE_UNAVAILABLE} with {@code Retry-After}.
 */
final class ConsentFailureHandler extends ProblemFailureHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentFailureHandler.class);

  ConsentFailureHandler() {
    super(ConsentFailureHandler::edge);
  }

  @Override
  protected boolean handled(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ConsentException e) {
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
    } else {
      return false;
    }
    return true;
  }

  @Override
  protected void invalidRequest(RoutingContext ctx, String detail) {
    problem(ctx, ProblemCode.VALIDATION_FAILED, detail);
  }

  @Override
  protected void status(RoutingContext ctx, int status) {
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

  @Override
  protected void serverFault(RoutingContext ctx, Throwable failure) {
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    problem(ctx, ProblemCode.INTERNAL_ERROR, "the server could not complete the request");
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
    return send(response, code.httpStatus(), code.type(), code.title(), code.name(), detail);
  }
}
