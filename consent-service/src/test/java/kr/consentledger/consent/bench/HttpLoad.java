/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import kr.consentledger.http.ServerTls;
import org.HdrHistogram.Histogram;

/**
 * The asynchronous load generator of {@code ./dev bench}, on the Vert.x web client: a closed loop
 * ({@code connections} callers, each sending its next prepared request when the last is answered)
 * or an open loop (a fixed offered rate whatever the answers; a request's latency is measured from
 * the time it was due, so a queue in front of the service, or in the generator's own connection
 * pool, counts: no coordinated omission). Latencies go to HdrHistogram, per request kind and per
 * second of the run.
 */
final class HttpLoad implements AutoCloseable {
  /** One prepared request: everything signed already. */
  record Request(
      String kind,
      HttpMethod method,
      boolean resolver,
      String path,
      String body,
      boolean auth,
      String watchId) {}

  /** What one request got. */
  record Outcome(
      Request request, int status, Buffer body, long dueNanos, long endNanos, Throwable error) {}

  /** How requests are offered. */
  record Mode(int connections, double rate) {
    boolean open() {
      return rate > 0;
    }

    @Override
    public String toString() {
      return open()
          ? String.format(java.util.Locale.ROOT, "open loop %.0f req/s", rate)
          : "closed loop " + connections + " connections";
    }
  }

  /** What one kind of request saw in a phase. */
  static final class KindStats {
    final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    final Map<Integer, Long> statuses = new TreeMap<>();
    long sent;
    long ok;
    long shed;
    long clientErrors;
    long serverErrors;
    long transportErrors;
  }

  /** A phase's figures. */
  static final class Phase {
    final Mode mode;
    final double seconds;
    final long startNanos;
    final Map<String, KindStats> kinds = new LinkedHashMap<>();
    final KindStats all = new KindStats();

    /** Per second of the phase: answered requests, and their latency. */
    final List<Histogram> timeline = new ArrayList<>();

    long endNanos;
    boolean inputsExhausted;

    Phase(Mode mode, double seconds, long startNanos) {
      this.mode = mode;
      this.seconds = seconds;
      this.startNanos = startNanos;
    }

    synchronized void record(Outcome o) {
      KindStats k = kinds.computeIfAbsent(o.request().kind(), x -> new KindStats());
      for (KindStats s : List.of(k, all)) {
        if (o.error() != null) {
          s.transportErrors++;
          continue;
        }
        s.statuses.merge(o.status(), 1L, Long::sum);
        if (o.status() >= 200 && o.status() < 300) {
          s.ok++;
          s.latency.recordValue(Math.max(0, (o.endNanos() - o.dueNanos()) / 1000));
        } else if (o.status() == 429 || o.status() == 503) {
          s.shed++;
        } else if (o.status() >= 500) {
          s.serverErrors++;
        } else {
          s.clientErrors++;
        }
      }
      if (o.error() == null && o.status() >= 200 && o.status() < 300) {
        int second = (int) ((o.endNanos() - startNanos) / 1_000_000_000L);
        while (timeline.size() <= second) {
          timeline.add(new Histogram(TimeUnit.MINUTES.toMicros(10), 2));
        }
        timeline.get(second).recordValue(Math.max(0, (o.endNanos() - o.dueNanos()) / 1000));
      }
    }

    synchronized void sent(Request r) {
      kinds.computeIfAbsent(r.kind(), x -> new KindStats()).sent++;
      all.sent++;
    }

    double elapsedSeconds() {
      return (endNanos - startNanos) / 1e9;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final WebClient consent;
  private final WebClient resolver;
  private final URI consentUrl;
  private final URI resolverUrl;
  private volatile Supplier<String> authorization = () -> null;

  /**
   * @param consentUrl consent-service's base URL
   * @param resolverUrl did-resolver's base URL
   * @param ca the CA of the services' HTTPS certificates, or null to trust any certificate
   * @param maxConnections connections per service at most
   */
  HttpLoad(URI consentUrl, URI resolverUrl, Path ca, int maxConnections) {
    this.consentUrl = consentUrl;
    this.resolverUrl = resolverUrl;
    consent = client(consentUrl, ca, maxConnections);
    resolver = client(resolverUrl, ca, maxConnections);
  }

  private WebClient client(URI url, Path ca, int maxConnections) {
    // Connections idle for 5 s are dropped: the services close a connection that sends no request
    // head within 10 s (CONSENT_HTTP_HEADER_TIMEOUT_MS), and one closed under a new request is a
    // transport error that is the generator's fault, not the service's.
    WebClientOptions o =
        new WebClientOptions()
            .setKeepAlive(true)
            .setKeepAliveTimeout(5)
            .setConnectTimeout(10_000)
            .setDefaultHost(url.getHost())
            .setDefaultPort(url.getPort())
            .setUserAgentEnabled(false);
    if ("https".equals(url.getScheme())) {
      // BoringSSL when it loads, as the services use it: the generator's TLS shares the same cores.
      o.setSsl(true).setSslEngineOptions(ServerTls.engineOptions());
      if (ca == null) {
        o.setTrustAll(true).setVerifyHost(false);
      } else {
        o.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
      }
    }
    return WebClient.create(
        vertx, o, new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
  }

  /** The {@code Authorization} header value of requests marked {@code auth}. */
  void authorization(Supplier<String> value) {
    authorization = value;
  }

  /** Sends one request now and completes with its outcome (never fails). */
  Future<Outcome> send(Request r, long dueNanos) {
    WebClient client = r.resolver() ? resolver : consent;
    String base = (r.resolver() ? resolverUrl : consentUrl).getPath();
    var req =
        client
            .request(r.method(), base == null || base.equals("/") ? r.path() : base + r.path())
            .timeout(120_000);
    if (r.auth()) {
      String a = authorization.get();
      if (a != null) {
        req.putHeader("Authorization", a);
      }
    }
    Future<HttpResponse<Buffer>> f;
    if (r.body() != null) {
      req.putHeader("Content-Type", "application/json");
      f = req.sendBuffer(Buffer.buffer(r.body()));
    } else {
      f = req.send();
    }
    return f.map(
            resp ->
                new Outcome(r, resp.statusCode(), resp.body(), dueNanos, System.nanoTime(), null))
        .otherwise(e -> new Outcome(r, -1, null, dueNanos, System.nanoTime(), e));
  }

  /**
   * Runs one phase.
   *
   * @param source the next prepared request, or null when there is none left
   * @param mode closed or open loop
   * @param seconds how long requests are started
   * @param onSend called (on the generator's threads) just before a request goes out, with its due
   *     time
   * @param onOutcome called with every outcome, after it is recorded
   */
  Phase run(
      Supplier<Request> source,
      Mode mode,
      double seconds,
      java.util.function.BiConsumer<Request, Long> onSend,
      Consumer<Outcome> onOutcome)
      throws Exception {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    Phase phase = new Phase(mode, seconds, start);
    Promise<Void> done = Promise.promise();
    AtomicLong outstanding = new AtomicLong();
    if (!mode.open()) {
      AtomicInteger running = new AtomicInteger(mode.connections());
      for (int i = 0; i < mode.connections(); i++) {
        vertx.runOnContext(v -> closedLoop(phase, source, end, running, done, onSend, onOutcome));
      }
    } else {
      AtomicLong scheduled = new AtomicLong();
      double perNano = mode.rate() / 1e9;
      vertx.setPeriodic(
          1,
          id -> {
            long now = System.nanoTime();
            long due = (long) ((Math.min(now, end) - start) * perNano);
            while (scheduled.get() < due) {
              long n = scheduled.getAndIncrement();
              long dueAt = start + (long) (n / perNano);
              Request r = source.get();
              if (r == null) {
                phase.inputsExhausted = true;
                scheduled.set(Long.MAX_VALUE);
                break;
              }
              outstanding.incrementAndGet();
              phase.sent(r);
              onSend.accept(r, dueAt);
              send(r, dueAt)
                  .onComplete(
                      o -> {
                        phase.record(o.result());
                        onOutcome.accept(o.result());
                        if (outstanding.decrementAndGet() == 0
                            && (System.nanoTime() >= end || phase.inputsExhausted)) {
                          done.tryComplete();
                        }
                      });
            }
            if (now >= end || phase.inputsExhausted) {
              vertx.cancelTimer(id);
              if (outstanding.get() == 0) {
                done.tryComplete();
              }
            }
          });
    }
    done.future().toCompletionStage().toCompletableFuture().get();
    phase.endNanos = Math.min(System.nanoTime(), Math.max(end, start));
    if (phase.inputsExhausted) {
      phase.endNanos = System.nanoTime();
    }
    return phase;
  }

  private void closedLoop(
      Phase phase,
      Supplier<Request> source,
      long end,
      AtomicInteger running,
      Promise<Void> done,
      java.util.function.BiConsumer<Request, Long> onSend,
      Consumer<Outcome> onOutcome) {
    Request r = System.nanoTime() < end ? source.get() : null;
    if (r == null) {
      if (System.nanoTime() < end) {
        phase.inputsExhausted = true;
      }
      if (running.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    long due = System.nanoTime();
    phase.sent(r);
    onSend.accept(r, due);
    send(r, due)
        .onComplete(
            o -> {
              phase.record(o.result());
              onOutcome.accept(o.result());
              closedLoop(phase, source, end, running, done, onSend, onOutcome);
            });
  }

  @Override
  public void close() {
    consent.close();
    resolver.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
