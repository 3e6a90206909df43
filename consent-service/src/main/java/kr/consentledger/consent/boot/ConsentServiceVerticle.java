/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.boot;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.AuditLedger;
import kr.consentledger.consent.DidRegistrar;
import kr.consentledger.consent.MirrorSettings;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.AuditService;
import kr.consentledger.consent.core.ConsentEventListener;
import kr.consentledger.consent.core.ConsentService;
import kr.consentledger.consent.core.ConsentVerifier;
import kr.consentledger.consent.core.CryptoWarmUp;
import kr.consentledger.consent.core.DidAuthenticator;
import kr.consentledger.consent.core.DidKeys;
import kr.consentledger.consent.core.DidRegistrations;
import kr.consentledger.consent.core.IntegrityJobs;
import kr.consentledger.consent.core.LedgerMirror;
import kr.consentledger.consent.core.Oid4vpVerifier;
import kr.consentledger.consent.core.OutboxBacklog;
import kr.consentledger.consent.core.OutboxProcessor;
import kr.consentledger.consent.core.PresentationVerifier;
import kr.consentledger.consent.core.StatusLists;
import kr.consentledger.consent.core.VcApiVerifier;
import kr.consentledger.consent.core.VerificationService;
import kr.consentledger.consent.fabric.FabricAuditLedger;
import kr.consentledger.consent.fabric.FabricBlockSource;
import kr.consentledger.consent.fabric.FabricConsentEvents;
import kr.consentledger.consent.fabric.FabricConsentLedger;
import kr.consentledger.consent.fabric.FabricDidRegistrar;
import kr.consentledger.consent.fabric.FabricRegistryLedger;
import kr.consentledger.consent.http.ConsentEdge;
import kr.consentledger.consent.http.ConsentHttpApi;
import kr.consentledger.consent.ops.ConsentMetrics;
import kr.consentledger.consent.pg.PgAuditStore;
import kr.consentledger.consent.pg.PgConsentStorage;
import kr.consentledger.consent.pg.PgOid4vpRequestStore;
import kr.consentledger.consent.pg.PgOpsStats;
import kr.consentledger.consent.pg.PgStatusListStore;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.HttpEdge;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.http.Observability;
import kr.consentledger.network.gateway.BlockReader;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.driver.DidResolvers;
import kr.consentledger.resolver.driver.FabricDidDriver;
import kr.consentledger.resolver.fabric.GatewayDidLedger;
import kr.consentledger.service.Shutdown;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.did.DidFabric;
import org.hyperledger.fabric.client.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent service. Start-up is one future chain: migrate the schema and open the pool, open the
 * gateway (when a ledger is configured) and the event listener, then deploy the HTTP serving
 * ({@link HttpServingVerticle}, one instance per HTTP event loop, each with its own router, all
 * sharing this verticle's services, pool, gateway connection and edge limits), and once it listens
 * start the outbox processor. The outbox processor, the event listener, the pool and the gateway
 * connection stay one per process, on this verticle. Stopping undeploys the HTTP instances
 * (children of this verticle) first, then closes the rest in reverse.
 */
public final class ConsentServiceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentServiceVerticle.class);

  /** The name of the worker pool that runs blocking gateway calls. */
  public static final String LEDGER_POOL = "consent-service-ledger";

  /**
   * The name of the worker pool that waits for the outbox's commits (one thread per window slot).
   */
  public static final String COMMIT_POOL = "consent-service-commit";

  /** How long an OpenID4VP authorization request waits for the wallet and the decision. */
  public static final Duration OID4VP_REQUEST_TTL = Duration.ofMinutes(10);

  /** The most verified DID-auth tokens remembered (each lives at most 5 minutes). */
  public static final int TOKENS_REMEMBERED = 10_000;

  /** The HTTP limits when none are given: request line 8 KiB, head 16 KiB, default deadlines. */
  public static final HttpEdgeConfig DEFAULT_HTTP = HttpEdgeConfig.defaults(8192, 16384);

  private final ConsentServiceConfig config;
  private final Clock clock;
  private final HttpEdgeConfig http;
  private final EdgeConfig edge;
  private final int eventLoops;
  private final MirrorSettings mirrorSettings;
  private WorkerExecutor ledgerPool;
  private LedgerMirror mirror;
  private WorkerExecutor commitPool;
  private final OutboxBacklog backlog;
  private PgConsentStorage storage;
  private GatewayConnection connection;
  private OutboxProcessor processor;
  private ConsentEventListener listener;
  private int port = -1;
  private DidRegistrar didRegistrar;
  private RegistryLedger registry;
  private AuditLedger auditLedger;
  private Observability observability;
  private ConsentMetrics metrics;
  private long statsTimer = -1;
  private StatusListConfig statusListConfig;
  private StatusLists statusLists;
  private DidKeys operatorKeys;
  private Future<Void> operatorRegistered = Future.succeededFuture();

  /**
   * @param config the configuration
   */
  public ConsentServiceVerticle(ConsentServiceConfig config) {
    this(config, Clock.systemUTC());
  }

  /**
   * @param config the configuration
   * @param clock the clock validity and challenges are judged against
   */
  public ConsentServiceVerticle(ConsentServiceConfig config, Clock clock) {
    this(config, clock, DEFAULT_HTTP, EdgeConfig.NONE);
  }

  /**
   * @param config the configuration
   * @param clock the clock validity and challenges are judged against
   * @param http the HTTP server's limits (deadlines, connection cap, sizes)
   * @param edge HTTPS, rate limits and the in-flight cap ({@link ConsentEdge})
   */
  public ConsentServiceVerticle(
      ConsentServiceConfig config, Clock clock, HttpEdgeConfig http, EdgeConfig edge) {
    this(config, clock, http, edge, 1, MirrorSettings.DEFAULTS);
  }

  /**
   * @param config the configuration
   * @param clock the clock validity and challenges are judged against
   * @param http the HTTP server's limits (deadlines, connection cap, sizes)
   * @param edge HTTPS, rate limits and the in-flight cap ({@link ConsentEdge})
   * @param eventLoops how many HTTP event loops serve requests ({@code CONSENT_EVENT_LOOPS})
   * @param mirrorSettings how verifications read the ledger ({@link LedgerMirror})
   */
  public ConsentServiceVerticle(
      ConsentServiceConfig config,
      Clock clock,
      HttpEdgeConfig http,
      EdgeConfig edge,
      int eventLoops,
      MirrorSettings mirrorSettings) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = Objects.requireNonNull(http, "http");
    this.edge = Objects.requireNonNull(edge, "edge");
    if (eventLoops < 1 || eventLoops > HttpServingVerticle.MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException(
          "eventLoops must be 1 to " + HttpServingVerticle.MAX_EVENT_LOOPS);
    }
    this.eventLoops = eventLoops;
    this.mirrorSettings = Objects.requireNonNull(mirrorSettings, "mirrorSettings");
    this.backlog =
        new OutboxBacklog(config.pipeline().maxBacklog(), config.pipeline().maxBacklogWait());
  }

  /**
   * Sets the Bitstring Status Lists' settings (issue 14); without them the lists are signed by a
   * key made at start-up, at the default public URL.
   *
   * @param settings the settings
   * @return this verticle
   */
  public ConsentServiceVerticle statusLists(StatusListConfig settings) {
    this.statusListConfig = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * The registration of the operators' did:fabric that start-up began (it never fails: a refusal is
   * logged).
   *
   * @return a future completed once the DID was found or registered, or the attempt failed
   */
  public Future<Void> operatorRegistered() {
    return operatorRegistered;
  }

  /**
   * The status lists, once started.
   *
   * @return the lists, or null before start-up
   */
  public StatusLists statusLists() {
    return statusLists;
  }

  @Override
  public Future<?> start() {
    return edge.tls()
        .bindAllowed(config.host(), "CONSENT_HOST", ConsentEdge.PREFIX)
        .compose(
            allowed -> {
              observability = Observability.create(vertx);
              metrics =
                  new ConsentMetrics(
                      observability.registry(), () -> mirror == null ? -1 : mirror.height());
              ledgerPool = vertx.createSharedWorkerExecutor(LEDGER_POOL, config.ledgerWorkers());
              commitPool =
                  vertx.createSharedWorkerExecutor(COMMIT_POOL, config.pipeline().window());
              return PgConsentStorage.open(vertx, config.database());
            })
        .compose(
            opened -> {
              storage = opened;
              return openLedger();
            })
        .onSuccess(resolver -> observe())
        .compose(
            resolver -> {
              DidKeys keys = new DidKeys(resolver);
              ConsentVerifier verifier = new ConsentVerifier(config.maxTerm(), keys, clock);
              DidAuthenticator checksEveryToken =
                  new DidAuthenticator(
                      storage.stores().challenges(), keys, clock, new SecureRandom());
              DidAuthenticator authenticator =
                  mirror == null
                      ? checksEveryToken
                      : checksEveryToken.withTokenCache(TOKENS_REMEMBERED, mirror);
              // Requests run on every HTTP loop: signal() hops to the processor's own context
              // itself.
              Runnable signal = processor == null ? () -> {} : processor::signal;
              StatusListConfig lists =
                  statusListConfig != null
                      ? statusListConfig
                      : StatusListConfig.fromEnvironment(java.util.Map.of());
              statusLists =
                  new StatusLists(
                      new PgStatusListStore(storage.pool()),
                      lists.operator(),
                      clock,
                      lists.publicUrl() != null
                          ? lists.publicUrl()
                          : defaultPublicUrl(config.port()),
                      lists.reservationTtl(),
                      lists.required());
              ConsentService service =
                  new ConsentService(verifier, storage, clock, signal).withStatusLists(statusLists);
              // The outbox starts once the server listens (below): a backlog left by a previous run
              // must not compete with start-up work on the event loop (contract, routes).
              Future<Void> started = CryptoWarmUp.run(vertx, verifier);
              VerificationService verifications =
                  registry == null
                      ? null
                      : new VerificationService(
                              new PresentationVerifier(
                                  keys,
                                  registry,
                                  storage.stores().nonces(),
                                  storage.stores().outbox(),
                                  clock,
                                  config.maxTerm()),
                              registry,
                              storage,
                              signal)
                          .withMirror(
                              mirror,
                              new DidKeys(resolver, mirror),
                              mirrorSettings.liveByDefault());
              PgAuditStore auditStore = new PgAuditStore(storage.pool(), storage::instanceNumber);
              IntegrityJobs jobs =
                  auditLedger == null
                      ? null
                      : new IntegrityJobs(
                          vertx, registry, auditStore, clock, IntegrityJobs.MAX_PAGE_SIZE);
              AuditService audit =
                  jobs == null ? null : new AuditService(registry, auditLedger, auditStore, jobs);
              if (jobs != null) {
                started = started.compose(v -> jobs.recover()).mapEmpty();
              }
              operatorKeys = keys;
              return started.map(
                  v ->
                      new ConsentHttpApi.Routes(
                          service,
                          authenticator,
                          clock,
                          verifications,
                          new VcApiVerifier(keys, clock),
                          audit,
                          new DidRegistrations(didRegistrar),
                          statusLists,
                          verifications == null
                              ? null
                              : new Oid4vpVerifier(
                                  verifications,
                                  new PgOid4vpRequestStore(storage.pool()),
                                  keys,
                                  registry,
                                  clock,
                                  OID4VP_REQUEST_TTL,
                                  statusLists::baseUrl)));
            })
        .compose(this::serveHttp)
        .compose(p -> processor == null ? Future.succeededFuture(p) : processor.start().map(p))
        .onSuccess(
            p -> {
              port = p;
              if (statusListConfig == null || statusListConfig.publicUrl() == null) {
                statusLists.baseUrl(defaultPublicUrl(p));
              }
              // In the background: start-up does not wait for a ledger commit. Until the DID is
              // on the ledger the lists are served but do not verify.
              if (didRegistrar != null) {
                operatorRegistered = registerOperator(operatorKeys, statusLists.operator());
              }
            });
  }

  private String defaultPublicUrl(int listening) {
    String host =
        config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
    return edge.tls().scheme()
        + "://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + listening;
  }

  /**
   * Registers the operators' did:fabric on the ledger unless it is there already. A refusal is
   * logged, not fatal: the lists are still served (and verify once the DID is registered, for
   * example through {@code POST /1.0/create} with an operation signed by the same key).
   */
  private Future<Void> registerOperator(DidKeys keys, StatusLists.Operator operator) {
    return keys.document(operator.did())
        .<Void>mapEmpty()
        .recover(
            missing -> {
              String jws;
              try {
                jws = DidFabric.create(operator.document(), operator.signer(), null).jws();
              } catch (WalletException | RuntimeException e) {
                return Future.failedFuture(e);
              }
              return didRegistrar
                  .submit(DidRegistrar.Operation.CREATE, jws)
                  .<Void>mapEmpty()
                  .onSuccess(v -> LOG.info("status lists: registered {}", operator.did()));
            })
        .recover(
            e -> {
              LOG.warn(
                  "status lists: the operators' DID {} is not registered: {}",
                  operator.did(),
                  e.getMessage());
              return Future.succeededFuture();
            });
  }

  /**
   * Readiness (PostgreSQL; with a ledger, the gateway and the event feed), liveness (this
   * verticle's event loop answers) and the outbox and event-feed gauges, read every {@link
   * #STATS_INTERVAL_MS}.
   */
  private void observe() {
    PgOpsStats stats = new PgOpsStats(storage.pool(), ConsentEventListener.CHECKPOINT);
    observability
        .liveness("eventLoop", Observability.contextAnswers(context))
        .readiness(
            "postgresql",
            p ->
                stats
                    .ping()
                    .onComplete(
                        done ->
                            p.tryComplete(
                                done.succeeded()
                                    ? Status.OK()
                                    : Status.KO(
                                        new JsonObject().put("reason", "no answer to SELECT 1")))));
    if (connection != null) {
      GatewayConnection gateway = connection;
      observability
          .readiness("gateway", gateway::connected, "the gateway peer is not connected")
          .readiness("eventFeed", metrics::feedConnected, "the chaincode event stream is not open");
    }
    statsTimer =
        vertx.setPeriodic(
            STATS_INTERVAL_MS,
            id ->
                stats
                    .read()
                    .onSuccess(
                        s ->
                            metrics.outbox(
                                s.waiting(), s.oldestAgeSeconds(), s.checkpointBlock())));
  }

  /** How often the outbox and event-feed gauges are read from the database. */
  public static final long STATS_INTERVAL_MS = 5000;

  /** Deploys {@link #eventLoops} HTTP instances sharing the routes, the edge and its limits. */
  private Future<Integer> serveHttp(ConsentHttpApi.Routes routes) {
    EdgeLimits limits = new EdgeLimits(edge);
    return HttpServingVerticle.deploy(
        vertx,
        new HttpServingVerticle.Shared(
            v ->
                ConsentHttpApi.createRouter(
                    v, routes, limits, processor == null ? null : backlog, observability, metrics),
            new HttpEdge(vertx, http, ConsentHttpApi.edgeProblems()),
            edge.tls().apply(new HttpServerOptions().setCompressionSupported(true)),
            config.host()),
        config.port(),
        eventLoops);
  }

  private Future<DidResolver> openLedger() {
    List<DidMethodDriver> drivers = new ArrayList<>(DidResolvers.localDrivers());
    ConsentServiceConfig.Ledger ledger = config.ledger();
    if (ledger == null) {
      return Future.succeededFuture(DidResolvers.byMethod(drivers));
    }
    // All of it on a worker: opening the gateway blocks, and building the adapters and the mirror
    // loads many classes (a cold start on a busy host blocked the event loop for seconds).
    return ledgerPool.executeBlocking(
        () -> {
          GatewayConnection opened = GatewayConnection.open(ledger.endpoint(), ledger.timeouts());
          connection = opened;
          Network network = opened.network(ledger.channel());
          // No DID cache: a revocation must be checked against the subject's current keys.
          drivers.add(
              new FabricDidDriver(
                  ledgerPool,
                  new GatewayDidLedger(network.getContract(ledger.chaincode(), "dids"))));
          processor =
              new OutboxProcessor(
                  vertx,
                  storage,
                  metrics.metered(
                      new FabricConsentLedger(
                          ledgerPool,
                          commitPool,
                          network.getContract(ledger.chaincode(), FabricConsentLedger.CONTRACT),
                          network.getContract(ledger.chaincode(), "receipts"))),
                  config.batchSize(),
                  config.outboxInterval(),
                  config.outboxLease(),
                  config.outboxCommitHold(),
                  new OutboxProcessor.Pipeline(
                      config.pipeline().window(), config.pipeline().linger()),
                  backlog);
          didRegistrar =
              new FabricDidRegistrar(
                  ledgerPool, commitPool, network.getContract(ledger.chaincode(), "dids"));
          registry =
              new FabricRegistryLedger(
                  ledgerPool,
                  network.getContract(ledger.chaincode(), "participants"),
                  network.getContract(ledger.chaincode(), FabricConsentLedger.CONTRACT));
          auditLedger =
              new FabricAuditLedger(
                  ledgerPool,
                  network.getContract(ledger.chaincode(), FabricConsentLedger.CONTRACT),
                  network.getContract(ledger.chaincode(), "receipts"),
                  BlockReader.of(network));
          mirror =
              new LedgerMirror(
                      vertx,
                      new FabricBlockSource(network, ledger.chaincode()),
                      registry,
                      mirrorSettings,
                      System::nanoTime,
                      ledger.eventRetryDelay())
                  .start();
          listener =
              ConsentEventListener.start(
                  metrics.tracked(
                      new FabricConsentEvents(
                          network, ledger.chaincode(), ledger.eventsStartBlock())),
                  storage,
                  ledger.eventRetryDelay());
          return DidResolvers.byMethod(drivers);
        },
        false);
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
    if (statsTimer >= 0) {
      vertx.cancelTimer(statsTimer);
    }
    if (processor != null) {
      processor.close();
    }
    // The HTTP instances are children of this deployment: Vert.x has undeployed them already.
    return Shutdown.of(vertx)
        .blocking(listener)
        .blocking(mirror)
        .blocking(connection)
        .then(storage, PgConsentStorage::shutdown)
        .then(ledgerPool, WorkerExecutor::close)
        .then(commitPool, WorkerExecutor::close)
        .close();
  }
}
