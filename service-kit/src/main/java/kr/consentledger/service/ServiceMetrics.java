/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.service;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The process's Micrometer registry and the Vert.x instance bound to it (vertx-micrometer-metrics):
 * HTTP server requests by route template, method and status ({@code vertx_http_server_*}), the
 * worker and database pools, the event loops, and the JVM, all exposed for Prometheus. The
 * services' own meters are registered on the same registry.
 *
 * <p>Labels are bounded: the route is the matched route's template (never the raw path, which is
 * left out), a method other than the standard ones is counted as {@code OTHER}, and the request
 * latency histogram has {@link #LATENCY_BUCKETS} fixed buckets.
 */
public final class ServiceMetrics {
  /** The buckets of every latency histogram, from 5 ms to 10 s. */
  public static final List<Duration> LATENCY_BUCKETS =
      List.of(
          Duration.ofMillis(5),
          Duration.ofMillis(10),
          Duration.ofMillis(25),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(2500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10));

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");

  private ServiceMetrics() {}

  /**
   * A new Vert.x instance whose metrics go to a new Prometheus registry ({@link #registry} gives it
   * back).
   *
   * @param options the Vert.x options; their metrics options are replaced
   * @return the Vert.x instance
   */
  public static Vertx vertx(VertxOptions options) {
    PrometheusMeterRegistry registry = newRegistry();
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(
                EnumSet.of(
                    Label.HTTP_ROUTE,
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME,
                    Label.CLIENT_NAME));
    return Vertx.builder()
        .with(options.setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /**
   * The registry of a Vert.x instance built by {@link #vertx}; for any other instance (a test's) a
   * new registry, which the caller keeps.
   *
   * @param vertx the Vert.x instance
   * @return the registry
   */
  public static PrometheusMeterRegistry registry(Vertx vertx) {
    MeterRegistry bound = vertx.isMetricsEnabled() ? BackendRegistries.getDefaultNow() : null;
    return bound instanceof PrometheusMeterRegistry prometheus ? prometheus : newRegistry();
  }

  /**
   * A new Prometheus registry with the label and histogram rules above.
   *
   * @return the registry
   */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .meterFilter(
            MeterFilter.replaceTagValues(
                "method", method -> METHODS.contains(method) ? method : "OTHER"))
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER) {
                  return config;
                }
                double[] buckets =
                    LATENCY_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
                return DistributionStatisticConfig.builder()
                    .serviceLevelObjectives(buckets)
                    .build()
                    .merge(config);
              }
            });
    return registry;
  }
}
