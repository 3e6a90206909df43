/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request id and the access log of both services. Every request gets an id: the client's {@code
 * X-Request-Id} when it is well formed (1 to 64 of {@code A-Z a-z 0-9 . _ -}; so never a DID or a
 * JWS), else 16 random hex digits; the response echoes it in {@code X-Request-Id}. When the
 * response is done, one line goes to the logger {@value #LOGGER}, at INFO, as a JSON object: {@code
 * {"requestId","method","route","status","durationMs","bytesSent"}}.
 *
 * <p>The line names the route by its OpenAPI template ({@code /consents/{consentId}}), never the
 * request's path or query, and holds no header: a DID, a credential, a JWS or a token in a request
 * never reaches the log through it. A request no operation matched (a 404, or refused by the edge
 * before routing) is logged with the route {@code "-"}.
 *
 * <p>Set the logger {@value #LOGGER} to WARN to turn the access log off (the services' Log4j 2
 * configuration reads {@code CONSENT_ACCESS_LOG_LEVEL} / {@code DID_RESOLVER_ACCESS_LOG_LEVEL}).
 */
public final class RequestLog {
  /** The request id header. */
  public static final String HEADER = "X-Request-Id";

  /** The access log's logger name. */
  public static final String LOGGER = "kr.consentledger.access";

  /** The routing-context key of the request id. */
  public static final String KEY = "requestId";

  /** The route order: before the edge, so that refused requests carry an id and a line too. */
  public static final int ORDER = EdgeHandler.ORDER - 1;

  private static final Logger ACCESS = LoggerFactory.getLogger(LOGGER);
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final HexFormat HEX = HexFormat.of();

  private static final String ROUTE_KEY = "requestLog.route";

  private RequestLog() {}

  /**
   * Makes each operation's route name itself in the access log: a first handler on every route of
   * the builder. Call it before the service mounts its handlers.
   *
   * @param builder the router builder
   */
  static void nameRoutes(RouterBuilder builder) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      String path = route.getOperation().getOpenAPIPath();
      route.addHandler(
          ctx -> {
            ctx.put(ROUTE_KEY, path);
            ctx.next();
          });
    }
  }

  /**
   * Puts the request id and the access log in front of every route of the router.
   *
   * @param router the router
   * @return the router
   */
  public static Router install(Router router) {
    router.route().order(ORDER).handler(RequestLog::handle);
    return router;
  }

  /**
   * The request's id.
   *
   * @param ctx the routing context
   * @return the id, or null before {@link #install}'s handler ran
   */
  public static String id(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /**
   * The id a request is given: its {@code X-Request-Id} when well formed, else a new one.
   *
   * @param header the header's value, or null
   * @return the id
   */
  static String idFor(String header) {
    if (header != null && WELL_FORMED.matcher(header).matches()) {
      return header;
    }
    return HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  private static void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String id = idFor(request.getHeader(HEADER));
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    if (ACCESS.isInfoEnabled()) {
      long started = System.nanoTime();
      ctx.addEndHandler(ignored -> log(ctx, id, started));
    }
    ctx.next();
  }

  private static String method(String name) {
    return switch (name) {
      case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT" -> name;
      default -> "OTHER";
    };
  }

  private static void log(RoutingContext ctx, String id, long started) {
    String route = ctx.get(ROUTE_KEY);
    if (route == null && ctx.currentRoute() != null) {
      Object operation = ctx.currentRoute().getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
      route = operation instanceof Operation o ? o.getOpenAPIPath() : null;
    }
    JsonObject line =
        new JsonObject()
            .put("requestId", id)
            .put("method", method(ctx.request().method().name()))
            .put("route", route == null ? "-" : route)
            .put("status", ctx.response().getStatusCode())
            .put("durationMs", (System.nanoTime() - started) / 1_000_000.0)
            .put("bytesSent", ctx.response().bytesWritten());
    ACCESS.info(line.encode());
  }
}
