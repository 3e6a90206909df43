/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.core.AuditService;
import kr.consentledger.consent.core.ConsentService;
import kr.consentledger.consent.core.DidAuthenticator;
import kr.consentledger.consent.core.DidRegistrations;
import kr.consentledger.consent.core.Oid4vpVerifier;
import kr.consentledger.consent.core.OutboxBacklog;
import kr.consentledger.consent.core.StatusLists;
import kr.consentledger.consent.core.VcApiVerifier;
import kr.consentledger.consent.core.VerificationService;
import kr.consentledger.consent.ops.ConsentMetrics;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeHandler;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.EdgeProblems;
import kr.consentledger.http.Observability;
import kr.consentledger.http.OpenApiRouters;

/**
 * Builds the HTTP API: the routes of the OpenAPI description ({@link #CONTRACT} on the class path,
 * served unchanged at {@code GET /openapi.yaml}), every request validated against it, body size
 * limited, one failure handler for every error.
 *
 * <p>The router is assembled by {@link OpenApiRouters}, which also holds the vertx-openapi
 * work-around (the validator's contract without response media types and security schemes).
 */
public final class ConsentHttpApi {
  /**
   * The class-path location of the OpenAPI 3.1 description: in this package, so that it never hides
   * did-resolver's (or is hidden by it) on a class path that has both services.
   */
  public static final String CONTRACT = "kr/consentledger/consent/http/openapi.yaml";

  /** The largest request body accepted on any route. */
  public static final long BODY_LIMIT_BYTES = 64 * 1024;

  private static final OpenApiRouters.Api API =
      new OpenApiRouters.Api(CONTRACT, BODY_LIMIT_BYTES, ConsentFailureHandler::new);

  private ConsentHttpApi() {}

  /**
   * What the router serves. Optional parts may be null; their routes then answer 503.
   *
   * @param consents the wallet use cases
   * @param authenticator DID authentication
   * @param clock the clock statuses are judged against
   * @param verifications provider verifications and receipts, or null
   * @param vcApi POST /credentials/verify and /presentations/verify, or null
   * @param audit the auditor API, or null
   * @param registrations the did:fabric registrar ({@code /1.0/create} and the others), or null
   * @param statusLists the Bitstring Status Lists ({@code /status-lists/...}), or null
   * @param oid4vp the OpenID4VP verifier ({@code /oid4vp/...}), or null
   */
  public record Routes(
      ConsentService consents,
      DidAuthenticator authenticator,
      Clock clock,
      VerificationService verifications,
      VcApiVerifier vcApi,
      AuditService audit,
      DidRegistrations registrations,
      StatusLists statusLists,
      Oid4vpVerifier oid4vp) {
    /** Checks the required parts. */
    public Routes {
      Objects.requireNonNull(consents, "consents");
      Objects.requireNonNull(authenticator, "authenticator");
      Objects.requireNonNull(clock, "clock");
    }

    /**
     * The routes without a DID registrar, status lists or OpenID4VP (their routes answer 503).
     *
     * @param consents the wallet use cases
     * @param authenticator DID authentication
     * @param clock the clock statuses are judged against
     * @param verifications provider verifications and receipts, or null
     * @param vcApi POST /credentials/verify and /presentations/verify, or null
     * @param audit the auditor API, or null
     */
    public Routes(
        ConsentService consents,
        DidAuthenticator authenticator,
        Clock clock,
        VerificationService verifications,
        VcApiVerifier vcApi,
        AuditService audit) {
      this(consents, authenticator, clock, verifications, vcApi, audit, null, null, null);
    }
  }

  /**
   * How this service writes the errors of the HTTP edge ({@link kr.consentledger.http.HttpEdge}):
   * problem+json under the {@link kr.consentledger.consent.ProblemCode} of the same name.
   *
   * @return the writer
   */
  public static EdgeProblems edgeProblems() {
    return ConsentFailureHandler::edge;
  }

  /**
   * Creates the router with the wallet routes only.
   *
   * @param vertx the Vert.x instance
   * @param service the use cases
   * @param authenticator DID authentication
   * @param clock the clock statuses are judged against
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(
      Vertx vertx, ConsentService service, DidAuthenticator authenticator, Clock clock) {
    return createRouter(vertx, new Routes(service, authenticator, clock, null, null, null));
  }

  /**
   * Creates the router.
   *
   * @param vertx the Vert.x instance
   * @param routes what it serves
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, Routes routes) {
    return createRouter(vertx, routes, EdgeConfig.NONE);
  }

  /**
   * Creates the router behind the edge: rate limits per DID or per address, and the in-flight cap
   * ({@link ConsentEdge}).
   *
   * @param vertx the Vert.x instance
   * @param routes what it serves
   * @param edgeConfig the limits
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, Routes routes, EdgeConfig edgeConfig) {
    return createRouter(vertx, routes, edgeConfig, null);
  }

  /**
   * The operations whose work goes through the outbox, refused while its backlog is over its bound.
   */
  static final List<String> OUTBOX_OPERATIONS =
      List.of("submitConsent", "revokeConsent", "verifyPresentationForTransmission");

  /**
   * Creates the router behind the edge, with admission control on the operations that add to the
   * outbox ({@link #OUTBOX_OPERATIONS}): while {@code backlog} refuses, they answer {@code 503
   * OVERLOADED} with {@code Retry-After} before any work is done.
   *
   * @param vertx the Vert.x instance
   * @param routes what it serves
   * @param edgeConfig the limits
   * @param backlog the outbox backlog's bound, or null for none
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(
      Vertx vertx, Routes routes, EdgeConfig edgeConfig, OutboxBacklog backlog) {
    Objects.requireNonNull(edgeConfig, "edgeConfig");
    return createRouter(vertx, routes, new EdgeLimits(edgeConfig), backlog);
  }

  /**
   * Creates the router of one event loop behind an edge whose rate tables and in-flight cap are
   * shared with the routers of the other event loops, without a backlog bound.
   *
   * @param vertx the Vert.x instance
   * @param routes what it serves
   * @param limits the process's rate tables and in-flight cap
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, Routes routes, EdgeLimits limits) {
    return createRouter(vertx, routes, limits, null);
  }

  /**
   * Creates the router of one event loop behind an edge whose rate tables and in-flight cap are
   * shared with the routers of the other event loops ({@link EdgeLimits}), with the admission
   * control of {@link #createRouter(Vertx, Routes, EdgeConfig, OutboxBacklog)}. Call it on the
   * event loop that will serve the router's requests: its event-loop delay check ticks there.
   *
   * @param vertx the Vert.x instance
   * @param routes what it serves
   * @param limits the process's rate tables and in-flight cap
   * @param backlog the outbox backlog's bound, or null for none
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(
      Vertx vertx, Routes routes, EdgeLimits limits, OutboxBacklog backlog) {
    return createRouter(vertx, routes, limits, backlog, null, null);
  }

  /**
   * Creates the router of one event loop as {@link #createRouter(Vertx, Routes, EdgeLimits,
   * OutboxBacklog)} does, with the service's health checks and metrics ({@code /health/live},
   * {@code /health/ready}, {@code /metrics}), its verification decisions counted, and the web page
   * under {@code /app/} beside the API ({@link WebPage}, not in the OpenAPI description).
   *
   * @param vertx the Vert.x instance
   * @param routes what it serves
   * @param limits the process's rate tables and in-flight cap
   * @param backlog the outbox backlog's bound, or null for none
   * @param observability the health checks and the registry, shared by every loop; null for routes
   *     that are always up
   * @param metrics the service's meters, or null for none
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(
      Vertx vertx,
      Routes routes,
      EdgeLimits limits,
      OutboxBacklog backlog,
      Observability observability,
      ConsentMetrics metrics) {
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(limits, "limits");
    return API.router(
            vertx,
            (contract, document, builder) -> {
              EdgeHandler edge = ConsentEdge.handler(limits, contract, document);
              DidAuthenticator auth = routes.authenticator().withCallerGate(edge::admitDid);
              if (backlog != null && backlog.enabled()) {
                for (String operation : OUTBOX_OPERATIONS) {
                  builder
                      .getRoute(operation)
                      .addHandler(
                          ctx -> {
                            ConsentException refused = backlog.refusal();
                            if (refused == null) {
                              ctx.next();
                            } else {
                              ctx.fail(refused);
                            }
                          });
                }
              }
              new ConsentsRouter(routes.consents(), auth, routes.clock()).mount(builder);
              new ChallengesRouter(auth).mount(builder);
              new VerificationsRouter(routes.verifications(), auth, routes.vcApi(), metrics)
                  .mount(builder);
              new AuditRouter(routes.audit(), auth).mount(builder);
              new RegistrarRouter(routes.registrations()).mount(builder);
              new StatusListsRouter(routes.statusLists(), auth).mount(builder);
              new Oid4vpRouter(routes.oid4vp(), auth, metrics).mount(builder);
              return edge;
            },
            observability)
        .map(WebPage::mount);
  }
}
