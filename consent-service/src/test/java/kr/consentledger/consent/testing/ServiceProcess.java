/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.TestDatabase;

/**
 * A service (consent-service or did-resolver) started through its main class as an OS process of
 * its own, as {@code ./dev up} runs it ({@code -Xmx256m} by default), on a free loopback port that
 * stays the same across restarts: so that a test can kill it with SIGKILL and start it again, load
 * it from outside, or read its memory from outside (resident set from {@code /proc/<pid>/status},
 * heap in use from {@code jstat -gc}).
 *
 * <p>The process gets the settings given here and none of the {@code FABRIC_*}, {@code CONSENT_*}
 * or {@code DID_RESOLVER_*} variables of this JVM's environment. Each run's output goes to {@code
 * <logs>/<run>.log} (a temporary folder, deleted at {@link #close}, unless {@link #logs} names
 * one); every line is passed to {@link BlockedThreadWarnings#scan}. {@link #start} returns once the
 * service logs {@code <service> listening on}.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final String CONSENT_MAIN = "kr.consentledger.consent.boot.ConsentServiceMain";
  private static final String RESOLVER_MAIN = "kr.consentledger.resolver.boot.DidResolverMain";

  private final String service;
  private final String mainClass;
  private final Map<String, String> env;
  private final int port;
  private Path logs;
  private boolean ownLogs;
  private String heap = "256m";
  private String directMemory = "192m";
  private Predicate<String> echo = line -> false;
  private Process process;
  private String run;

  private ServiceProcess(
      String service, String mainClass, String portVariable, Map<String, String> env)
      throws IOException {
    this.service = service;
    this.mainClass = mainClass;
    this.port = freePort();
    this.env = new LinkedHashMap<>(env);
    this.env.put(portVariable, Integer.toString(port));
  }

  /**
   * consent-service with the given settings ({@code CONSENT_HOST} is 127.0.0.1 unless they say
   * otherwise); without {@code FABRIC_*} settings it runs without a ledger.
   */
  public static ServiceProcess consentService(Map<String, String> env) throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("CONSENT_HOST", "127.0.0.1");
    all.putAll(env);
    return new ServiceProcess("consent-service", CONSENT_MAIN, "CONSENT_PORT", all);
  }

  /**
   * consent-service on {@code database} of {@code db}, with the given further settings (which may
   * override).
   */
  public static ServiceProcess consentService(
      TestDatabase db, String database, Map<String, String> env) throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("CONSENT_PG_HOST", db.host());
    all.put("CONSENT_PG_PORT", Integer.toString(db.port()));
    all.put("CONSENT_PG_DATABASE", database);
    all.put("CONSENT_PG_USER", db.user());
    all.put("CONSENT_PG_PASSWORD", db.password());
    all.putAll(env);
    return consentService(all);
  }

  /**
   * did-resolver with the given settings ({@code DID_RESOLVER_HOST} is 127.0.0.1 unless they say
   * otherwise), on this JVM's class path (each service's OpenAPI description is a resource of its
   * own package, so both services can share one class path).
   */
  public static ServiceProcess didResolver(Map<String, String> env) throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("DID_RESOLVER_HOST", "127.0.0.1");
    all.putAll(env);
    return new ServiceProcess("did-resolver", RESOLVER_MAIN, "DID_RESOLVER_PORT", all);
  }

  /**
   * consent-service on {@code info}'s network as org1's client user and on a PostgreSQL database
   * the caller names, with the edge's limits off (no rate limit, no shedding on a busy machine);
   * its logs go to {@code logs}.
   *
   * @param extra further variables (outbox interval, batch size, fault injection), may override
   */
  public static ServiceProcess configure(
      NetworkInfo info,
      String pgHost,
      int pgPort,
      String database,
      String pgUser,
      String pgPassword,
      Map<String, String> extra,
      Path logs)
      throws IOException {
    Organization org1 = info.organization("org1");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONSENT_PG_HOST", pgHost);
    env.put("CONSENT_PG_PORT", Integer.toString(pgPort));
    env.put("CONSENT_PG_DATABASE", database);
    env.put("CONSENT_PG_USER", pgUser);
    env.put("CONSENT_PG_PASSWORD", pgPassword);
    env.put("FABRIC_PEER_ENDPOINT", org1.peerAddress());
    env.put("FABRIC_TLS_CA_CERT", org1.peerTlsCa().toString());
    env.put("FABRIC_MSP_ID", org1.mspId());
    env.put("FABRIC_CERT", org1.userCertificate().toString());
    env.put("FABRIC_KEY", org1.userKeyDirectory().toString());
    env.put("FABRIC_CHANNEL", info.channel());
    env.put("FABRIC_CHAINCODE", info.chaincode());
    // Not a test of the edge: no rate limit, no shedding on a busy machine.
    env.put("CONSENT_RATE_PER_SECOND", "0");
    env.put("CONSENT_DID_RATE_PER_SECOND", "0");
    env.put("CONSENT_MAX_IN_FLIGHT", "0");
    env.put("CONSENT_MAX_EVENT_LOOP_DELAY_MS", "0");
    env.putAll(extra);
    return consentService(env).logs(logs);
  }

  /** {@link #configure} on {@code database} of {@code db}. */
  public static ServiceProcess configure(
      NetworkInfo info, TestDatabase db, String database, Map<String, String> extra, Path logs)
      throws IOException {
    return configure(info, db.host(), db.port(), database, db.user(), db.password(), extra, logs);
  }

  /**
   * The services' own settings in this JVM's environment ({@code DID_RESOLVER_*} and {@code
   * CONSENT_*} but {@code CONSENT_LEDGER_*}, which are the scripts'), sorted by name: what a
   * command that starts services passes on to them, for example {@code
   * DID_RESOLVER_MAX_EVENT_LOOP_DELAY_MS=20}.
   */
  public static Map<String, String> settingsFromEnvironment() {
    Map<String, String> settings = new TreeMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("DID_RESOLVER_")
                  || (k.startsWith("CONSENT_") && !k.startsWith("CONSENT_LEDGER_"))) {
                settings.put(k, v);
              }
            });
    return settings;
  }

  /** Sets an environment variable for the next {@link #start}. */
  public ServiceProcess set(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The heap ({@code -Xmx}) and direct memory cap of the next {@link #start}. */
  public ServiceProcess memory(String heap, String directMemory) {
    this.heap = heap;
    this.directMemory = directMemory;
    return this;
  }

  /** Which lines of the service's output are also printed on the test's standard output. */
  public ServiceProcess echo(Predicate<String> echo) {
    this.echo = echo;
    return this;
  }

  /** The folder of the runs' logs (kept at {@link #close}). */
  public ServiceProcess logs(Path logs) throws IOException {
    Files.createDirectories(logs);
    this.logs = logs;
    this.ownLogs = false;
    return this;
  }

  /** The current process. */
  public Process process() {
    return process;
  }

  /** The service's port. */
  public int port() {
    return port;
  }

  /** The service's base URL over HTTP. */
  public String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The log of the run called {@code run}. */
  public Path log(String run) {
    return logs.resolve(run + ".log");
  }

  /** Starts a process named after the service; see {@link #start(String)}. */
  public ServiceProcess start() throws Exception {
    return start(service);
  }

  /**
   * Starts a process (the previous one must be gone) and waits up to 120 s until it listens.
   *
   * @param run the run's name, for its log file
   * @throws IllegalStateException when the service exits first (with the end of its log)
   */
  public ServiceProcess start(String run) throws Exception {
    if (logs == null) {
      logs = Files.createTempDirectory(service + "-logs-");
      ownLogs = true;
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap,
            "-XX:MaxDirectMemorySize=" + directMemory,
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            classPath(),
            mainClass);
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("FABRIC_")
                    || k.startsWith("CONSENT_")
                    || k.startsWith("DID_RESOLVER_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    process = p;
    this.run = run;
    Path log = log(run);
    String ready = service + " listening on";
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  Files.writeString(
                      log,
                      line + "\n",
                      StandardCharsets.UTF_8,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.APPEND);
                  BlockedThreadWarnings.scan(line);
                  if (echo.test(line)) {
                    System.out.println("[" + run + "] " + line);
                  }
                  if (line.contains(ready)) {
                    listening.complete(null);
                  }
                }
              } catch (IOException e) {
                listening.completeExceptionally(e);
              }
              listening.completeExceptionally(
                  new IllegalStateException(
                      service + " exited; see " + log + ":\n" + tail(log, 40)));
            },
            service + "-" + run);
    pump.setDaemon(true);
    pump.start();
    try {
      listening.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    return this;
  }

  /** Kills the process with SIGKILL and waits for it to be gone; returns its exit code. */
  public int kill() throws InterruptedException {
    Process p = process;
    p.destroyForcibly(); // SIGKILL on Linux
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(service + " did not die");
    }
    return p.exitValue();
  }

  /**
   * Stops the process with SIGTERM (so that, for example, a flight recording is written) and waits
   * up to 20 s for it to end.
   */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** Whether the current process is alive. */
  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** Resident set size of the current process in KiB. */
  public long rssKib() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** Heap in use (survivors, eden, old) in KiB, from jstat; -1 when jstat is not there. */
  public long heapUsedKib() {
    try {
      Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
      Process p =
          new ProcessBuilder(jstat.toString(), "-gc", Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      String[] lines =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\n");
      p.waitFor(30, TimeUnit.SECONDS);
      String[] head = lines[0].trim().split("\\s+");
      String[] values = lines[1].trim().split("\\s+");
      double used = 0;
      for (int i = 0; i < head.length; i++) {
        if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
          used += Double.parseDouble(values[i]);
        }
      }
      return (long) used;
    } catch (IOException | InterruptedException | RuntimeException e) {
      return -1;
    }
  }

  /** Kills the process (SIGKILL), waits up to 10 s for it, and deletes a temporary log folder. */
  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownLogs && logs != null) {
      try (Stream<Path> files = Files.walk(logs)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException e) {
        // a temporary folder: left behind
      }
    }
  }

  @Override
  public String toString() {
    return service + " on port " + port + (run == null ? "" : " (run " + run + ")");
  }

  /**
   * This JVM's class path; for consent-service, {@code consent.service.classpath} replaces it, and
   * {@code consent.service.root} makes it the same class path in that other checkout of the
   * repository (built with {@code mvn package}): a before/after comparison.
   */
  private String classPath() {
    String classPath = System.getProperty("java.class.path");
    if (mainClass.equals(CONSENT_MAIN)) {
      String given = System.getProperty("consent.service.classpath");
      if (given != null) {
        return given;
      }
      String root = System.getProperty("consent.service.root");
      if (root != null && !root.isBlank()) {
        return classPath.replace(Path.of("").toAbsolutePath().getParent().toString(), root);
      }
    }
    return classPath;
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
