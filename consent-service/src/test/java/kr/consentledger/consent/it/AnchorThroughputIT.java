/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anchoring throughput (issue 10, part 3): {@code anchor.consents} consents (default 300), signed
 * by distinct did:key subjects before the clock starts, posted to a service process on {@code
 * anchor.connections} concurrent requests (default 16), optionally paced at {@code anchor.rate} per
 * second (0 = as fast as accepted). A 503 {@code OVERLOADED} is retried after its Retry-After.
 * Commit times come from the chaincode's {@code ConsentsChanged} events, read through the gateway
 * while the load runs.
 *
 * <p>It asserts outcomes only: every consent accepted and committed exactly once, its read-model
 * row {@code ConsentGiven}. It measures and prints (and writes to {@code anchor.report}, default
 * {@code target/anchor-report.md}): committed/s overall and over the steady middle (10th to 90th
 * percentile of commits), p50/p99/max of submit→committed, transactions and consents per
 * transaction, the CPU seconds of every process (the network's from the run folder's pids, the
 * service, PostgreSQL) and per consent, and the load average. {@code anchor.env} passes service
 * variables ({@code NAME=value,NAME=value}); {@code anchor.serviceRoot} runs the service of another
 * checkout of the repository built with {@code mvn package} (a before/after measurement).
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class AnchorThroughputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONSENTS = Integer.getInteger("anchor.consents", 300);
  private static final int CONNECTIONS = Integer.getInteger("anchor.connections", 16);
  private static final int WARMUP = Integer.getInteger("anchor.warmup", 0);

  /**
   * Acceptance only: the service runs without a ledger (nothing is anchored); CPU per accepted
   * consent.
   */
  private static final boolean ACCEPT_ONLY = Boolean.getBoolean("anchor.acceptOnly");

  /**
   * Drain: the consents are accepted by a service without a ledger (the outbox fills), then the
   * service is restarted with the ledger and the outbox drains the backlog: the anchoring ceiling
   * and its CPU per consent, without the acceptance's.
   */
  private static final boolean DRAIN = Boolean.getBoolean("anchor.drain");

  private static final double RATE = Double.parseDouble(System.getProperty("anchor.rate", "0"));
  private static final String ENV = System.getProperty("anchor.env", "");
  private static final Path REPORT =
      Path.of(System.getProperty("anchor.report", "target/anchor-report.md"));
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private ServiceProcess process;
  private int databasePort;
  @TempDir Path logs;

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      // SIGTERM first: a flight recording asked for through anchor.env is written at exit.
      process.stop();
      process.close();
    }
  }

  /** One consent to post: its id and the request body. */
  private record Prepared(String consentId, String body) {}

  @Test
  void every_consent_offered_is_committed_once_and_the_throughput_is_reported(
      NetworkInfo info, TestDatabase db) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONSENT_OUTBOX_INTERVAL_MS", "200");
    env.put("CONSENT_BATCH_SIZE", "500");
    if (ACCEPT_ONLY || DRAIN) {
      env.put("FABRIC_PEER_ENDPOINT", "");
    }
    for (String pair : ENV.split(",(?=[A-Z][A-Z0-9_]*=)")) {
      if (pair.contains("=")) {
        env.put(
            pair.substring(0, pair.indexOf('=')).trim(),
            pair.substring(pair.indexOf('=') + 1).trim());
      }
    }
    String root = System.getProperty("anchor.serviceRoot");
    if (root != null && !root.isBlank()) {
      // Another checkout of the repository, built with `mvn package`: the same class path, from
      // there.
      System.setProperty("consent.service.root", root);
    }
    databasePort = db.port();
    String database = db.createDatabase("consent_anchor");
    process =
        ServiceProcess.configure(info, db, database, env, logs)
            .memory("512m", "192m")
            .echo(
                line ->
                    line.contains(" ERROR ")
                        || line.contains("OutOfMemoryError")
                        || line.contains("blocked for"))
            .start("anchor-service");

    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    Party.register(info, "Anchor", provider, recipient);

    // Signed before the clock starts: distinct subjects, one consent each (the warm-up's first).
    List<Prepared> prepared = new ArrayList<>(CONSENTS);
    List<Prepared> warmup = new ArrayList<>(WARMUP);
    Instant until = Instant.now().plus(90, ChronoUnit.DAYS);
    for (int i = 0; i < WARMUP + CONSENTS; i++) {
      Party subject = Party.didKey(KeyType.ED25519);
      ConsentCredential c = subject.consentFor(provider, recipient, until, false);
      String body =
          JSON.createObjectNode()
              .put("credential", c.jws())
              .put("anchor", ConsentStatements.anchor(c, subject.signer()))
              .toString();
      (i < WARMUP ? warmup : prepared).add(new Prepared(c.consentId(), body));
    }
    Set<String> ours = new HashSet<>();
    prepared.forEach(p -> ours.add(p.consentId()));
    Set<String> warm = new HashSet<>();
    warmup.forEach(p -> warm.add(p.consentId()));
    AtomicInteger warmCommitted = new AtomicInteger();

    // Commit times from the chaincode events.
    Map<String, Long> committedAt = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();
    Map<String, Integer> perTransaction = new ConcurrentHashMap<>();
    Set<Long> blocks = ConcurrentHashMap.newKeySet();
    GatewayConnection events =
        GatewayConnection.open(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT);
    Network network = events.network(info.channel());
    CloseableIterator<ChaincodeEvent> stream = network.getChaincodeEvents(info.chaincode());
    Thread reader =
        new Thread(
            () -> {
              try {
                while (stream.hasNext()) {
                  ChaincodeEvent e = stream.next();
                  long now = System.nanoTime();
                  if (!"ConsentsChanged".equals(e.getEventName())) {
                    continue;
                  }
                  JsonNode changes = JSON.readTree(e.getPayload()).path("changes");
                  int mine = 0;
                  for (JsonNode change : changes) {
                    String id = change.path("consentId").asText();
                    if (warm.contains(id)) {
                      warmCommitted.incrementAndGet();
                    }
                    if (ours.contains(id)
                        && "ConsentGiven".equals(change.path("status").asText())) {
                      committedAt.putIfAbsent(id, now);
                      commits.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                      mine++;
                    }
                  }
                  if (mine > 0) {
                    perTransaction.merge(e.getTransactionId(), mine, Integer::sum);
                    blocks.add(e.getBlockNumber());
                  }
                }
              } catch (Exception e) {
                // the stream is closed at the end
              }
            },
            "anchor-events");
    reader.setDaemon(true);
    reader.start();
    Thread.sleep(1000); // the event stream is open before the first submission

    // Warm-up (not measured): the JITs of the service and the chaincode, the pools, the caches.
    if (!warmup.isEmpty() && !DRAIN) {
      Semaphore warmSlots = new Semaphore(CONNECTIONS);
      List<CompletableFuture<Void>> warmSent = new ArrayList<>();
      List<Long> ignored = java.util.Collections.synchronizedList(new ArrayList<>());
      for (Prepared p : warmup) {
        warmSlots.acquire();
        warmSent.add(
            post(p, ignored, new AtomicInteger(), new AtomicInteger())
                .whenComplete((v, e) -> warmSlots.release()));
      }
      CompletableFuture.allOf(warmSent.toArray(new CompletableFuture<?>[0]))
          .get(10, TimeUnit.MINUTES);
      long warmDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (!ACCEPT_ONLY && warmCommitted.get() < WARMUP && System.nanoTime() < warmDeadline) {
        Thread.sleep(50);
      }
      assertThat(ACCEPT_ONLY || warmCommitted.get() == WARMUP)
          .as("warm-up consents committed")
          .isTrue();
      Thread.sleep(1000);
    }

    Map<String, long[]> before = cpu();
    double[] loadBefore = loadAverage();
    Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    List<Long> acceptNanos = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger overloaded = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    Semaphore slots = new Semaphore(CONNECTIONS);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < prepared.size(); i++) {
      if (RATE > 0) {
        long due = start + (long) (i * 1e9 / RATE);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      slots.acquire();
      Prepared p = prepared.get(i);
      submittedAt.put(p.consentId(), System.nanoTime());
      sent.add(post(p, acceptNanos, overloaded, refused).whenComplete((v, e) -> slots.release()));
    }
    CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.MINUTES);
    long intakeEnd = System.nanoTime();
    if (DRAIN) {
      process.stop();
      process.set("FABRIC_PEER_ENDPOINT", info.organization("org1").peerAddress());
      process.start("anchor-drain");
      // Measured from the moment it listens (the outbox starts just before): commits after it.
      before = cpu();
      loadBefore = loadAverage();
      start = System.nanoTime();
      intakeEnd = start;
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!ACCEPT_ONLY && committedAt.size() < CONSENTS && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long end =
        committedAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
    Map<String, long[]> after = cpu();
    double[] loadAfter = loadAverage();
    stream.close();
    events.close();
    if (ACCEPT_ONLY) {
      assertThat(refused.get()).as("requests refused other than OVERLOADED").isZero();
      assertThat(acceptNanos).hasSize(CONSENTS);
      report(
          env,
          prepared,
          submittedAt,
          committedAt,
          acceptNanos,
          perTransaction,
          0,
          overloaded.get(),
          start,
          intakeEnd,
          intakeEnd,
          before,
          after,
          loadBefore,
          loadAfter,
          CONSENTS);
      return;
    }

    // Outcomes: every consent accepted and committed exactly once, and the read model agrees.
    assertThat(refused.get()).as("requests refused other than OVERLOADED").isZero();
    assertThat(committedAt.keySet()).as("consents committed").hasSize(CONSENTS);
    assertThat(commits.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    for (Prepared p : prepared.subList(0, Math.min(20, prepared.size()))) {
      String status =
          JSON.readTree(
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create(process.base() + "/consents/" + p.consentId()))
                              .GET()
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .path("status")
              .asText();
      for (int i = 0; i < 100 && !"ConsentGiven".equals(status); i++) {
        Thread.sleep(50);
        status =
            JSON.readTree(
                    http.send(
                            HttpRequest.newBuilder(
                                    URI.create(process.base() + "/consents/" + p.consentId()))
                                .GET()
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("status")
                .asText();
      }
      assertThat(status).as(p.consentId()).isEqualTo("ConsentGiven");
    }

    long from = start;
    int counted =
        DRAIN ? (int) committedAt.values().stream().filter(t -> t >= from).count() : CONSENTS;
    report(
        env,
        prepared,
        submittedAt,
        committedAt,
        acceptNanos,
        perTransaction,
        blocks.size(),
        overloaded.get(),
        start,
        intakeEnd,
        end,
        before,
        after,
        loadBefore,
        loadAfter,
        counted);
  }

  private CompletableFuture<Void> post(
      Prepared p, List<Long> acceptNanos, AtomicInteger overloaded, AtomicInteger refused) {
    long t0 = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(process.base() + "/consents"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(p.body()))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            r -> {
              if (r.statusCode() == 503 && r.body().contains("OVERLOADED")) {
                overloaded.incrementAndGet();
                long seconds = r.headers().firstValueAsLong("Retry-After").orElse(1);
                return CompletableFuture.runAsync(
                        () -> {}, CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS))
                    .thenCompose(v -> post(p, acceptNanos, overloaded, refused));
              }
              if (r.statusCode() != 202) {
                System.out.println("[anchor] refused " + r.statusCode() + " " + r.body());
                refused.incrementAndGet();
              } else {
                acceptNanos.add(System.nanoTime() - t0);
              }
              return CompletableFuture.completedFuture(null);
            });
  }

  private void report(
      Map<String, String> env,
      List<Prepared> prepared,
      Map<String, Long> submittedAt,
      Map<String, Long> committedAt,
      List<Long> acceptNanos,
      Map<String, Integer> perTransaction,
      int blocks,
      int overloaded,
      long start,
      long intakeEnd,
      long end,
      Map<String, long[]> before,
      Map<String, long[]> after,
      double[] loadBefore,
      double[] loadAfter,
      int counted)
      throws Exception {
    long[] latencies =
        prepared.stream()
            .filter(p -> committedAt.containsKey(p.consentId()))
            .mapToLong(p -> committedAt.get(p.consentId()) - submittedAt.get(p.consentId()))
            .sorted()
            .toArray();
    long[] commitTimes =
        committedAt.values().stream()
            .mapToLong(Long::longValue)
            .filter(t -> t >= start)
            .sorted()
            .toArray();
    long[] accept = acceptNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    int lo = (int) (commitTimes.length * 0.1);
    int hi = Math.max(lo + 1, (int) (commitTimes.length * 0.9) - 1);
    double steady =
        commitTimes.length < 2
            ? Double.NaN
            : (hi - lo) / ((commitTimes[hi] - commitTimes[lo]) / 1e9);
    double seconds = (end - start) / 1e9;
    double intake = (intakeEnd - start) / 1e9;
    StringBuilder out = new StringBuilder();
    out.append(
            ACCEPT_ONLY
                ? "## Acceptance only (no ledger): "
                : DRAIN ? "## Draining a full outbox: " : "## Anchoring: ")
        .append(CONSENTS)
        .append(" consents (after ")
        .append(WARMUP)
        .append(" warm-up), ")
        .append(CONNECTIONS)
        .append(" connections, ")
        .append(RATE > 0 ? "offered at " + RATE + "/s" : "closed loop")
        .append('\n');
    out.append("service env: ").append(env).append('\n');
    out.append("service classpath: ")
        .append(
            System.getProperty("consent.service.root") == null
                ? "this build"
                : System.getProperty("consent.service.root"))
        .append("\n\n");
    out.append("| figure | value |\n|---|---|\n");
    out.append(String.format("| intake (all 202) | %.2f s, %.0f/s |%n", intake, CONSENTS / intake));
    out.append(String.format("| first submit → last commit | %.2f s |%n", seconds));
    out.append(
        String.format(
            "| committed/s overall | %.0f (%d consents counted) |%n", counted / seconds, counted));
    out.append(String.format("| committed/s steady (p10–p90 of commits) | %.0f |%n", steady));
    out.append(
        String.format(
            "| submit→committed p50 / p99 / max | %.0f / %.0f / %.0f ms |%n",
            pct(latencies, 0.5), pct(latencies, 0.99), pct(latencies, 1.0)));
    out.append(
        String.format(
            "| POST /consents p50 / p99 | %.1f / %.1f ms |%n",
            pct(accept, 0.5), pct(accept, 0.99)));
    out.append(String.format("| 503 OVERLOADED (retried) | %d |%n", overloaded));
    out.append(
        String.format(
            "| transactions / blocks | %d / %d (%.1f consents a transaction) |%n",
            perTransaction.size(), blocks, (double) CONSENTS / Math.max(1, perTransaction.size())));
    out.append(
        String.format(
            "| load average before → after | %.2f → %.2f (1 min) |%n",
            loadBefore[0], loadAfter[0]));
    out.append("\n| process | CPU s | ms per consent |\n|---|---|---|\n");
    double total = 0;
    for (String name : after.keySet()) {
      long[] b = before.getOrDefault(name, new long[] {0});
      double cpu = (after.get(name)[0] - b[0]) / (double) CLOCK_TICKS;
      if (cpu < 0) {
        cpu = 0;
      }
      total += cpu;
      out.append(String.format("| %s | %.2f | %.3f |%n", name, cpu, cpu * 1000 / counted));
    }
    out.append(String.format("| **all** | %.2f | %.3f |%n", total, total * 1000 / counted));
    out.append(
        "\nCPU from /proc/<pid>/stat (utime+stime+cutime+cstime) of each process and its descendants,"
            + " between the first submission and the last commit; the load generator (the test JVM) excluded.\n");
    System.out.println(out);
    Files.createDirectories(REPORT.toAbsolutePath().getParent());
    Files.writeString(REPORT, out.toString(), StandardCharsets.UTF_8);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return sorted[i] / 1e6;
  }

  /** CPU ticks of each process of the run: the network's pids, the service, PostgreSQL. */
  private Map<String, long[]> cpu() throws Exception {
    Map<String, long[]> out = new LinkedHashMap<>();
    Path pids = runDir().resolve("pids");
    if (Files.isDirectory(pids)) {
      try (Stream<Path> files = Files.list(pids)) {
        for (Path f : files.sorted().toList()) {
          String name = f.getFileName().toString().replace(".pid", "");
          try {
            long pid = Long.parseLong(Files.readString(f).trim());
            out.put(name, new long[] {ticks(ProcessHandle.of(pid))});
          } catch (NumberFormatException e) {
            // not a pid file
          }
        }
      }
    }
    out.put("consent-service", new long[] {ticks(Optional.of(process.process().toHandle()))});
    // The test database's postmaster (pg_ctl detaches it) by its port, with its backends.
    long postgres = 0;
    for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
      if (isPostmaster(h.pid(), databasePort)) {
        postgres += ticks(Optional.of(h));
      }
    }
    out.put("postgresql (tests)", new long[] {postgres});
    return out;
  }

  private static boolean isPostmaster(long pid, int port) {
    try {
      String[] args =
          new String(
                  Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                  StandardCharsets.UTF_8)
              .split("\0");
      if (args.length == 0 || !args[0].endsWith("/postgres")) {
        return false;
      }
      for (int i = 0; i + 1 < args.length; i++) {
        if (args[i].equals("-p") && args[i + 1].equals(Integer.toString(port))) {
          return true;
        }
      }
      return String.join(" ", args).contains("port=" + port);
    } catch (Exception e) {
      return false;
    }
  }

  private static Path runDir() {
    String dir = System.getenv("CONSENT_LEDGER_RUN_DIR");
    return dir != null
        ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".local/state/consent-ledger/test-run");
  }

  private static long ticks(Optional<ProcessHandle> handle) {
    if (handle.isEmpty()) {
      return 0;
    }
    long sum = stat(handle.get().pid());
    for (ProcessHandle d : handle.get().descendants().toList()) {
      sum += stat(d.pid());
    }
    return sum;
  }

  /** utime + stime + cutime + cstime of a process, in clock ticks (0 when it is gone). */
  private static long stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // fields after the name: state(3) ... utime(14) stime(15) cutime(16) cstime(17); f[0] is
      // field 3
      return Long.parseLong(f[11])
          + Long.parseLong(f[12])
          + Long.parseLong(f[13])
          + Long.parseLong(f[14]);
    } catch (Exception e) {
      return 0;
    }
  }

  private static double[] loadAverage() {
    try {
      return Arrays.stream(Files.readString(Path.of("/proc/loadavg")).split(" "))
          .limit(3)
          .mapToDouble(Double::parseDouble)
          .toArray();
    } catch (Exception e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
  }
}
