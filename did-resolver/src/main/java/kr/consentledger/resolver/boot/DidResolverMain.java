/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.boot;

import io.vertx.core.Vertx;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.http.ServerTls;
import kr.consentledger.resolver.http.ResolverEdge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the resolver service from environment variables (see README.md). */
public final class DidResolverMain {
  private static final Logger LOG = LoggerFactory.getLogger(DidResolverMain.class);

  private DidResolverMain() {}

  /**
   * Parses the configuration, deploys the verticle and exits with status 1 if it cannot start.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    ResolverConfig config;
    HttpEdgeConfig http;
    EdgeConfig edge;
    try {
      config = ResolverConfig.fromEnvironment(System.getenv());
      http =
          HttpEdgeConfig.fromEnvironment(
              System.getenv(), "DID_RESOLVER_HTTP_", DidResolverVerticle.DEFAULT_HTTP);
      edge =
          EdgeConfig.fromEnvironment(ResolverEdge.PREFIX, System.getenv(), ResolverEdge.DEFAULTS);
      edge.tls().checkBind(config.host(), "DID_RESOLVER_HOST", ResolverEdge.PREFIX);
    } catch (IllegalArgumentException e) {
      LOG.error("configuration rejected: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx(HttpServingVerticle.vertxOptions(config.eventLoops()));
    DidResolverVerticle verticle = new DidResolverVerticle(config, http, edge);
    vertx
        .deployVerticle(verticle)
        .onSuccess(
            id -> {
              LOG.info(
                  "did-resolver listening on {}://{}:{} (TLS {}; {} HTTP event loops; did:fabric {})",
                  edge.tls().scheme(),
                  config.host(),
                  verticle.actualPort(),
                  edge.tls().enabled() ? ServerTls.engine() : "off",
                  config.eventLoops(),
                  config.ledger() == null
                      ? "disabled"
                      : "from channel " + config.ledger().channel());
              Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
            })
        .onFailure(
            e -> {
              LOG.error("did-resolver failed to start", e);
              vertx.close().onComplete(ignored -> System.exit(1));
            });
  }
}
