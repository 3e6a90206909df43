/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;
import kr.consentledger.service.Env;

/**
 * One event loop's share of a service's HTTP serving: its own router and server on the shared port.
 * Vert.x hands each new connection to the servers of a port in turn, so N instances serve on N
 * event loops (one verticle instance per core). Everything else is the process's and shared by
 * every instance: what the router serves (caches, database pool, gateway connection, worker pools),
 * the {@link HttpEdge} (so its connection cap counts every loop's connections) and whatever the
 * router factory closes over (the edge's rate tables and in-flight cap). Both services use it.
 */
public final class HttpServingVerticle extends VerticleBase {
  /** Builds one instance's request handler, on that instance's event loop. */
  @FunctionalInterface
  public interface RouterFactory {
    /**
     * Builds the handler; called once per instance, on the event loop that will run it.
     *
     * @param vertx the Vert.x instance
     * @return the handler, usually a router
     */
    Future<? extends Handler<HttpServerRequest>> create(Vertx vertx);
  }

  /**
   * What every instance shares.
   *
   * @param routers builds each instance's router (sharing the process's edge limits)
   * @param edge the HTTP edge, whose connection cap counts the connections of every instance
   * @param options the server options (TLS, compression); each instance copies them
   * @param host the address to listen on
   */
  public record Shared(
      RouterFactory routers, HttpEdge edge, HttpServerOptions options, String host) {
    /** Checks that every part is present. */
    public Shared {
      Objects.requireNonNull(routers, "routers");
      Objects.requireNonNull(edge, "edge");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(host, "host");
    }
  }

  private final Shared shared;
  private final int port;
  private HttpServer server;

  private HttpServingVerticle(Shared shared, int port) {
    this.shared = shared;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return shared
        .routers()
        .create(vertx)
        .compose(
            router ->
                shared
                    .edge()
                    .createServer(new HttpServerOptions(shared.options()), router)
                    .listen(port, shared.host()))
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * Deploys {@code instances} instances, all on one port: one first, then the others in a second
   * deployment once it serves, so that the first pays alone for loading and initialising the
   * router's classes (the OpenAPI contract, the validators) on its event loop, instead of every
   * loop at once waiting on the others' class loading (a blocked-thread warning on a busy machine).
   * Port 0 is passed to Vert.x as -1, its spelling of "one random port shared by every server that
   * asks for it" (port 0 would give each instance a port of its own). Deployed from a verticle,
   * they are its children and are undeployed with it.
   *
   * @param vertx the Vert.x instance (its event-loop pool should have at least {@code instances}
   *     threads, or loops are shared)
   * @param shared what the instances share
   * @param port the port, 0 for a free one
   * @param instances how many, at least 1
   * @return the port every instance listens on
   */
  public static Future<Integer> deploy(Vertx vertx, Shared shared, int port, int instances) {
    Objects.requireNonNull(shared, "shared");
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1");
    }
    int listenPort = port == 0 ? -1 : port;
    HttpServingVerticle first = new HttpServingVerticle(shared, listenPort);
    return vertx
        .deployVerticle(first)
        .compose(
            id ->
                instances == 1
                    ? Future.succeededFuture(first.server.actualPort())
                    : vertx
                        .deployVerticle(
                            () -> new HttpServingVerticle(shared, listenPort),
                            new DeploymentOptions().setInstances(instances - 1))
                        .map(other -> first.server.actualPort()));
  }

  /**
   * The number of HTTP event loops a service asks for in {@code variable}: one per available
   * processor when it is unset.
   *
   * @param env the environment
   * @param variable for example {@code CONSENT_EVENT_LOOPS}
   * @return 1 to {@link #MAX_EVENT_LOOPS}
   * @throws IllegalArgumentException naming the variable when it is malformed or out of range
   */
  public static int eventLoops(java.util.Map<String, String> env, String variable) {
    return (int) Env.integer(env, variable, DEFAULT_EVENT_LOOPS, 1, MAX_EVENT_LOOPS);
  }

  /** The most HTTP event loops a service deploys. */
  public static final int MAX_EVENT_LOOPS = 64;

  /** The default number of HTTP event loops: one per available processor. */
  public static final int DEFAULT_EVENT_LOOPS =
      Math.min(MAX_EVENT_LOOPS, Runtime.getRuntime().availableProcessors());

  /**
   * Vert.x options whose event-loop pool has room for {@code httpLoops} HTTP instances on loops of
   * their own (Vert.x's default pool is twice the processors, kept when that is more).
   *
   * @param httpLoops the HTTP serving verticle's instances
   * @return the options
   */
  public static io.vertx.core.VertxOptions vertxOptions(int httpLoops) {
    io.vertx.core.VertxOptions options = new io.vertx.core.VertxOptions();
    return options.setEventLoopPoolSize(Math.max(options.getEventLoopPoolSize(), httpLoops));
  }

  /**
   * The line a service logs once it serves, the same for every service: {@code <name> listening on
   * <scheme>://<host>:<port> (TLS <engine or off>; <n> HTTP event loops; <details>)}.
   *
   * @param name the service's name
   * @param tls its TLS settings
   * @param host the address it listens on
   * @param port the port it listens on
   * @param eventLoops its HTTP event loops
   * @param details what else it is connected to (the database, the ledger)
   * @return the line
   */
  public static String listening(
      String name, ServerTls tls, String host, int port, int eventLoops, String details) {
    return name
        + " listening on "
        + tls.scheme()
        + "://"
        + host
        + ":"
        + port
        + " (TLS "
        + (tls.enabled() ? ServerTls.engine() : "off")
        + "; "
        + eventLoops
        + " HTTP event loops; "
        + details
        + ")";
  }
}
