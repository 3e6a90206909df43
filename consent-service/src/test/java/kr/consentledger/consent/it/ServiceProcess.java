/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.junit.BlockedThreadWarnings;

/**
 * consent-service as an OS process of its own (so that a test can kill it with SIGKILL), on the
 * real network as org1's client user and on a PostgreSQL database the caller names. Its output goes
 * to {@code <logs>/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {
  private final Map<String, String> env;
  private final Path logs;
  private final int port;
  private String heap = "256m";
  private String directMemory = "192m";
  private java.util.function.Predicate<String> echo = line -> false;
  private Process process;

  private ServiceProcess(Map<String, String> env, Path logs, int port) {
    this.env = env;
    this.logs = logs;
    this.port = port;
  }

  /**
   * The environment of a service on {@code info}'s network and the given database.
   *
   * @param extra further variables (outbox interval, batch size, fault injection), may override
   */
  static ServiceProcess configure(
      NetworkInfo info,
      String pgHost,
      int pgPort,
      String database,
      String pgUser,
      String pgPassword,
      Map<String, String> extra,
      Path logs)
      throws Exception {
    Organization org1 = info.organization("org1");
    int port = freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONSENT_HOST", "127.0.0.1");
    env.put("CONSENT_PORT", Integer.toString(port));
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
    Files.createDirectories(logs);
    return new ServiceProcess(env, logs, port);
  }

  /** Sets an environment variable for the next {@link #start}. */
  ServiceProcess set(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The heap ({@code -Xmx}) and direct memory cap of the next {@link #start}. */
  ServiceProcess memory(String heap, String directMemory) {
    this.heap = heap;
    this.directMemory = directMemory;
    return this;
  }

  /** Which lines of the service's output are also printed on the test's standard output. */
  ServiceProcess echo(java.util.function.Predicate<String> echo) {
    this.echo = echo;
    return this;
  }

  /** The current process. */
  Process process() {
    return process;
  }

  /** The service's port. */
  int port() {
    return port;
  }

  /** The service's base URL. */
  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The log of the run called {@code name}. */
  Path log(String name) {
    return logs.resolve(name + ".log");
  }

  /**
   * Starts a process (the previous one must be gone) and waits until it listens.
   *
   * @param name the run's name, for its log file
   */
  ServiceProcess start(String name) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap,
            "-XX:MaxDirectMemorySize=" + directMemory,
            "-XX:+ExitOnOutOfMemoryError",
            // consent.service.classpath: another build of the service (a before/after measurement).
            "-cp",
            System.getProperty("consent.service.classpath", classPath()),
            "kr.consentledger.consent.boot.ConsentServiceMain");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    process = p;
    Path log = log(name);
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
                    System.out.println("[" + name + "] " + line);
                  }
                  if (line.contains("consent-service listening on")) {
                    listening.complete(null);
                  }
                }
              } catch (Exception e) {
                listening.completeExceptionally(e);
              }
              listening.completeExceptionally(
                  new IllegalStateException("the service exited; see " + log));
            },
            "consent-service-" + name);
    pump.setDaemon(true);
    pump.start();
    listening.get(120, TimeUnit.SECONDS);
    return this;
  }

  /** Kills the process with SIGKILL and waits for it to be gone; returns its exit code. */
  int kill() throws Exception {
    Process p = process;
    p.destroyForcibly(); // SIGKILL on Linux
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the service did not die");
    }
    return p.exitValue();
  }

  /** Whether the current process is alive. */
  boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  /**
   * The test's class path, or with {@code consent.service.root} set, the same class path in that
   * other checkout of the repository (built with {@code mvn package}): a before/after comparison.
   */
  private static String classPath() {
    String root = System.getProperty("consent.service.root");
    String classPath = System.getProperty("java.class.path");
    if (root == null || root.isBlank()) {
      return classPath;
    }
    return classPath.replace(Path.of("").toAbsolutePath().getParent().toString(), root);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
