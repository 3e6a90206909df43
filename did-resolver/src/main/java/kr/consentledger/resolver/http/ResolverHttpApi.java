/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Objects;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.EdgeProblems;
import kr.consentledger.http.Observability;
import kr.consentledger.http.OpenApiRouters;
import kr.consentledger.resolver.DidResolver;

/**
 * Builds the HTTP API: the routes of the OpenAPI description ({@link #CONTRACT} on the class path,
 * served unchanged at {@code GET /openapi.yaml}), each request validated against it, with one
 * failure handler for every error.
 *
 * <p>The router is assembled by {@link OpenApiRouters}, which also holds the vertx-openapi
 * work-around: vertx-openapi 5.0 refuses the DID Resolution media types ({@code
 * application/did+json}, {@code application/did-resolution}, ...), so the validator's contract has
 * no response media types; the served document is the unchanged one.
 */
public final class ResolverHttpApi {
  /**
   * The class-path location of the OpenAPI 3.1 description: in this package, so that it never hides
   * consent-service's (or is hidden by it) on a class path that has both services.
   */
  public static final String CONTRACT = "kr/consentledger/resolver/http/openapi.yaml";

  /** The largest request body accepted; every route here is a GET. */
  public static final long BODY_LIMIT_BYTES = 1024;

  private static final OpenApiRouters.Api API =
      new OpenApiRouters.Api(CONTRACT, BODY_LIMIT_BYTES, ResolverFailureHandler::new);

  private ResolverHttpApi() {}

  /**
   * How this service writes the errors of the HTTP edge ({@link kr.consentledger.http.HttpEdge}):
   * problem+json with the code in camel case, for example {@code invalidHost}.
   *
   * @return the writer
   */
  public static EdgeProblems edgeProblems() {
    return ResolverFailureHandler::edge;
  }

  /**
   * Creates the router.
   *
   * @param vertx the Vert.x instance
   * @param resolver the resolver behind {@code /1.0/identifiers}
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, DidResolver resolver) {
    return createRouter(vertx, resolver, EdgeConfig.NONE);
  }

  /**
   * Creates the router behind the edge (rate limit by client address, in-flight cap; see {@link
   * ResolverEdge}).
   *
   * @param vertx the Vert.x instance
   * @param resolver the resolver behind {@code /1.0/identifiers}
   * @param edge the limits
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, DidResolver resolver, EdgeConfig edge) {
    return createRouter(vertx, resolver, new EdgeLimits(edge));
  }

  /**
   * Creates the router of one event loop behind an edge whose rate tables and in-flight cap are
   * shared with the routers of the other event loops (see {@link EdgeLimits}). Call it on the event
   * loop that will serve the router's requests: its event-loop delay check ticks there.
   *
   * @param vertx the Vert.x instance
   * @param resolver the resolver behind {@code /1.0/identifiers}
   * @param edge the process's rate tables and in-flight cap
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, DidResolver resolver, EdgeLimits edge) {
    return createRouter(vertx, resolver, edge, null);
  }

  /**
   * Creates the router of one event loop with the service's health checks and metrics ({@code
   * /health/live}, {@code /health/ready}, {@code /metrics}).
   *
   * @param vertx the Vert.x instance
   * @param resolver the resolver behind {@code /1.0/identifiers}
   * @param edge the process's rate tables and in-flight cap
   * @param observability the health checks and the registry, shared by every loop; null for routes
   *     that are always up
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(
      Vertx vertx, DidResolver resolver, EdgeLimits edge, Observability observability) {
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(resolver, "resolver");
    return API.router(
        vertx,
        (contract, document, builder) -> {
          new IdentifiersRouter(resolver).mount(builder);
          return ResolverEdge.handler(edge);
        },
        observability);
  }
}
