/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.HttpEdge;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import kr.consentledger.resolver.boot.DidResolverVerticle;
import kr.consentledger.resolver.boot.ResolverConfig;
import kr.consentledger.resolver.driver.CachingDidDriver;
import kr.consentledger.resolver.driver.DidDocumentCache;
import kr.consentledger.resolver.driver.DidResolvers;
import kr.consentledger.resolver.http.ResolverEdge;
import kr.consentledger.resolver.http.ResolverHttpApi;

/**
 * The resolver's HTTP service in a JVM of its own for {@link ResolverLoad}: configured from the
 * same variables as {@code DidResolverMain}, with did:fabric answered from a cache in front of an
 * in-memory ledger (the change feed is taken as up), so a cached did:fabric resolution is measured
 * without a Fabric network. A benchmark fixture, not a test.
 */
public final class ResolverBenchServer {
  /** The did:fabric the in-memory ledger knows. */
  public static final String FABRIC_DID = "did:fabric:7Tqg6BwSSWapxgUDm9KKgg";

  private ResolverBenchServer() {}

  /**
   * Starts the service and prints {@code listening on <port>}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    ResolverConfig config = ResolverConfig.fromEnvironment(System.getenv());
    HttpEdgeConfig http =
        HttpEdgeConfig.fromEnvironment(
            System.getenv(), "DID_RESOLVER_HTTP_", DidResolverVerticle.DEFAULT_HTTP);
    EdgeConfig edge =
        EdgeConfig.fromEnvironment(ResolverEdge.PREFIX, System.getenv(), ResolverEdge.DEFAULTS);
    DidDocumentCache cache = new DidDocumentCache(config.cacheSize());
    cache.enable();
    List<DidMethodDriver> drivers =
        new ArrayList<>(DidResolvers.localDrivers(config.localCacheSize()));
    drivers.add(new CachingDidDriver(new InMemoryLedger(), cache));
    DidResolver resolver = DidResolvers.byMethod(drivers);
    Vertx vertx = Vertx.vertx(HttpServingVerticle.vertxOptions(config.eventLoops()));
    EdgeLimits limits = new EdgeLimits(edge);
    HttpServingVerticle.Shared shared =
        new HttpServingVerticle.Shared(
            v -> ResolverHttpApi.createRouter(v, resolver, limits),
            new HttpEdge(vertx, http, ResolverHttpApi.edgeProblems()),
            edge.tls().apply(new HttpServerOptions().setCompressionSupported(true)),
            config.host());
    HttpServingVerticle.deploy(vertx, shared, config.port(), config.eventLoops())
        .onSuccess(
            port ->
                System.out.println(
                    "listening on " + port + " with " + config.eventLoops() + " HTTP event loops"))
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }

  /** A ledger of one DID with two keys and a service, answered at once. */
  static final class InMemoryLedger implements DidMethodDriver {
    @Override
    public String method() {
      return "fabric";
    }

    @Override
    public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
      JsonArray methods = new JsonArray();
      for (String id : List.of("key-1", "key-2")) {
        methods.add(
            new JsonObject()
                .put("id", did + "#" + id)
                .put("type", "JsonWebKey2020")
                .put("controller", did)
                .put(
                    "publicKeyJwk",
                    new JsonObject()
                        .put("kty", "OKP")
                        .put("crv", "Ed25519")
                        .put("x", "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik")));
      }
      JsonObject document =
          new JsonObject()
              .put(
                  "@context",
                  new JsonArray()
                      .add("https://www.w3.org/ns/did/v1")
                      .add("https://w3id.org/security/suites/jws-2020/v1"))
              .put("id", did)
              .put("verificationMethod", methods)
              .put("authentication", new JsonArray().add(did + "#key-1"))
              .put("assertionMethod", new JsonArray().add(did + "#key-1").add(did + "#key-2"))
              .put(
                  "service",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("id", did + "#hub")
                              .put("type", "LinkedDomains")
                              .put("serviceEndpoint", "https://example.kr")));
      JsonObject metadata =
          new JsonObject()
              .put("created", "2026-11-22T10:00:00Z")
              .put("updated", "2026-11-22T10:00:00Z")
              .put("versionId", "9f2a4c6e8b0d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a")
              .put("deactivated", false);
      return Future.succeededFuture(ResolutionResult.of(document, metadata));
    }
  }
}
