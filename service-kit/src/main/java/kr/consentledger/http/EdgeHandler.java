/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The first handler of every request, before the body is read or anything is validated:
 *
 * <ol>
 *   <li>rate limit: a request to a route without DID-auth takes a token from its client address's
 *       bucket; a request to a route with DID-auth is charged to the authenticated DID instead, by
 *       {@link #admitDid} once authentication succeeded. Failed authentications ({@code 401}) are
 *       charged to a second bucket of the address, of the same size, which is checked before an
 *       authenticated route runs: an address that keeps sending bad tokens is stopped, and an
 *       address's open-route traffic never blocks its authenticated callers. Over a limit: {@code
 *       429} problem+json with {@code Retry-After};
 *   <li>admission: while the serving event loop is behind ({@link EventLoopDelay}), or when every
 *       permit of {@link AdmissionControl} is taken, {@code 503} problem+json with {@code
 *       Retry-After: 1}; else the request holds a permit until its response is disposed.
 * </ol>
 *
 * <p>The health routes ({@link Observability#probe}) pass without a token or a permit; {@code
 * /metrics} takes a token of its address but is never shed.
 *
 * <p>The client address is the TCP peer's: no forwarding header is trusted.
 *
 * <p>With several event loops serving HTTP, each loop's router has its own handler, all built on
 * one {@link EdgeLimits}: the rate tables and the in-flight cap are the process's, while the delay
 * check is each loop's own ({@link #install}).
 */
public final class EdgeHandler {
  /** The route order of the edge: before every route the OpenAPI router builder adds. */
  public static final int ORDER = -1_000_000;

  /** The problem+json content type. */
  public static final String PROBLEM_JSON = "application/problem+json";

  /**
   * How a service spells a problem.
   *
   * @param type the problem type URI
   * @param title the short summary
   * @param code the stable code
   */
  public record Problem(String type, String title, String code) {
    /** Checks components. */
    public Problem {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(code, "code");
    }
  }

  private final EdgeConfig config;
  private final EdgeLimits limits;
  private final Problem rateLimited;
  private final Problem overloaded;
  private final Predicate<RoutingContext> authenticatedRoute;
  private final RateLimiter byAddress;
  private final RateLimiter byDid;
  private final RateLimiter authFailures;
  private final AdmissionControl admission;
  private EventLoopDelay loop = EventLoopDelay.start(null, 0);

  /**
   * @param config limits
   * @param rateLimited the problem of a 429
   * @param overloaded the problem of a 503 when the in-flight cap is reached
   * @param authenticatedRoute whether the request's route is one with DID-auth (whose limit is then
   *     the DID's, applied through {@link #admitDid})
   */
  public EdgeHandler(
      EdgeConfig config,
      Problem rateLimited,
      Problem overloaded,
      Predicate<RoutingContext> authenticatedRoute) {
    this(new EdgeLimits(config), rateLimited, overloaded, authenticatedRoute);
  }

  /**
   * A handler sharing the rate tables and the in-flight cap of other handlers (one per event loop).
   *
   * @param limits the process's rate tables and in-flight cap
   * @param rateLimited the problem of a 429
   * @param overloaded the problem of a 503 when the in-flight cap is reached
   * @param authenticatedRoute whether the request's route is one with DID-auth (whose limit is then
   *     the DID's, applied through {@link #admitDid})
   */
  public EdgeHandler(
      EdgeLimits limits,
      Problem rateLimited,
      Problem overloaded,
      Predicate<RoutingContext> authenticatedRoute) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.config = limits.config();
    this.rateLimited = Objects.requireNonNull(rateLimited, "rateLimited");
    this.overloaded = Objects.requireNonNull(overloaded, "overloaded");
    this.authenticatedRoute = Objects.requireNonNull(authenticatedRoute, "authenticatedRoute");
    this.byAddress = limits.byAddress();
    this.byDid = limits.byDid();
    this.authFailures = limits.authFailures();
    this.admission = limits.admission();
  }

  /**
   * Puts the edge in front of every route of the router, and its failure handler (for {@link
   * RateLimitedException}) in front of the router's own.
   *
   * <p>Call it on the event loop that will serve the requests (in the verticle's start), where the
   * {@link EventLoopDelay} tick runs. The delay check is per loop: a request is shed when the loop
   * that would serve it is behind. A connection stays on one loop, so a request waits only behind
   * its own loop's work; one loop's backlog (say a burst of slow requests on its connections) does
   * not shed the requests other loops serve on time, and an overload of the whole process puts
   * every loop behind anyway.
   *
   * @param vertx the Vert.x instance
   * @param router the router
   * @return the router
   */
  public Router install(Vertx vertx, Router router) {
    loop = EventLoopDelay.start(vertx, config.maxEventLoopDelayMillis());
    router.route().order(ORDER).handler(this::handle).failureHandler(this::failure);
    return router;
  }

  /**
   * Charges an authenticated DID: a step to compose after authentication.
   *
   * @param did the authenticated DID
   * @return the DID, or a future failed with {@link RateLimitedException}
   */
  public Future<String> admitDid(String did) {
    RateLimiter.Decision d = byDid.tryAcquire(did);
    return d.allowed()
        ? Future.succeededFuture(did)
        : Future.failedFuture(
            new RateLimitedException(
                d.retryAfterSeconds(),
                "too many requests from this DID; retry after " + d.retryAfterSeconds() + " s"));
  }

  /**
   * The cap on requests in process.
   *
   * @return the admission control
   */
  public AdmissionControl admission() {
    return admission;
  }

  /**
   * The rate tables and in-flight cap, shared with the handlers of other event loops.
   *
   * @return the limits
   */
  public EdgeLimits limits() {
    return limits;
  }

  /**
   * The limits.
   *
   * @return the configuration
   */
  public EdgeConfig config() {
    return config;
  }

  void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (Observability.probe(path)) {
      // A probe must not be refused because the service is busy or its address over a limit.
      ctx.next();
      return;
    }
    String address = address(ctx);
    if (Observability.METRICS_PATH.equals(path)) {
      // A scrape takes a token but is never shed: an overload is when its numbers matter most.
      RateLimiter.Decision scrape = byAddress.tryAcquire(address);
      if (scrape.allowed()) {
        ctx.next();
      } else {
        reject(
            ctx,
            429,
            rateLimited,
            scrape.retryAfterSeconds(),
            "too many requests from this address; retry after "
                + scrape.retryAfterSeconds()
                + " s");
      }
      return;
    }
    boolean authenticated = authenticatedRoute.test(ctx);
    RateLimiter.Decision d =
        authenticated ? authFailures.peek(address) : byAddress.tryAcquire(address);
    if (!d.allowed()) {
      reject(
          ctx,
          429,
          rateLimited,
          d.retryAfterSeconds(),
          "too many requests from this address; retry after " + d.retryAfterSeconds() + " s");
      return;
    }
    if (loop.behind() || !admission.tryEnter()) {
      reject(
          ctx,
          503,
          overloaded,
          1,
          "the service is at its limit of requests in process; retry shortly");
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    ctx.addEndHandler(
        ignored -> {
          if (released.compareAndSet(false, true)) {
            admission.release();
          }
        });
    keepFormBodiesOfOtherMethodsAsBytes(ctx);
    if (authenticated) {
      ctx.addHeadersEndHandler(
          ignored -> {
            if (ctx.response().getStatusCode() == 401) {
              authFailures.charge(address);
            }
          });
    }
    ctx.next();
  }

  /**
   * Vert.x's body handler decodes a form body (urlencoded or multipart) only for POST, PUT, PATCH
   * and DELETE, and fails any other method that declares one with an IllegalStateException, which
   * would be a 500: for those the Content-Type goes, the body stays bytes, and the router answers
   * as for any body (405 where the method is not the path's).
   */
  private static final Set<HttpMethod> FORM_METHODS =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private static void keepFormBodiesOfOtherMethodsAsBytes(RoutingContext ctx) {
    if (FORM_METHODS.contains(ctx.request().method())) {
      return;
    }
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null) {
      String t = type.toLowerCase(Locale.ROOT).trim();
      if (t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/")) {
        ctx.request().headers().remove(HttpHeaders.CONTENT_TYPE);
      }
    }
  }

  void failure(RoutingContext ctx) {
    if (ctx.failure() instanceof RateLimitedException e && !ctx.response().headWritten()) {
      reject(ctx, 429, rateLimited, e.retryAfterSeconds(), e.getMessage());
    } else {
      ctx.next();
    }
  }

  private static String address(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    return host == null ? "unknown" : host;
  }

  private static void reject(
      RoutingContext ctx, int status, Problem problem, long retryAfter, String detail) {
    JsonObject body =
        new JsonObject()
            .put("type", problem.type())
            .put("title", problem.title())
            .put("status", status)
            .put("detail", detail)
            .put("code", problem.code());
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
        .end(body.encode());
  }
}
