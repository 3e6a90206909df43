/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.boot;

import java.time.Clock;
import java.util.Map;
import kr.consentledger.consent.MirrorSettings;
import kr.consentledger.consent.http.ConsentEdge;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.service.ServiceMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the consent service as its own process, configured from environment variables (see
 * README.md): {@code java -cp <classpath> kr.consentledger.consent.boot.ConsentServiceMain}. Exits
 * with status 2 for a bad configuration and 1 when start-up fails ({@link ServiceMain}).
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
    ServiceMain.run("consent-service", () -> configure(System.getenv()));
  }

  private static ServiceMain.Launch configure(Map<String, String> env) {
    ConsentServiceConfig config = ConsentServiceConfig.fromEnvironment(env);
    HttpEdgeConfig http =
        HttpEdgeConfig.fromEnvironment(env, "CONSENT_HTTP_", ConsentServiceVerticle.DEFAULT_HTTP);
    EdgeConfig edge = EdgeConfig.fromEnvironment(ConsentEdge.PREFIX, env, ConsentEdge.DEFAULTS);
    edge.tls().checkBind(config.host(), "CONSENT_HOST", ConsentEdge.PREFIX);
    int eventLoops = HttpServingVerticle.eventLoops(env, "CONSENT_EVENT_LOOPS");
    MirrorSettings mirror = MirrorSettings.fromEnvironment(env);
    ConsentServiceVerticle verticle =
        new ConsentServiceVerticle(config, Clock.systemUTC(), http, edge, eventLoops, mirror)
            .statusLists(StatusListConfig.fromEnvironment(env));
    return new ServiceMain.Launch(
        HttpServingVerticle.vertxOptions(eventLoops),
        verticle,
        () -> {
          LOG.info(
              HttpServingVerticle.listening(
                  "consent-service",
                  edge.tls(),
                  config.host(),
                  verticle.actualPort(),
                  eventLoops,
                  config.database()
                      + ", ledger "
                      + (config.ledger() == null
                          ? "disabled"
                          : config.ledger().channel() + "/" + config.ledger().chaincode())));
          System.out.println("consent-service listening on " + verticle.actualPort());
        });
  }
}
