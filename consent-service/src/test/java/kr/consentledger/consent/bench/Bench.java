/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import kr.consentledger.consent.load.LoadGenerator;
import kr.consentledger.consent.testing.ServiceProcess;
import org.HdrHistogram.Histogram;

/**
 * {@code ./dev bench [scenario…] [options]}: the benchmark command (a benchmark, not a test: it
 * asserts nothing about time). Starts its own system (see {@link BenchSystem}) or uses a running
 * one, runs each scenario (warm-up, then a measured window, closed or open loop, inputs signed
 * before the clock starts), and prints and writes the report (see {@link BenchReport}).
 *
 * <p>Options: {@code --connections N} (closed loop, default 32), {@code --rate R} (open loop at R
 * requests/s instead), {@code --duration S} (default 30), {@code --warmup S} (default 10), {@code
 * --system-warmup S} (before the first scenario, load that brings every JVM's JIT compilation to a
 * steady state: default 60 for a started system, 0 against a running one), {@code --drain S} (how
 * long to wait for commits after the window, default 120), {@code --consents N} (consents anchored
 * in set-up for verify and mixed, default 64), {@code --max-inputs N} (default 200000), {@code
 * --raw-seconds S} (the raw limit's measurement, before and after, default 3), {@code --url U
 * --resolver-url U [--run-dir D] [--ca F]} (a running system), {@code --run-dir D --port-base P}
 * (where to start one), {@code --java JDK} (the JDK of the services and the chaincode server),
 * {@code --keep} (leave the started system running), {@code --out D} (default
 * target/bench/&lt;timestamp&gt;).
 */
public final class Bench {
  /** The options of one run. */
  record Options(
      List<String> scenarios,
      URI url,
      URI resolverUrl,
      Path ca,
      Path runDir,
      int portBase,
      int connections,
      double rate,
      double seconds,
      double warmup,
      double systemWarmup,
      double drain,
      int consents,
      int maxInputs,
      double rawSeconds,
      String java,
      boolean keep,
      Path out) {

    static Options parse(String[] args, Path root) {
      List<String> scenarios = new ArrayList<>();
      Map<String, String> o = new java.util.HashMap<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--keep")) {
          o.put("keep", "true");
        } else if (a.startsWith("--")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          o.put(a.substring(2), args[++i]);
        } else {
          scenarios.add(a);
        }
      }
      for (String k : o.keySet()) {
        if (!Set.of(
                "keep",
                "url",
                "resolver-url",
                "ca",
                "run-dir",
                "port-base",
                "connections",
                "rate",
                "duration",
                "warmup",
                "system-warmup",
                "drain",
                "consents",
                "max-inputs",
                "raw-seconds",
                "java",
                "out")
            .contains(k)) {
          throw new IllegalArgumentException("unknown option --" + k);
        }
      }
      String stamp =
          DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
              .withZone(ZoneOffset.UTC)
              .format(Instant.now());
      String java = o.getOrDefault("java", System.getenv("CONSENT_LEDGER_JAVA"));
      // Against a running system only --run-dir names its run folder; a started one defaults to the
      // bench's.
      String runDir =
          o.containsKey("url")
              ? o.get("run-dir")
              : o.getOrDefault("run-dir", System.getenv("CONSENT_LEDGER_BENCH_RUN_DIR"));
      return new Options(
          Scenarios.expand(scenarios),
          o.containsKey("url") ? URI.create(o.get("url")) : null,
          o.containsKey("resolver-url") ? URI.create(o.get("resolver-url")) : null,
          o.containsKey("ca") ? Path.of(o.get("ca")) : null,
          runDir == null || runDir.isBlank() ? null : Path.of(runDir),
          Integer.parseInt(
              o.getOrDefault("port-base", env("CONSENT_LEDGER_BENCH_PORT_BASE", "29050"))),
          Integer.parseInt(o.getOrDefault("connections", "32")),
          Double.parseDouble(o.getOrDefault("rate", "0")),
          Double.parseDouble(o.getOrDefault("duration", "30")),
          Double.parseDouble(o.getOrDefault("warmup", "10")),
          // A started system's JVMs are new: their JIT compilers would spend the first minute's
          // CPU.
          Double.parseDouble(o.getOrDefault("system-warmup", o.containsKey("url") ? "0" : "60")),
          Double.parseDouble(o.getOrDefault("drain", "120")),
          Integer.parseInt(o.getOrDefault("consents", "64")),
          Integer.parseInt(o.getOrDefault("max-inputs", "200000")),
          Double.parseDouble(o.getOrDefault("raw-seconds", "3")),
          java == null || java.isBlank() ? null : java,
          o.containsKey("keep"),
          o.containsKey("out")
              ? Path.of(o.get("out"))
              : root.resolve("target/bench").resolve(stamp));
    }

    private static String env(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v;
    }
  }

  private Bench() {}

  /**
   * Runs the benchmark.
   *
   * @param args scenarios and options (see the class comment)
   * @throws Exception when the system cannot be started or a set-up step fails
   */
  public static void main(String[] args) throws Exception {
    Path root = BenchSystem.findRoot();
    Options options = Options.parse(args, root);
    BenchReport report;
    if (options.url() != null) {
      URI resolver = options.resolverUrl() != null ? options.resolverUrl() : options.url();
      try (BenchSystem system =
          BenchSystem.attach(options.url(), resolver, options.ca(), options.runDir())) {
        report = run(system, options, String.join(" ", args));
      }
    } else {
      Path runDir = options.runDir() != null ? options.runDir() : stateDir().resolve("bench-run");
      try (BenchSystem system =
          BenchSystem.start(
              root, runDir, options.portBase(), options.java(), true, options.keep(), Map.of())) {
        report = run(system, options, String.join(" ", args));
      }
    }
    System.out.println();
    System.out.println(report.markdown());
    System.out.println("[bench] report written to " + options.out());
    System.exit(0);
  }

  /**
   * Runs every scenario of {@code options} against {@code system}; writes and returns the report.
   */
  static BenchReport run(BenchSystem system, Options options, String commandLine) throws Exception {
    BenchReport report = new BenchReport();
    report.run.put("startedAt", Instant.now().toString());
    report.run.put("command", "./dev bench " + commandLine);
    report.run.put("consentService", system.consentUrl.toString());
    report.run.put("didResolver", system.resolverUrl.toString());
    report.run.put("servicesJava", system.java);
    report.run.put("javaExecutables", system.javaExecutables());
    report.run.put("generatorJava", System.getProperty("java.vm.version"));
    report.run.put("cores", Runtime.getRuntime().availableProcessors());
    report.run.put("loadAverageAtStart", CpuMeter.loadAverage());
    report.run.put("serviceSettingsFromEnvironment", ServiceProcess.settingsFromEnvironment());
    report.run.put(
        "rateLimits",
        system.runDir != null && system.info != null && options.url() == null
            ? "off (CONSENT_RATE_PER_SECOND=0, CONSENT_DID_RATE_PER_SECOND=0, DID_RESOLVER_RATE_PER_SECOND=0): "
                + "the generator is one address"
            : "as the running system has them");
    say("raw limit: BouncyCastle Ed25519 verify of 1 KB on 2 threads");
    report.rawLimitBefore = RawLimit.measure(2, options.rawSeconds());
    say(BenchReport.f("raw limit %.0f verifications/s", report.rawLimitBefore));
    int pool = Math.max(options.connections(), options.rate() > 0 ? 256 : 1);
    CpuMeter cpu = new CpuMeter(system.runDir);
    try (LoadGenerator load =
            new LoadGenerator(system.consentUrl, system.resolverUrl, system.ca, pool);
        CommitWatch commits = system.info == null ? null : new CommitWatch(system.info)) {
      Scenarios.Context ctx = new Scenarios.Context(system, load, commits);
      if (options.systemWarmup() > 0) {
        systemWarmup(ctx, options, cpu, report);
      }
      for (String name : options.scenarios()) {
        Scenarios.Scenario s = Scenarios.create(name, options.consents());
        try {
          report.scenarios.add(runScenario(ctx, s, options, cpu));
        } catch (Exception e) {
          // One scenario's failed set-up does not lose the others' figures.
          say(name + ": failed: " + e);
          report.failures.add(name + ": " + e);
        } finally {
          s.close();
        }
      }
    }
    report.rawLimitAfter = RawLimit.measure(2, options.rawSeconds());
    for (ScenarioResult r : report.scenarios) {
      if (r.signaturesPerRequest > 0) {
        r.ratioToRawLimit = r.total.perSecond() / (report.rawLimit() / r.signaturesPerRequest);
      }
    }
    report.run.put("loadAverageAtEnd", CpuMeter.loadAverage());
    report.write(options.out());
    return report;
  }

  /**
   * Load before the first scenario until the JVMs (services, chaincode server, generator) have
   * compiled their hot code: {@code mixed} (consents, revocations, verifications with receipts)
   * when a write or verify scenario is chosen, then {@code vcapi} and the resolution scenarios that
   * are chosen, sharing {@code --system-warmup} seconds. Not measured; the JIT seconds it took are
   * in the report's run section.
   */
  private static void systemWarmup(
      Scenarios.Context ctx, Options options, CpuMeter cpu, BenchReport report) throws Exception {
    List<String> chosen = options.scenarios();
    List<String> warm = new ArrayList<>();
    if (chosen.stream().anyMatch(n -> Set.of("anchor", "revoke", "verify", "mixed").contains(n))) {
      warm.add("mixed");
    }
    chosen.stream().filter(n -> n.equals("vcapi") || n.startsWith("resolve")).forEach(warm::add);
    Map<String, Double> jit0 = cpu.jitSample();
    long start = System.nanoTime();
    // mixed carries the most code (the service, the chaincode, the ledger), so it gets the most
    // time.
    double unit = options.systemWarmup() / (warm.size() + (warm.contains("mixed") ? 2 : 0));
    LoadGenerator.Mode mode = new LoadGenerator.Mode(options.connections(), 0);
    for (String name : warm) {
      double seconds = name.equals("mixed") ? 3 * unit : unit;
      Scenarios.Scenario s = Scenarios.create(name, options.consents());
      try {
        say("system warm-up: " + name + ", " + BenchReport.f("%.0f", seconds) + " s, " + mode);
        s.setUp(ctx);
        int n =
            s.unbounded() ? 0 : (int) Math.min(options.maxInputs(), Math.ceil(400 * seconds) + 50);
        ctx.load.run(source(s, n), mode, seconds);
      } finally {
        s.close();
      }
    }
    Map<String, Double> jit = CpuMeter.delta(jit0, cpu.jitSample());
    report.run.put("systemWarmupSeconds", BenchReport.f("%.0f", (System.nanoTime() - start) / 1e9));
    report.run.put("systemWarmupJitSeconds", jit);
    say("system warm-up done; JIT compile seconds during it: " + jit);
  }

  static ScenarioResult runScenario(
      Scenarios.Context ctx, Scenarios.Scenario s, Options options, CpuMeter cpu) throws Exception {
    LoadGenerator.Mode mode = new LoadGenerator.Mode(options.connections(), options.rate());
    say(s.name + ": set-up");
    s.setUp(ctx);
    // A guess for sizing the warm-up's inputs (each a new consent or receipt); the warm-up ends
    // early when they run out, which is harmless.
    double warmRate = s.name.equals("revoke") ? 20 : 50;
    if (options.warmup() > 0) {
      int n =
          s.unbounded()
              ? 0
              : (int)
                  Math.min(
                      options.maxInputs(),
                      Math.ceil((mode.open() ? options.rate() : warmRate) * options.warmup()) + 50);
      say(
          s.name
              + ": warm-up, "
              + options.warmup()
              + " s, "
              + mode
              + (n > 0 ? ", " + n + " inputs" : ""));
      LoadGenerator.Phase w = ctx.load.run(source(s, n), mode, options.warmup());
      // Inputs for the window are sized by the rate requests went out (shed ones use theirs up
      // too).
      warmRate = w.all.sent / Math.max(0.001, w.elapsedSeconds());
      say(
          BenchReport.f(
              "%s: warm-up sent %.0f/s, %.0f/s answered 2xx", s.name, warmRate, w.okPerSecond()));
    }
    int n = 0;
    long prepStart = System.nanoTime();
    List<LoadGenerator.Request> inputs = null;
    if (!s.unbounded()) {
      n =
          (int)
              Math.min(
                  options.maxInputs(),
                  Math.ceil(
                      mode.open()
                          ? options.rate() * options.seconds() + 1
                          : (3 * warmRate + 10) * options.seconds() + 50));
      say(s.name + ": preparing " + n + " signed inputs");
      inputs = s.prepare(n);
    }
    double prepSeconds = (System.nanoTime() - prepStart) / 1e9;
    Map<String, Long> due = new ConcurrentHashMap<>();
    Map<String, String> acceptedKind = new ConcurrentHashMap<>();
    ScenarioResult result = new ScenarioResult();
    result.scenario = s.name;
    result.mode = mode.toString();
    result.prepared = n;
    result.prepareSeconds = prepSeconds;
    result.signaturesPerRequest = s.signaturesPerRequest();
    result.notes.addAll(s.notes());
    result.loadAverageBefore = CpuMeter.loadAverage();
    say(s.name + ": measuring, " + options.seconds() + " s, " + mode);
    Map<String, Double> cpu0 = cpu.sample();
    Map<String, Double> jit0 = cpu.jitSample();
    LoadGenerator.Phase phase =
        ctx.load.run(
            s.unbounded() ? source(s, 0) : iterate(inputs),
            mode,
            options.seconds(),
            (r, t) -> {
              if (r.watchId() != null) {
                due.put(r.watchId(), t);
              }
            },
            o -> {
              if (o.error() == null && o.status() >= 200 && o.status() < 300) {
                s.check(o);
                if (o.request().watchId() != null) {
                  acceptedKind.put(o.request().watchId(), o.request().kind());
                }
              }
            });
    Map<String, Double> cpu1 = cpu.sample();
    result.jitSeconds.putAll(CpuMeter.delta(jit0, cpu.jitSample()));
    result.loadAverageAfter = CpuMeter.loadAverage();
    result.seconds = phase.elapsedSeconds();
    result.inputsExhausted = phase.inputsExhausted;
    if (phase.inputsExhausted) {
      result.notes.add(
          s.name
              + ": the prepared inputs ran out after "
              + BenchReport.f("%.1f", result.seconds)
              + " s");
    }
    result.total = kind(s.name, phase.all, result.seconds);
    phase.kinds.forEach((k, v) -> result.kinds.add(kind(k, v, result.seconds)));
    result.denied = s.denied.sum();
    result.unexpectedBodies = s.unexpected.sum();
    if (result.denied > 0) {
      result.notes.add(s.name + ": " + result.denied + " answers were a denial or carried errors");
    }
    result.cpuSeconds.putAll(CpuMeter.delta(cpu0, cpu1));
    result.cpuMsPerOperation =
        phase.all.ok == 0 ? Double.NaN : result.cpuTotal() * 1000 / phase.all.ok;
    for (int i = 0; i < phase.timeline.size(); i++) {
      Histogram h = phase.timeline.get(i);
      ScenarioResult.Latency l = ScenarioResult.Latency.of(h);
      result.timeline.add(new ScenarioResult.Second(i, h.getTotalCount(), l.p50(), l.p99()));
    }
    commits(ctx, s, phase, due, acceptedKind, options, result);
    ScenarioResult.Kind t = result.total;
    say(
        BenchReport.f(
            "%s: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d ok, %d non-2xx, %.2f CPU-ms/op",
            s.name,
            t.perSecond(),
            t.latency().p50(),
            t.latency().p99(),
            t.ok(),
            t.shed() + t.clientErrors() + t.serverErrors() + t.transportErrors(),
            result.cpuMsPerOperation));
    return result;
  }

  private static void commits(
      Scenarios.Context ctx,
      Scenarios.Scenario s,
      LoadGenerator.Phase phase,
      Map<String, Long> due,
      Map<String, String> acceptedKind,
      Options options,
      ScenarioResult result)
      throws InterruptedException {
    Set<String> kinds = new java.util.TreeSet<>(acceptedKind.values());
    long windowEnd = phase.endNanos;
    for (String kind : kinds) {
      Map<String, CommitWatch.Commit> map = s.commits(ctx, kind);
      if (map == null) {
        continue;
      }
      Set<String> ids = new HashSet<>();
      acceptedKind.forEach(
          (id, k) -> {
            if (k.equals(kind)) {
              ids.add(id);
            }
          });
      say(
          s.name
              + ": waiting up to "
              + options.drain()
              + " s for "
              + ids.size()
              + " "
              + kind
              + " commits");
      CommitWatch.await(map, ids, options.drain());
      Histogram h = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
      Set<String> txs = new HashSet<>();
      long inWindow = 0;
      long committed = 0;
      long last = windowEnd;
      for (String id : ids) {
        CommitWatch.Commit c = map.get(id);
        if (c == null) {
          continue;
        }
        committed++;
        txs.add(c.transactionId());
        h.recordValue(Math.max(0, (c.nanos() - due.get(id)) / 1000));
        if (c.nanos() <= windowEnd) {
          inWindow++;
        }
        last = Math.max(last, c.nanos());
      }
      result.commits.add(
          new ScenarioResult.Commits(
              kind,
              ids.size(),
              committed,
              inWindow,
              inWindow / result.seconds,
              txs.size(),
              txs.isEmpty() ? 0 : (double) committed / txs.size(),
              (last - windowEnd) / 1e9,
              ScenarioResult.Latency.of(h)));
      if (committed < ids.size()) {
        result.notes.add(
            s.name
                + ": "
                + (ids.size() - committed)
                + " accepted "
                + kind
                + " requests were not seen "
                + "committed within "
                + options.drain()
                + " s after the window");
      }
    }
  }

  private static ScenarioResult.Kind kind(String name, LoadGenerator.KindStats k, double seconds) {
    return new ScenarioResult.Kind(
        name,
        k.sent,
        k.ok,
        k.shed,
        k.clientErrors,
        k.serverErrors,
        k.transportErrors,
        k.statuses,
        k.ok / Math.max(0.001, seconds),
        ScenarioResult.Latency.of(k.latency));
  }

  private static Supplier<LoadGenerator.Request> source(Scenarios.Scenario s, int n) {
    if (s.unbounded()) {
      AtomicInteger i = new AtomicInteger();
      return () -> s.make(i.getAndIncrement() & Integer.MAX_VALUE);
    }
    return iterate(s.prepare(n));
  }

  private static Supplier<LoadGenerator.Request> iterate(List<LoadGenerator.Request> inputs) {
    AtomicInteger i = new AtomicInteger();
    return () -> {
      int k = i.getAndIncrement();
      return k < inputs.size() ? inputs.get(k) : null;
    };
  }

  /** {@code $XDG_STATE_HOME/consent-ledger}, as ./dev has it. */
  private static Path stateDir() {
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base =
        xdg == null || xdg.isBlank()
            ? Path.of(System.getProperty("user.home"), ".local/state")
            : Path.of(xdg);
    return base.resolve("consent-ledger");
  }

  private static final long STARTED = System.nanoTime();

  static void say(String message) {
    System.out.println(
        BenchReport.f("[bench +%.0fs] %s", (System.nanoTime() - STARTED) / 1e9, message));
    System.out.flush();
  }
}
