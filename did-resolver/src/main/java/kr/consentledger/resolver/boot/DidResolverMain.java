/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.boot;

import java.util.Map;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.HttpEdgeConfig;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.resolver.http.ResolverEdge;
import kr.consentledger.service.ServiceMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the resolver service from environment variables (see README.md): {@code java -cp
 * <classpath> kr.consentledger.resolver.boot.DidResolverMain}. Exits with status 2 for a bad
 * configuration and 1 when start-up fails ({@link ServiceMain}).
 */
public final class DidResolverMain {
  private static final Logger LOG = LoggerFactory.getLogger(DidResolverMain.class);

  private DidResolverMain() {}

  /**
   * Parses the configuration, deploys the verticle and exits with status 1 if it cannot start.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    ServiceMain.run("did-resolver", () -> configure(System.getenv()));
  }

  private static ServiceMain.Launch configure(Map<String, String> env) {
    ResolverConfig config = ResolverConfig.fromEnvironment(env);
    HttpEdgeConfig http =
        HttpEdgeConfig.fromEnvironment(env, "DID_RESOLVER_HTTP_", DidResolverVerticle.DEFAULT_HTTP);
    EdgeConfig edge = EdgeConfig.fromEnvironment(ResolverEdge.PREFIX, env, ResolverEdge.DEFAULTS);
    edge.tls().checkBind(config.host(), "DID_RESOLVER_HOST", ResolverEdge.PREFIX);
    DidResolverVerticle verticle = new DidResolverVerticle(config, http, edge);
    return new ServiceMain.Launch(
        HttpServingVerticle.vertxOptions(config.eventLoops()),
        verticle,
        () ->
            LOG.info(
                HttpServingVerticle.listening(
                    "did-resolver",
                    edge.tls(),
                    config.host(),
                    verticle.actualPort(),
                    config.eventLoops(),
                    "did:fabric "
                        + (config.ledger() == null
                            ? "disabled"
                            : "from channel " + config.ledger().channel()))));
  }
}
