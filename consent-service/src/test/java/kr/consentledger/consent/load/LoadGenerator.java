/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import kr.consentledger.http.ServerTls;
import org.HdrHistogram.Histogram;

/**
 * The asynchronous HTTP load generator of {@code ./dev bench} and {@code ./dev overload}, on the
 * Vert.x web client: a closed loop ({@code connections} callers, each sending its next prepared
 * request when the last is answered), to find a route's capacity, or an open loop (a fixed offered
 * rate whatever the answers), to overload it; a request's latency is measured from the time it was
 * due, so a queue in front of the service, or in the generator's own connection pool, counts: no
 * coordinated omission. Latencies of admitted (2xx) requests go to HdrHistogram, per request kind
 * and per second of the run; statuses are counted, and a shed answer (429, 503) that is not
 * problem+json with a {@code code} and a {@code Retry-After} is counted apart.
 */
public final class LoadGenerator implements AutoCloseable {
  /**
   * One prepared request: everything signed already.
   *
   * @param kind the name its figures are reported under
   * @param method the method
   * @param resolver whether it goes to did-resolver (else to consent-service)
   * @param path the path below the service's base URL
   * @param body a JSON body, or null
   * @param auth whether it carries the {@link #authorization} header
   * @param watchId what the caller watches for it (a consent id), or null
   */
  public record Request(
      String kind,
      HttpMethod method,
      boolean resolver,
      String path,
      String body,
      boolean auth,
      String watchId) {
    /** A request of kind {@code kind} without authorization or watch. */
    public static Request of(String kind, HttpMethod method, String path, String body) {
      return new Request(kind, method, false, path, body, false, null);
    }
  }

  /**
   * What one request got.
   *
   * @param status the status, or -1 on a transport error
   * @param badShed whether it is a 429 or 503 that is not problem+json with a {@code code} and a
   *     {@code Retry-After}
   */
  public record Outcome(
      Request request,
      int status,
      Buffer body,
      boolean badShed,
      long dueNanos,
      long endNanos,
      Throwable error) {}

  /** How requests are offered: {@code rate} above 0 is an open loop, else a closed loop. */
  public record Mode(int connections, double rate) {
    /** A closed loop of {@code connections} callers. */
    public static Mode closed(int connections) {
      return new Mode(connections, 0);
    }

    /** An open loop of {@code rate} requests a second. */
    public static Mode open(double rate) {
      return new Mode(0, rate);
    }

    /** Whether it is an open loop. */
    public boolean open() {
      return rate > 0;
    }

    @Override
    public String toString() {
      return open()
          ? String.format(java.util.Locale.ROOT, "open loop %.0f req/s", rate)
          : "closed loop " + connections + " connections";
    }
  }

  /**
   * What one kind of request saw in a phase: requests sent, answers by status (2xx ok, 429/503
   * shed, other 5xx, any other), transport errors, and the latency of the ok ones.
   */
  public static final class KindStats {
    public final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    public final Map<Integer, Long> statuses = new TreeMap<>();
    public long sent;
    public long ok;
    public long shed;
    public long badShed;
    public long clientErrors;
    public long serverErrors;
    public long transportErrors;

    /** Answers with {@code status}. */
    public long status(int status) {
      return statuses.getOrDefault(status, 0L);
    }

    /** The latency quantile {@code q} of the ok answers in milliseconds, NaN without any. */
    public double latencyMillis(double q) {
      return latency.getTotalCount() == 0
          ? Double.NaN
          : latency.getValueAtPercentile(q * 100) / 1000.0;
    }
  }

  /** A phase's figures. */
  public static final class Phase {
    public final Mode mode;
    public final double seconds;
    public final long startNanos;
    public final Map<String, KindStats> kinds = new LinkedHashMap<>();
    public final KindStats all = new KindStats();

    /** Per second of the phase: answered requests, and their latency. */
    public final List<Histogram> timeline = new ArrayList<>();

    public long endNanos;
    public boolean inputsExhausted;

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
          if (o.badShed()) {
            s.badShed++;
          }
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

    /** Seconds from the phase's start to its end (the end of its inputs, if they ran out). */
    public double elapsedSeconds() {
      return (endNanos - startNanos) / 1e9;
    }

    /** Answers ok a second over the phase. */
    public double okPerSecond() {
      return all.ok / Math.max(0.001, elapsedSeconds());
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
  public LoadGenerator(URI consentUrl, URI resolverUrl, Path ca, int maxConnections) {
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

  /**
   * A generator for one service over HTTP: every request goes to {@code url}.
   *
   * @param url the service's base URL
   * @param maxConnections connections at most
   */
  public LoadGenerator(URI url, int maxConnections) {
    this(url, url, null, maxConnections);
  }

  /** The {@code Authorization} header value of requests marked {@code auth}. */
  public void authorization(Supplier<String> value) {
    authorization = value;
  }

  /** Sends one request now and completes with its outcome (never fails). */
  public Future<Outcome> send(Request r, long dueNanos) {
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
                new Outcome(
                    r,
                    resp.statusCode(),
                    resp.body(),
                    badShed(resp),
                    dueNanos,
                    System.nanoTime(),
                    null))
        .otherwise(e -> new Outcome(r, -1, null, false, dueNanos, System.nanoTime(), e));
  }

  /** A 429 or 503 that is not problem+json with a {@code code} and a {@code Retry-After}. */
  private static boolean badShed(HttpResponse<Buffer> resp) {
    if (resp.statusCode() != 429 && resp.statusCode() != 503) {
      return false;
    }
    if (!"application/problem+json".equals(resp.getHeader("Content-Type"))
        || resp.getHeader("Retry-After") == null) {
      return true;
    }
    try {
      return new JsonObject(resp.body()).getString("code") == null;
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Runs one phase with {@code source}'s requests, without callbacks; see the other run. */
  public Phase run(Supplier<Request> source, Mode mode, double seconds) throws Exception {
    return run(source, mode, seconds, (r, t) -> {}, o -> {});
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
  public Phase run(
      Supplier<Request> source,
      Mode mode,
      double seconds,
      BiConsumer<Request, Long> onSend,
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
      // Set once the timer schedules no more: only then may the last answer end the phase (the
      // timer and the answers run on different event loops).
      AtomicBoolean stopped = new AtomicBoolean();
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
              dispatch(
                  phase,
                  r,
                  dueAt,
                  onSend,
                  onOutcome,
                  () -> {
                    if (outstanding.decrementAndGet() == 0 && stopped.get()) {
                      done.tryComplete();
                    }
                  });
            }
            if (now >= end || phase.inputsExhausted) {
              vertx.cancelTimer(id);
              stopped.set(true);
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
      BiConsumer<Request, Long> onSend,
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
    dispatch(
        phase,
        r,
        System.nanoTime(),
        onSend,
        onOutcome,
        () -> closedLoop(phase, source, end, running, done, onSend, onOutcome));
  }

  /**
   * Sends {@code r}, due at {@code due}: counts it in {@code phase}, tells {@code onSend}, records
   * its outcome and tells {@code onOutcome}, then runs {@code then}.
   */
  private void dispatch(
      Phase phase,
      Request r,
      long due,
      BiConsumer<Request, Long> onSend,
      Consumer<Outcome> onOutcome,
      Runnable then) {
    phase.sent(r);
    onSend.accept(r, due);
    send(r, due)
        .onComplete(
            o -> {
              phase.record(o.result());
              onOutcome.accept(o.result());
              then.run();
            });
  }

  @Override
  public void close() {
    consent.close();
    resolver.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
