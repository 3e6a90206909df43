/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.ConsentService;
import kr.consentledger.consent.core.ConsentVerifier;
import kr.consentledger.consent.core.DidAuthenticator;
import kr.consentledger.consent.core.DidKeys;
import kr.consentledger.consent.core.OutboxProcessor;
import kr.consentledger.consent.http.ConsentHttpApi;
import kr.consentledger.http.EdgeConfig;

/**
 * The HTTP API on a real Vert.x server, with fakes behind it: an in-memory storage, a fake resolver
 * and a fake ledger. The clock is fixed at 2026-11-22T00:00:00Z.
 */
public final class ApiFixture implements AutoCloseable {
  public static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  /**
   * The integrity job's page size here: small, so that a few stored credentials make several pages.
   */
  public static final int INTEGRITY_PAGE_SIZE = 7;

  public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  public final Vertx vertx = Vertx.vertx();
  public final InMemoryConsentStorage storage = new InMemoryConsentStorage(clock);
  public final FakeResolver resolver = new FakeResolver();
  public final FakeLedger ledger = new FakeLedger();
  public final Wallet wallet = new Wallet();
  public final Wallet provider = new Wallet();
  public final Wallet recipient = new Wallet();
  public final FakeRegistry registry = new FakeRegistry();
  public final FakeAudit audit = new FakeAudit();
  public final FakeDidRegistrar didRegistrar = new FakeDidRegistrar();
  public final OutboxProcessor processor;

  /**
   * The outbox backlog's admission control: 1,000 items; tests set the count with {@code observe}.
   */
  public final kr.consentledger.consent.core.OutboxBacklog backlog =
      new kr.consentledger.consent.core.OutboxBacklog(1000, Duration.ZERO);

  public final DidAuthenticator authenticator;

  /** The health checks and the registry behind {@code /health/*} and {@code /metrics}. */
  public final kr.consentledger.http.Observability observability;

  /** The service's meters, on {@link #observability}'s registry. */
  public final kr.consentledger.consent.ops.ConsentMetrics metrics;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public ApiFixture() throws Exception {
    this(kr.consentledger.consent.boot.ConsentServiceVerticle.DEFAULT_HTTP, EdgeConfig.NONE);
  }

  /** The fixture with these HTTP limits (deadlines, connection cap). */
  public ApiFixture(kr.consentledger.http.HttpEdgeConfig http) throws Exception {
    this(http, EdgeConfig.NONE);
  }

  /** The fixture behind the given edge (rate limits, in-flight cap). */
  public ApiFixture(EdgeConfig edge) throws Exception {
    this(kr.consentledger.consent.boot.ConsentServiceVerticle.DEFAULT_HTTP, edge);
  }

  /**
   * The fixture behind the given edge, its HTTP served by {@code eventLoops} instances of {@link
   * kr.consentledger.http.HttpServingVerticle} (one router per event loop, one edge for all).
   */
  public ApiFixture(EdgeConfig edge, int eventLoops) throws Exception {
    this(kr.consentledger.consent.boot.ConsentServiceVerticle.DEFAULT_HTTP, edge, eventLoops);
  }

  private ApiFixture(kr.consentledger.http.HttpEdgeConfig http, EdgeConfig edge) throws Exception {
    this(http, edge, 1);
  }

  private ApiFixture(kr.consentledger.http.HttpEdgeConfig http, EdgeConfig edge, int eventLoops)
      throws Exception {
    resolver.register(wallet.document);
    observability = kr.consentledger.http.Observability.create(vertx);
    metrics = new kr.consentledger.consent.ops.ConsentMetrics(observability.registry(), () -> -1);
    DidKeys keys = new DidKeys(resolver);
    authenticator =
        new DidAuthenticator(storage.stores().challenges(), keys, clock, new SecureRandom());
    processor =
        new OutboxProcessor(
            vertx, storage, ledger, 100, Duration.ofHours(1), Duration.ofMinutes(2));
    ConsentService service =
        new ConsentService(
            new ConsentVerifier(Duration.ofDays(365), keys, clock), storage, clock, () -> {});
    var verifications =
        new kr.consentledger.consent.core.VerificationService(
            new kr.consentledger.consent.core.PresentationVerifier(
                keys, registry, storage.stores().nonces(), clock, Duration.ofDays(365)),
            registry,
            storage,
            () -> {});
    var audits =
        new kr.consentledger.consent.core.AuditService(
            registry,
            audit,
            audit,
            new kr.consentledger.consent.core.IntegrityJobs(
                vertx, registry, audit, clock, INTEGRITY_PAGE_SIZE));
    var routes =
        new ConsentHttpApi.Routes(
            service,
            authenticator,
            clock,
            verifications,
            new kr.consentledger.consent.core.VcApiVerifier(keys, clock),
            audits,
            new kr.consentledger.consent.core.DidRegistrations(didRegistrar),
            null,
            new kr.consentledger.consent.core.Oid4vpVerifier(
                verifications,
                new InMemoryOid4vpRequests(),
                keys,
                registry,
                clock,
                Duration.ofMinutes(10),
                this::base));
    var limits = new kr.consentledger.http.EdgeLimits(edge);
    int port =
        kr.consentledger.http.HttpServingVerticle.deploy(
                vertx,
                new kr.consentledger.http.HttpServingVerticle.Shared(
                    v ->
                        ConsentHttpApi.createRouter(
                            v, routes, limits, backlog, observability, metrics),
                    new kr.consentledger.http.HttpEdge(vertx, http, ConsentHttpApi.edgeProblems()),
                    new io.vertx.core.http.HttpServerOptions(),
                    "127.0.0.1"),
                0,
                eventLoops)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + port;
  }

  /** A valid credential of the fixture's wallet, from NOW to NOW + 181 days. */
  public JsonObject credential(String consentId) {
    return wallet.credential(
        consentId, provider.did, recipient.did, NOW, NOW.plus(Duration.ofDays(181)));
  }

  /** The body of POST /consents for a credential payload signed by the wallet. */
  public JsonObject submission(JsonObject vc) {
    String jws = wallet.signCredential(vc);
    return new JsonObject()
        .put("credential", jws)
        .put("anchor", wallet.signAnchor(Wallet.anchorFor(vc, jws)));
  }

  /**
   * A consent of {@link #wallet} for {@link #provider} to send to {@link #recipient}, accepted by
   * the service and anchored (ConsentGiven) on the fake ledger, with both parties registered and
   * their documents resolvable.
   *
   * @param consentId the consent's id
   * @return the credential's compact JWS
   */
  public String anchoredConsent(String consentId) throws Exception {
    resolver.register(provider.document);
    resolver.register(recipient.document);
    JsonObject submission = submission(credential(consentId));
    String jws = submission.getString("credential");
    HttpResponse<String> accepted = post("/consents", submission.encode());
    if (accepted.statusCode() != 202) {
      throw new IllegalStateException("the consent was not accepted: " + accepted.body());
    }
    registry.register(provider.did, "provider");
    registry.register(recipient.did, "recipient");
    registry.consents.put(
        consentId,
        new RegistryLedger.LedgerConsent(
            consentId, Wallet.hash(jws), provider.did, recipient.did, "ConsentGiven"));
    return jws;
  }

  public HttpResponse<String> post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public HttpResponse<String> postWith(String path, String body, String authorization)
      throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b.build());
  }

  public HttpResponse<String> delete(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).DELETE();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b.build());
  }

  /** A DIDAuth header for a wallet, through a fresh challenge. */
  public String didAuth(Wallet w) throws Exception {
    HttpResponse<String> c = post("/auth/challenges", new JsonObject().put("did", w.did).encode());
    String challenge = new JsonObject(c.body()).getString("challenge");
    long iat = NOW.getEpochSecond();
    return "DIDAuth " + w.didAuth(challenge, iat, iat + 300);
  }

  /** The server's base URL, {@code http://127.0.0.1:<port>}. */
  public String base() {
    return base;
  }

  /** Runs the outbox processor once; the fakes answer synchronously. */
  public int runOutbox() throws Exception {
    return processor.runOnce().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The port the server listens on. */
  public int port() {
    return URI.create(base).getPort();
  }

  public URI uri(String path) {
    return URI.create(base + path);
  }

  public HttpResponse<String> send(HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
