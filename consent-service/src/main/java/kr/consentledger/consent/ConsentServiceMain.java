/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Vertx;
import java.time.Clock;
import kr.consentledger.consent.http.ConsentEdge;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.http.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the consent service as its own process, configured from environment variables (see
 * README.md): {@code java -cp <classpath> kr.consentledger.consent.ConsentServiceMain}. Exits with
 * status 2 for a bad configuration and 1 when start-up fails.
 */
public final class ConsentServiceMain {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentServiceMain.class);

  private ConsentServiceMain() {}

  /**
   * Parses the configuration, deploys the verticle and prints {@code consent-service listening on
   * <port>} once it serves.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    ConsentServiceConfig config;
    HttpEdgeConfig http;
    EdgeConfig edge;
    int eventLoops;
    MirrorSettings mirror;
    try {
      config = ConsentServiceConfig.fromEnvironment(System.getenv());
      http =
          HttpEdgeConfig.fromEnvironment(
              System.getenv(), "CONSENT_HTTP_", ConsentServiceVerticle.DEFAULT_HTTP);
      edge = EdgeConfig.fromEnvironment(ConsentEdge.PREFIX, System.getenv(), ConsentEdge.DEFAULTS);
      edge.tls().checkBind(config.host(), "CONSENT_HOST", ConsentEdge.PREFIX);
      eventLoops = HttpServingVerticle.eventLoops(System.getenv(), "CONSENT_EVENT_LOOPS");
      mirror = MirrorSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("configuration rejected: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx(HttpServingVerticle.vertxOptions(eventLoops));
    ConsentServiceVerticle verticle =
        new ConsentServiceVerticle(config, Clock.systemUTC(), http, edge, eventLoops, mirror);
    vertx
        .deployVerticle(verticle)
        .onSuccess(
            id -> {
              LOG.info(
                  "consent-service listening on {}://{}:{} (TLS {}; {} HTTP event loops; {}, ledger {})",
                  edge.tls().scheme(),
                  config.host(),
                  verticle.actualPort(),
                  edge.tls().enabled() ? ServerTls.engine() : "off",
                  eventLoops,
                  config.database(),
                  config.ledger() == null
                      ? "disabled"
                      : config.ledger().channel() + "/" + config.ledger().chaincode());
              System.out.println("consent-service listening on " + verticle.actualPort());
              Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
            })
        .onFailure(
            e -> {
              LOG.error("consent-service failed to start", e);
              vertx.close().onComplete(ignored -> System.exit(1));
            });
  }
}
