/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A benchmark, not a test of speed: {@code POST /verifications} with DID-auth and a receipt, closed
 * loop, against consent-service in its own JVM on the real network, first with live ledger reads
 * ({@code ledgerRead: live}, the path before the mirror) and then from the mirror, in the same run.
 * Inputs (presentations with fresh nonces, receipts) are signed before the clock starts. Prints
 * req/s, p50/p99 and the CPU each process spent per verification (from {@code /proc/<pid>/stat},
 * processes grouped by session: the service, peers, orderer, chaincode server, PostgreSQL, the load
 * generator), with the load average; written to {@code target/verification-load.txt}. Runs only
 * with {@code -DverificationLoad=true} (seconds per phase: {@code -DverificationLoad.seconds},
 * connections: {@code -DverificationLoad.connections}). Asserts outcomes only: every answer 200.
 */
@EnabledIfSystemProperty(named = "verificationLoad", matches = "true")
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class VerificationLoadIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SECONDS = Integer.getInteger("verificationLoad.seconds", 15);
  private static final int CONNECTIONS = Integer.getInteger("verificationLoad.connections", 16);
  private static final int CONSENTS = Integer.getInteger("verificationLoad.consents", 50);
  private static final long TICK_NANOS = 10_000_000L; // CLK_TCK 100

  private ServiceProcess process;

  @AfterEach
  void stop() {
    if (process != null) {
      process.close();
    }
  }

  /** What one phase measured. */
  record Phase(
      String name,
      int requests,
      long allowed,
      Map<Integer, Long> statuses,
      double seconds,
      double p50,
      double p99,
      Map<String, Long> cpuTicks,
      String loadBefore,
      String loadAfter) {
    double perSecond() {
      return requests / seconds;
    }

    String row() {
      StringBuilder cpu = new StringBuilder();
      long total = 0;
      for (var e : cpuTicks.entrySet()) {
        double ms = e.getValue() * (TICK_NANOS / 1e6) / requests;
        if (!e.getKey().equals("load generator")) {
          total += e.getValue();
        }
        cpu.append(String.format(" %s %.2f;", e.getKey(), ms));
      }
      return String.format(
          "%s: %d verifications (%d allow, statuses %s) in %.1f s = %.0f req/s, p50 %.1f ms, p99 %.1f ms;"
              + " CPU ms per verification: system (without the load generator) %.2f;%s load average %s -> %s%n",
          name,
          requests,
          allowed,
          statuses,
          seconds,
          perSecond(),
          p50,
          p99,
          total * (TICK_NANOS / 1e6) / requests,
          cpu,
          loadBefore,
          loadAfter);
    }
  }

  @Test
  void verifications_from_live_reads_and_from_the_mirror_all_answer_and_are_measured(
      NetworkInfo info, TestDatabase db) throws Exception {
    String database = db.createDatabase("consent_vload");
    Path logs = Path.of("target", "verification-load");
    process =
        ServiceProcess.configure(
                info,
                db,
                database,
                Map.of("CONSENT_OUTBOX_INTERVAL_MS", "200", "CONSENT_BATCH_SIZE", "500"),
                logs)
            .memory("512m", "192m")
            .start("verification-load");
    String base = process.base();
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    Party.register(info, "Load", provider, recipient);
    var http = java.net.http.HttpClient.newHttpClient();
    List<ConsentCredential> consents = new ArrayList<>();
    for (int i = 0; i < CONSENTS; i++) {
      Party subject = Party.didKey(KeyType.ED25519);
      ConsentCredential c =
          subject.consentFor(
              provider,
              recipient,
              Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(30, ChronoUnit.DAYS),
              true);
      String body =
          JSON.createObjectNode()
              .put("credential", c.jws())
              .put("anchor", ConsentStatements.anchor(c, subject.signer()))
              .toString();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/consents"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      consents.add(c);
    }
    for (ConsentCredential c : consents) {
      awaitGiven(http, base, c.consentId());
    }

    Map<String, Long> sessions =
        sessions(
            Path.of(
                System.getenv()
                    .getOrDefault(
                        "CONSENT_LEDGER_RUN_DIR",
                        System.getProperty("user.home") + "/.local/state/consent-ledger/test-run"),
                "pids"));
    long servicePid = process.process().pid();
    List<Phase> phases = new ArrayList<>();
    run(base, provider, recipient, consents, "mirror", 5, servicePid, sessions, http); // warm-up
    if (!Boolean.getBoolean("verificationLoad.mirrorOnly")) {
      phases.add(
          run(base, provider, recipient, consents, "live", SECONDS, servicePid, sessions, http));
    }
    String jfr = System.getProperty("verificationLoad.jfr");
    if (jfr != null) {
      jcmd(servicePid, "JFR.start", "name=load", "settings=profile");
    }
    phases.add(
        run(base, provider, recipient, consents, "mirror", SECONDS, servicePid, sessions, http));
    if (jfr != null) {
      jcmd(servicePid, "JFR.stop", "name=load", "filename=" + Path.of(jfr).toAbsolutePath());
    }
    StringBuilder report =
        new StringBuilder(
            String.format(
                "verification load: %d connections, %d consents, one provider, closed loop, %d s a phase, %d cores%n",
                CONNECTIONS, CONSENTS, SECONDS, Runtime.getRuntime().availableProcessors()));
    phases.forEach(p -> report.append(p.row()));
    if (phases.size() == 2) {
      report.append(
          String.format(
              "mirror / live: %.1fx the throughput%n",
              phases.get(1).perSecond() / phases.get(0).perSecond()));
    }
    System.out.print(report);
    Files.writeString(
        Path.of("target", "verification-load.txt"), report.toString(), StandardCharsets.UTF_8);
    for (Phase p : phases) {
      assertThat(p.statuses()).containsOnlyKeys(200);
      assertThat(p.allowed()).isEqualTo(p.requests());
    }
  }

  private static void awaitGiven(java.net.http.HttpClient http, String base, String consentId)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/consents/" + consentId)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200
          && "ConsentGiven".equals(JSON.readTree(r.body()).path("status").asText())) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(consentId + " was not anchored");
  }

  private static String token(java.net.http.HttpClient http, String base, Party party)
      throws Exception {
    HttpResponse<String> challenge =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/auth/challenges"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.createObjectNode().put("did", party.did()).toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(challenge.statusCode()).isEqualTo(201);
    return party.didAuthToken(challenge.body(), Duration.ofSeconds(300));
  }

  private Phase run(
      String base,
      Party provider,
      Party recipient,
      List<ConsentCredential> consents,
      String read,
      int seconds,
      long servicePid,
      Map<String, Long> sessions,
      java.net.http.HttpClient jdk)
      throws Exception {
    // Signed before the clock starts: enough for 2,500 req/s (a phase ends early when they run
    // out).
    int count = Math.max(200, (read.equals("live") ? 400 : 2500) * seconds);
    ConcurrentLinkedQueue<Buffer> bodies = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < count; i++) {
      ConsentCredential c = consents.get(i % consents.size());
      String vp = recipient.presentation(c, provider);
      String receipt =
          ReceiptStatements.receipt(
              null,
              c.consentId(),
              provider.did(),
              recipient.did(),
              List.of("health.checkup"),
              ReceiptStatements.presentationHash(vp),
              provider.signer());
      var body =
          JSON.createObjectNode()
              .put("presentation", vp)
              .put("receipt", receipt)
              .put("ledgerRead", read);
      body.putObject("transmission")
          .put("recipient", recipient.did())
          .put("purpose", "ServiceProvision")
          .putArray("categories")
          .add("health.checkup");
      bodies.add(Buffer.buffer(body.toString()));
    }
    String authorization = DidAuth.SCHEME + " " + token(jdk, base, provider);
    int port = URI.create(base).getPort();
    Vertx vertx = Vertx.vertx();
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    long[] latencies = new long[count];
    AtomicInteger done = new AtomicInteger();
    AtomicLong allowed = new AtomicLong();
    Map<Integer, Long> statuses = new HashMap<>();
    String loadBefore = loadAverage();
    Map<String, Long> cpuBefore = cpu(servicePid, sessions);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    CompletableFuture<Void> finished = new CompletableFuture<>();
    AtomicInteger loops = new AtomicInteger(CONNECTIONS);
    for (int i = 0; i < CONNECTIONS; i++) {
      vertx.runOnContext(
          v ->
              next(
                  client,
                  port,
                  authorization,
                  bodies,
                  end,
                  latencies,
                  done,
                  allowed,
                  statuses,
                  () -> {
                    if (loops.decrementAndGet() == 0) {
                      finished.complete(null);
                    }
                  }));
    }
    finished.get(seconds + 120L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    Map<String, Long> cpuAfter = cpu(servicePid, sessions);
    String loadAfter = loadAverage();
    client.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    Map<String, Long> ticks = new LinkedHashMap<>();
    cpuAfter.forEach((k, v) -> ticks.put(k, v - cpuBefore.getOrDefault(k, 0L)));
    int n = done.get();
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return new Phase(
        read,
        n,
        allowed.get(),
        statuses,
        elapsed,
        sorted[(int) (n * 0.50)] / 1e6,
        sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
        ticks,
        loadBefore,
        loadAfter);
  }

  private static void next(
      HttpClient client,
      int port,
      String authorization,
      ConcurrentLinkedQueue<Buffer> bodies,
      long end,
      long[] latencies,
      AtomicInteger done,
      AtomicLong allowed,
      Map<Integer, Long> statuses,
      Runnable over) {
    Buffer body = System.nanoTime() < end ? bodies.poll() : null;
    if (body == null) {
      over.run();
      return;
    }
    long t0 = System.nanoTime();
    client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/verifications")
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", authorization))
        .compose(
            req ->
                req.send(body)
                    .compose(
                        resp ->
                            resp.body()
                                .map(
                                    b -> {
                                      synchronized (statuses) {
                                        statuses.merge(resp.statusCode(), 1L, Long::sum);
                                      }
                                      if (resp.statusCode() == 200
                                          && b.toString().contains("\"decision\":\"allow\"")) {
                                        allowed.incrementAndGet();
                                      }
                                      return b;
                                    })))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                synchronized (statuses) {
                  statuses.merge(-1, 1L, Long::sum);
                }
              }
              latencies[done.getAndIncrement()] = System.nanoTime() - t0;
              next(
                  client,
                  port,
                  authorization,
                  bodies,
                  end,
                  latencies,
                  done,
                  allowed,
                  statuses,
                  over);
            });
  }

  /** The session id of each process the network scripts started (each runs in its own session). */
  private static Map<String, Long> sessions(Path pids) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    if (Files.isDirectory(pids)) {
      try (var files = Files.list(pids)) {
        for (Path f : files.sorted().toList()) {
          String name = f.getFileName().toString().replace(".pid", "");
          out.put(name, Long.parseLong(Files.readString(f).trim()));
        }
      }
    }
    return out;
  }

  /** CPU ticks (user + system) of the service, of each network session and of this JVM. */
  private static Map<String, Long> cpu(long servicePid, Map<String, Long> sessions)
      throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("consent-service", ticks(servicePid));
    Map<Long, String> bySession = new HashMap<>();
    sessions.forEach(
        (name, sid) -> {
          bySession.put(sid, name);
          out.put(name, 0L);
        });
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String pid = p.getFileName().toString();
        if (!pid.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] f = stat(Long.parseLong(pid));
        if (f == null) {
          continue;
        }
        // PostgreSQL's backends each start a session of their own: counted by their parent.
        String name =
            bySession.getOrDefault(Long.parseLong(f[3]), bySession.get(Long.parseLong(f[1])));
        if (name != null) {
          out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        }
      }
    }
    out.put("load generator", ticks(ProcessHandle.current().pid()));
    return out;
  }

  private static long ticks(long pid) throws Exception {
    String[] f = stat(pid);
    return f == null ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, [3] session, [11]
   * utime, [12] stime.
   */
  private static String[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (Exception e) {
      return null;
    }
  }

  private static void jcmd(long pid, String... command) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    System.out.print(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    p.waitFor(60, TimeUnit.SECONDS);
  }

  private static String loadAverage() throws Exception {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }
}
