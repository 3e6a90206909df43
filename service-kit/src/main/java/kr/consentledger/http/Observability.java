/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import kr.consentledger.service.ServiceMetrics;

/**
 * A service's operational routes, shared by both services: {@code GET /health/live}, {@code GET
 * /health/ready} (vertx-health-check procedures, answered as {@code
 * {"status":"UP"|"DOWN","checks":[{"id","status","data"?}]}}, {@code 200} when every check is up,
 * else {@code 503}) and {@code GET /metrics} (the Prometheus text exposition of the service's
 * Micrometer registry).
 *
 * <p>Liveness is answered by the serving event loop itself (a loop that does not answer fails the
 * probe by its timeout) plus the checks registered with {@link #liveness}, such as the core
 * verticle's loop ({@link #contextAnswers}). Readiness is the checks registered with {@link
 * #readiness}: each must complete without blocking (an asynchronous query, a flag, a channel state)
 * and is given {@link #CHECK_TIMEOUT_MS}; one that times out is down.
 *
 * <p>The edge ({@link EdgeHandler}) lets the two health routes through without a token or a permit,
 * so that a probe is never refused because the service is busy or its address is over a limit;
 * {@code /metrics} takes a token of its address's bucket but is never shed.
 *
 * <p>One instance serves every event loop's router; build it once, in the service's core verticle.
 */
public final class Observability {
  /** The liveness route. */
  public static final String LIVE_PATH = "/health/live";

  /** The readiness route. */
  public static final String READY_PATH = "/health/ready";

  /** The Prometheus route. */
  public static final String METRICS_PATH = "/metrics";

  /** How long one check may take before it counts as down. */
  public static final long CHECK_TIMEOUT_MS = 2000;

  private static final String JSON = "application/json";

  private final HealthChecks live;
  private final HealthChecks ready;
  private final PrometheusMeterRegistry registry;
  private final Handler<RoutingContext> scrape;

  private Observability(Vertx vertx, PrometheusMeterRegistry registry) {
    this.live = HealthChecks.create(vertx);
    this.ready = HealthChecks.create(vertx);
    this.registry = Objects.requireNonNull(registry, "registry");
    this.scrape = PrometheusScrapingHandler.create(registry);
  }

  /**
   * Creates the routes with no check yet: live and ready are up until checks are registered.
   *
   * @param vertx the Vert.x instance
   * @param registry the registry {@code /metrics} exposes ({@link ServiceMetrics#registry})
   * @return the routes
   */
  public static Observability create(Vertx vertx, PrometheusMeterRegistry registry) {
    return new Observability(Objects.requireNonNull(vertx, "vertx"), registry);
  }

  /**
   * Creates the routes over the registry {@link ServiceMetrics#registry} gives for this Vert.x
   * instance: Vert.x's own when it was built by {@link ServiceMetrics#vertx}, else a new one.
   *
   * @param vertx the Vert.x instance
   * @return the routes
   */
  public static Observability create(Vertx vertx) {
    return create(vertx, ServiceMetrics.registry(vertx));
  }

  /**
   * The registry {@code /metrics} exposes; the service's own meters go here.
   *
   * @return the registry
   */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Adds a liveness check.
   *
   * @param id the check's name in the answer
   * @param check completes its promise with {@link Status#OK()} or {@link Status#KO()}; must not
   *     block
   * @return this
   */
  public Observability liveness(String id, Handler<Promise<Status>> check) {
    live.register(Objects.requireNonNull(id, "id"), CHECK_TIMEOUT_MS, check);
    return this;
  }

  /**
   * Adds a readiness check.
   *
   * @param id the check's name in the answer
   * @param check completes its promise with {@link Status#OK()} or {@link Status#KO()}; must not
   *     block
   * @return this
   */
  public Observability readiness(String id, Handler<Promise<Status>> check) {
    ready.register(Objects.requireNonNull(id, "id"), CHECK_TIMEOUT_MS, check);
    return this;
  }

  /**
   * Adds a readiness check read from a flag (a channel state, an open stream).
   *
   * @param id the check's name in the answer
   * @param up whether the dependency is connected; must be cheap and must not block
   * @param reason what the answer says when it is not
   * @return this
   */
  public Observability readiness(String id, BooleanSupplier up, String reason) {
    Objects.requireNonNull(up, "up");
    Objects.requireNonNull(reason, "reason");
    return readiness(
        id,
        p ->
            p.complete(
                up.getAsBoolean()
                    ? Status.OK()
                    : Status.KO(new JsonObject().put("reason", reason))));
  }

  /**
   * A liveness check that passes when the given context runs a task (its event loop answers).
   *
   * @param context the context, for example the core verticle's
   * @return the check
   */
  public static Handler<Promise<Status>> contextAnswers(Context context) {
    Objects.requireNonNull(context, "context");
    return p -> context.runOnContext(v -> p.tryComplete(Status.OK()));
  }

  /**
   * Whether a request path is one of the health routes (let through by the edge).
   *
   * @param path the request's path
   * @return true for {@link #LIVE_PATH} and {@link #READY_PATH}
   */
  public static boolean probe(String path) {
    return LIVE_PATH.equals(path) || READY_PATH.equals(path);
  }

  /**
   * Mounts the three routes on the operations {@code getLiveness}, {@code getReadiness} and {@code
   * getMetrics} of the service's OpenAPI description.
   *
   * @param builder the router builder
   */
  void mount(RouterBuilder builder) {
    builder.getRoute("getLiveness").addHandler(ctx -> answer(ctx, live));
    builder.getRoute("getReadiness").addHandler(ctx -> answer(ctx, ready));
    builder.getRoute("getMetrics").addHandler(scrape);
  }

  private static void answer(RoutingContext ctx, HealthChecks checks) {
    checks
        .checkStatus()
        .onComplete(
            done -> {
              if (ctx.response().ended()) {
                return;
              }
              CheckResult result = done.succeeded() ? done.result() : null;
              JsonObject body = json(result);
              ctx.response()
                  .setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
                  .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                  .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                  .end(body.encode());
            });
  }

  /**
   * The answer's body: {@code {"status":"UP"|"DOWN","checks":[{"id","status","data"?}]}}. A failed
   * or timed-out check is down with {@code data.reason}; no exception text is shown.
   *
   * @param result the checks' outcome, or null when it could not be had
   * @return the body
   */
  static JsonObject json(CheckResult result) {
    JsonArray checks = new JsonArray();
    boolean up = result != null;
    List<CheckResult> children = result == null ? null : result.getChecks();
    if (children != null) {
      for (CheckResult child : children) {
        boolean childUp = child.getFailure() == null && CheckResult.isUp(child);
        up &= childUp;
        JsonObject entry =
            new JsonObject().put("id", child.getId()).put("status", childUp ? "UP" : "DOWN");
        Status status = child.getStatus();
        JsonObject data = status == null ? null : status.getData();
        if (child.getFailure() != null || (status != null && status.isProcedureInError())) {
          entry.put("data", new JsonObject().put("reason", "the check failed or timed out"));
        } else if (data != null && !data.isEmpty()) {
          entry.put("data", data.copy());
        }
        checks.add(entry);
      }
    }
    return new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks);
  }
}
