/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small closed-loop HTTP load generator for the resolver: {@code connections} connections, each
 * sending its next GET as soon as the previous answer is read, for a warm-up and then a measured
 * period; prints requests a second, p50/p99/max latency, the statuses seen and its own CPU time. A
 * benchmark, not a test: nothing asserts on its numbers.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp-test.txt) kr.consentledger.resolver.bench.ResolverLoad \
 *   --url http://127.0.0.1:8080/1.0/identifiers/did:key:z6Mk... --connections 32 --seconds 15 --warmup 5
 * </pre>
 */
public final class ResolverLoad {
  private ResolverLoad() {}

  /** One connection's loop. */
  private static final class Worker {
    long[] latencies = new long[1 << 16];
    int count;
    final Map<Integer, Long> statuses = new HashMap<>();

    void record(long nanos, int status) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
      statuses.merge(status, 1L, Long::sum);
    }
  }

  /**
   * Runs the load.
   *
   * @param args {@code --url U [--connections N] [--seconds S] [--warmup W] [--loops L] [--label
   *     T]}
   * @throws Exception when the run cannot complete
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    URI url = URI.create(opts.get("url"));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "32"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "15"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
    int loops = Integer.parseInt(opts.getOrDefault("loops", "2"));
    String label = opts.getOrDefault("label", url.getPath());

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    HttpClientAgent client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setPipelining(false),
            new PoolOptions().setHttp1MaxSize(connections));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(url.getHost())
            .setPort(url.getPort())
            .setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
            .putHeader("Accept", opts.getOrDefault("accept", "*/*"));

    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    Worker[] workers = new Worker[connections];
    CountDownLatch done = new CountDownLatch(connections);
    AtomicLong errors = new AtomicLong();
    AtomicLong responses = new AtomicLong();
    for (int i = 0; i < connections; i++) {
      Worker w = new Worker();
      workers[i] = w;
      vertx.runOnContext(v -> next(client, request, w, measureFrom, end, done, errors, responses));
    }
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime()));
    long cpuBefore = cpuNanos();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    done.await(seconds + warmup + 60L, TimeUnit.SECONDS);
    long cpu = cpuNanos() - cpuBefore;
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    int total = 0;
    long ok = 0;
    Map<Integer, Long> statuses = new TreeMap<>();
    for (Worker w : workers) {
      total += w.count;
      w.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
      ok += w.statuses.getOrDefault(200, 0L);
    }
    long[] all = new long[total];
    int at = 0;
    for (Worker w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.count);
      at += w.count;
    }
    Arrays.sort(all);
    System.out.printf(
        Locale.ROOT,
        "%s: %d connections, %d s: %.0f req/s (%.0f/s with 200), p50 %.2f ms, p99 %.2f ms, max %.2f ms, statuses %s, errors %d,"
            + " load generator CPU %.2f cores, load average %.2f -> %.2f; responses with warm-up: %d%n",
        label,
        connections,
        seconds,
        total / (double) seconds,
        ok / (double) seconds,
        millis(all, 0.50),
        millis(all, 0.99),
        total == 0 ? 0 : all[total - 1] / 1e6,
        statuses,
        errors.get(),
        cpu / 1e9 / seconds,
        loadBefore,
        loadAfter,
        responses.get());
    client.close().await();
    vertx.close().await();
  }

  private static void next(
      HttpClientAgent client,
      RequestOptions request,
      Worker w,
      long measureFrom,
      long end,
      CountDownLatch done,
      AtomicLong errors,
      AtomicLong responses) {
    long sent = System.nanoTime();
    if (sent - end >= 0) {
      done.countDown();
      return;
    }
    client
        .request(request)
        .compose(req -> req.send().compose(resp -> resp.body().map(body -> resp.statusCode())))
        .onComplete(
            ar -> {
              long now = System.nanoTime();
              responses.incrementAndGet();
              if (ar.failed()) {
                errors.incrementAndGet();
              } else if (sent - measureFrom >= 0 && now - end < 0) {
                w.record(now - sent, ar.result());
              }
              next(client, request, w, measureFrom, end, done, errors, responses);
            });
  }

  private static double millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
