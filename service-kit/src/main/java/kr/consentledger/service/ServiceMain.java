/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.service;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up both services' {@code main} share: parse the configuration (exit with status 2 when
 * it is rejected), deploy the service's verticle on a new Vert.x instance, report once it serves
 * and close Vert.x on shutdown (exit with status 1 when start-up fails).
 */
public final class ServiceMain {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {}

  /**
   * What a configured service starts.
   *
   * @param options the Vert.x options
   * @param verticle the service's verticle
   * @param started run once the verticle is deployed, for example to log where it listens
   */
  public record Launch(VertxOptions options, Deployable verticle, Runnable started) {
    /** Checks components. */
    public Launch {
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(verticle, "verticle");
      Objects.requireNonNull(started, "started");
    }
  }

  /**
   * Configures and starts a service.
   *
   * @param name the service's name, for the log
   * @param configure parses the configuration; throws {@link IllegalArgumentException} naming the
   *     variable that is missing or malformed
   */
  public static void run(String name, Supplier<Launch> configure) {
    Launch launch;
    try {
      launch = configure.get();
    } catch (IllegalArgumentException e) {
      LOG.error("configuration rejected: {}", e.getMessage());
      System.exit(2);
      return;
    }
    // Bound to a Prometheus registry: /metrics of the service exposes it (ServiceMetrics).
    Vertx vertx = ServiceMetrics.vertx(launch.options());
    vertx
        .deployVerticle(launch.verticle())
        .onSuccess(
            id -> {
              launch.started().run();
              Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
            })
        .onFailure(
            e -> {
              LOG.error("{} failed to start", name, e);
              vertx.close().onComplete(ignored -> System.exit(1));
            });
  }
}
