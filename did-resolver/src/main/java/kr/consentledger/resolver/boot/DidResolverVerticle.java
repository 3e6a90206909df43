/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.boot;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.HttpEdge;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.http.Observability;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.LedgerTarget;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.driver.CachingDidDriver;
import kr.consentledger.resolver.driver.DidDocumentCache;
import kr.consentledger.resolver.driver.DidResolvers;
import kr.consentledger.resolver.driver.FabricDidDriver;
import kr.consentledger.resolver.events.DidChangedListener;
import kr.consentledger.resolver.events.GatewayDidChangeFeed;
import kr.consentledger.resolver.fabric.GatewayDidLedger;
import kr.consentledger.resolver.http.ResolverEdge;
import kr.consentledger.resolver.http.ResolverHttpApi;
import kr.consentledger.service.Shutdown;
import org.hyperledger.fabric.client.Network;

/**
 * The resolver service. Start-up is one future chain: open the gateway (when a ledger is
 * configured), start the DID change listener, then deploy {@link ResolverConfig#eventLoops()}
 * instances of {@link HttpServingVerticle}, each serving HTTP on an event loop of its own and
 * sharing this verticle's resolver, caches, gateway connection, worker pool and edge limits.
 * Stopping undeploys them (they are this verticle's children), then closes the rest in reverse.
 */
public final class DidResolverVerticle extends VerticleBase {
  /** The name of the worker pool that runs blocking gateway calls. */
  public static final String LEDGER_POOL = "did-resolver-ledger";

  /** The HTTP limits when none are given: request line 8 KiB, head 8 KiB, default deadlines. */
  public static final HttpEdgeConfig DEFAULT_HTTP = HttpEdgeConfig.defaults(8192, 8192);

  private final ResolverConfig config;
  private final HttpEdgeConfig http;
  private final EdgeConfig edge;
  private WorkerExecutor ledgerPool;
  private GatewayConnection connection;
  private DidChangedListener listener;
  private Observability observability;
  private int port = -1;

  /**
   * @param config the configuration
   */
  public DidResolverVerticle(ResolverConfig config) {
    this(config, DEFAULT_HTTP, EdgeConfig.NONE);
  }

  /**
   * @param config the configuration
   * @param http the HTTP server's limits (deadlines, connection cap, sizes)
   * @param edge HTTPS, rate limits and the in-flight cap ({@link ResolverEdge})
   */
  public DidResolverVerticle(ResolverConfig config, HttpEdgeConfig http, EdgeConfig edge) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = Objects.requireNonNull(http, "http");
    this.edge = Objects.requireNonNull(edge, "edge");
  }

  @Override
  public Future<?> start() {
    return edge.tls()
        .bindAllowed(config.host(), "DID_RESOLVER_HOST", ResolverEdge.PREFIX)
        .compose(
            allowed -> {
              observability =
                  Observability.create(vertx)
                      .liveness("eventLoop", Observability.contextAnswers(context));
              ledgerPool = vertx.createSharedWorkerExecutor(LEDGER_POOL, config.ledgerWorkers());
              return drivers();
            })
        .map(DidResolvers::byMethod)
        .compose(
            resolver -> {
              EdgeLimits limits = new EdgeLimits(edge);
              return HttpServingVerticle.deploy(
                  vertx,
                  new HttpServingVerticle.Shared(
                      v -> ResolverHttpApi.createRouter(v, resolver, limits, observability),
                      new HttpEdge(vertx, http, ResolverHttpApi.edgeProblems()),
                      edge.tls().apply(new HttpServerOptions().setCompressionSupported(true)),
                      config.host()),
                  config.port(),
                  config.eventLoops());
            })
        .onSuccess(p -> port = p);
  }

  private Future<List<DidMethodDriver>> drivers() {
    List<DidMethodDriver> drivers =
        new ArrayList<>(DidResolvers.localDrivers(config.localCacheSize()));
    LedgerTarget ledger = config.ledger();
    if (ledger == null) {
      return Future.succeededFuture(drivers);
    }
    return ledgerPool
        .executeBlocking(() -> GatewayConnection.open(ledger.endpoint(), ledger.timeouts()), false)
        .map(
            opened -> {
              connection = opened;
              Network network = opened.network(ledger.channel());
              DidDocumentCache cache = new DidDocumentCache(config.cacheSize());
              observability.readiness(
                  "gateway", opened::connected, "the gateway peer is not connected");
              ResolverMetrics.register(observability.registry(), cache);
              listener =
                  DidChangedListener.start(
                      new GatewayDidChangeFeed(network, ledger.channel(), ledger.chaincode()),
                      cache,
                      ledger.eventRetryDelay());
              FabricDidDriver fabric =
                  new FabricDidDriver(
                      ledgerPool,
                      new GatewayDidLedger(network.getContract(ledger.chaincode(), "dids")));
              drivers.add(new CachingDidDriver(fabric, cache));
              return drivers;
            });
  }

  /**
   * The port the server listens on, useful when the configured port is 0.
   *
   * @return the port, or -1 before start-up completed
   */
  public int actualPort() {
    return port;
  }

  @Override
  public Future<?> stop() {
    // The HTTP instances are children of this deployment: Vert.x has undeployed them already.
    return Shutdown.of(vertx)
        .blocking(listener)
        .blocking(connection)
        .then(ledgerPool, WorkerExecutor::close)
        .close();
  }
}
