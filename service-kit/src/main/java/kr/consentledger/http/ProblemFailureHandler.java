/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's one place that writes error responses: RFC 9457 {@code application/problem+json} with
 * a stable {@code type} and {@code code}. Bodies never carry class names or stack traces; server
 * faults are logged instead.
 *
 * <p>The order is the same in both services: a response whose head is written is reset; an {@link
 * EdgeException} and a client fault (the client closed the connection or sent bytes the decoder
 * refused; the connection is then closed) are written as the service writes {@link EdgeError}s;
 * then the service's own failures ({@link #handled}); then a request the OpenAPI validator refused
 * ({@link #invalidRequest}); then a status below 500 that Vert.x Web set ({@link #status});
 * anything else is a server fault ({@link #serverFault}).
 */
public abstract class ProblemFailureHandler implements Handler<RoutingContext> {
  /** The problem+json content type. */
  public static final String PROBLEM_JSON = "application/problem+json";

  private static final Logger LOG = LoggerFactory.getLogger(ProblemFailureHandler.class);

  private final EdgeProblems edge;

  /**
   * @param edge how the service writes the errors of the HTTP edge
   */
  protected ProblemFailureHandler(EdgeProblems edge) {
    this.edge = Objects.requireNonNull(edge, "edge");
  }

  @Override
  public final void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof EdgeException e) {
      edge.send(ctx.response(), e.error(), e.getMessage());
    } else if (ClientFaults.isClientFault(failure, ctx.response().closed())) {
      // The client closed the connection or sent bytes the decoder refused: not our fault.
      LOG.debug(
          "{} {}: client fault: {}",
          ctx.request().method(),
          ctx.request().path(),
          failure.toString());
      if (!ctx.response().closed()) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        edge.send(ctx.response(), EdgeError.BAD_REQUEST, "the request could not be read");
      }
    } else if (handled(ctx, failure)) {
      return;
    } else if (failure instanceof HttpException e && e.getCause() instanceof ValidatorException v) {
      invalidRequest(ctx, v.getMessage());
    } else if (failure instanceof ValidatorException v) {
      // The validator's own decoding of a query or path value failed (for example a lone %).
      invalidRequest(ctx, v.getMessage());
    } else if (failure instanceof HttpException e && e.getStatusCode() < 500) {
      status(ctx, e.getStatusCode());
    } else if (failure == null && ctx.statusCode() < 500) {
      status(ctx, ctx.statusCode());
    } else {
      serverFault(ctx, failure);
    }
  }

  /**
   * Writes the service's own failures.
   *
   * @param ctx the failed request
   * @param failure its failure, or null when only a status was set
   * @return whether the response was written
   */
  protected abstract boolean handled(RoutingContext ctx, Throwable failure);

  /**
   * Writes a request that the OpenAPI validator refused (a 400).
   *
   * @param ctx the failed request
   * @param detail the validator's explanation
   */
  protected abstract void invalidRequest(RoutingContext ctx, String detail);

  /**
   * Writes a status below 500 set by Vert.x Web (404, 405, 413, 414, 415, 431 and others).
   *
   * @param ctx the failed request
   * @param status the status
   */
  protected abstract void status(RoutingContext ctx, int status);

  /**
   * Logs and writes a server fault (a 500).
   *
   * @param ctx the failed request
   * @param failure the failure, or null
   */
  protected abstract void serverFault(RoutingContext ctx, Throwable failure);

  /**
   * Ends the response with a problem+json body.
   *
   * @param response a response whose head is not written yet
   * @param status the HTTP status
   * @param type the problem type URI
   * @param title the short summary
   * @param code the stable code
   * @param detail the explanation, or null
   * @return the future of the response's end
   */
  public static Future<Void> send(
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
