/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small HTTP load generator on Vert.x: a closed loop ({@code connections} callers, each sending
 * its next request when the last is answered) to find a route's capacity, and an open loop (a fixed
 * offered rate, whatever the answers) to overload it. Latency is taken from the moment a connection
 * carries the request to the end of its response.
 */
final class LoadGenerator implements AutoCloseable {
  /** One request shape. */
  record Target(HttpMethod method, int port, String path, String body) {}

  /** What one phase saw. */
  record Phase(
      double seconds,
      long sent,
      long admitted,
      long rateLimited,
      long overloaded,
      long other5xx,
      long other,
      long errors,
      long badShedBodies,
      double p50Millis,
      double p99Millis,
      Map<Integer, Long> statuses) {
    double admittedPerSecond() {
      return admitted / seconds;
    }

    long shed() {
      return rateLimited + overloaded;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;

  LoadGenerator(int maxConnections) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000).setIdleTimeout(30),
            new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
  }

  private final class Recorder {
    final LongAdder sent = new LongAdder();
    final LongAdder admitted = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder overloaded = new LongAdder();
    final LongAdder other5xx = new LongAdder();
    final LongAdder other = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder badShedBodies = new LongAdder();
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    long[] latencies = new long[1 << 16];
    int count;

    synchronized void latency(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }

    Future<Void> send(Target t) {
      sent.increment();
      RequestOptions options =
          new RequestOptions()
              .setMethod(t.method())
              .setHost("127.0.0.1")
              .setPort(t.port())
              .setURI(t.path())
              .setIdleTimeout(30_000);
      if (t.body() != null) {
        options.putHeader("Content-Type", "application/json");
      }
      return client
          .request(options)
          .compose(
              req -> {
                long start = System.nanoTime();
                Future<io.vertx.core.http.HttpClientResponse> sentRequest =
                    t.body() == null ? req.send() : req.send(Buffer.buffer(t.body()));
                return sentRequest.compose(
                    resp ->
                        resp.body()
                            .map(
                                body -> {
                                  record(
                                      resp.statusCode(),
                                      resp.getHeader("Content-Type"),
                                      resp.getHeader("Retry-After"),
                                      body,
                                      System.nanoTime() - start);
                                  return (Void) null;
                                }));
              })
          .recover(
              e -> {
                errors.increment();
                return Future.succeededFuture();
              });
    }

    void record(int status, String contentType, String retryAfter, Buffer body, long nanos) {
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
      if (status >= 200 && status < 300) {
        admitted.increment();
        latency(nanos);
      } else if (status == 429 || status == 503) {
        boolean problem = "application/problem+json".equals(contentType) && retryAfter != null;
        String code = null;
        try {
          code = new JsonObject(body).getString("code");
        } catch (RuntimeException e) {
          problem = false;
        }
        if (!problem || code == null) {
          badShedBodies.increment();
        }
        (status == 429 ? rateLimited : overloaded).increment();
      } else if (status >= 500) {
        other5xx.increment();
      } else {
        other.increment();
      }
    }

    synchronized Phase phase(double seconds) {
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      Map<Integer, Long> s = new java.util.TreeMap<>();
      statuses.forEach((k, v) -> s.put(k, v.sum()));
      return new Phase(
          seconds,
          sent.sum(),
          admitted.sum(),
          rateLimited.sum(),
          overloaded.sum(),
          other5xx.sum(),
          other.sum(),
          errors.sum(),
          badShedBodies.sum(),
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          s);
    }
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }

  /** {@code connections} callers back to back for {@code seconds}. */
  Phase closedLoop(Target target, int connections, double seconds) throws Exception {
    Recorder r = new Recorder();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger(connections);
    for (int i = 0; i < connections; i++) {
      vertx.runOnContext(v -> loop(r, target, end, running, done));
    }
    long start = System.nanoTime();
    done.future().toCompletionStage().toCompletableFuture().get();
    return r.phase((System.nanoTime() - start) / 1e9);
  }

  private void loop(
      Recorder r, Target target, long end, AtomicInteger running, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    r.send(target).onComplete(v -> loop(r, target, end, running, done));
  }

  /** {@code rate} requests a second for {@code seconds}, then waits for the answers. */
  Phase openLoop(Target target, double rate, double seconds) throws Exception {
    Recorder r = new Recorder();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    AtomicLong scheduled = new AtomicLong();
    AtomicLong outstanding = new AtomicLong();
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(
        5,
        id -> {
          long now = System.nanoTime();
          long due = (long) (Math.min(now, end) - start) * (long) rate / 1_000_000_000L;
          while (scheduled.get() < due) {
            scheduled.incrementAndGet();
            outstanding.incrementAndGet();
            r.send(target)
                .onComplete(
                    v -> {
                      if (outstanding.decrementAndGet() == 0 && System.nanoTime() >= end) {
                        done.tryComplete();
                      }
                    });
          }
          if (now >= end) {
            vertx.cancelTimer(id);
            if (outstanding.get() == 0) {
              done.tryComplete();
            }
          }
        });
    done.future().toCompletionStage().toCompletableFuture().get();
    return r.phase(seconds);
  }

  @Override
  public void close() {
    client.close().await();
    vertx.close().await();
  }
}
