/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's main class in a JVM of its own (the class path of this one, {@code -Xmx256m} as
 * {@code ./dev up} runs it), on a free loopback port, with its memory read from outside: resident
 * set from {@code /proc/<pid>/status}, heap in use from {@code jstat -gc}.
 */
final class ServiceProcess implements AutoCloseable {
  final String name;
  final int port;
  final Process process;
  final Path log;

  private ServiceProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} on this JVM's class path without the entries whose path contains
   * {@code excluded} (both services have an {@code openapi.yaml} at the class path's root).
   */
  static ServiceProcess start(
      String name, String mainClass, Map<String, String> env, String portVariable, String excluded)
      throws Exception {
    return start(
        name,
        mainClass,
        env,
        portVariable,
        excluded,
        "http",
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
  }

  /**
   * The same, waiting for {@code <scheme>://127.0.0.1:<port>/openapi.yaml} through {@code
   * readiness}.
   */
  static ServiceProcess start(
      String name,
      String mainClass,
      Map<String, String> env,
      String portVariable,
      String excluded,
      String scheme,
      HttpClient readiness)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:MaxDirectMemorySize=192m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                classPath(excluded),
                mainClass));
    Path log = Files.createTempFile(name + "-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("FABRIC_")
                    || k.startsWith("CONSENT_")
                    || k.startsWith("DID_RESOLVER_"));
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put(portVariable, Integer.toString(port));
    pb.environment().putAll(all);
    ServiceProcess service = new ServiceProcess(name, port, pb.start(), log);
    service.awaitReady(scheme, readiness);
    return service;
  }

  private static String classPath(String excluded) {
    List<String> kept = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (excluded == null || !Path.of(entry).toAbsolutePath().toString().contains(excluded)) {
        kept.add(entry);
      }
    }
    return String.join(java.io.File.pathSeparator, kept);
  }

  private void awaitReady(String scheme, HttpClient http) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited: " + Files.readString(log, StandardCharsets.UTF_8));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(scheme + "://127.0.0.1:" + port + "/openapi.yaml"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not answer within 90 s");
  }

  /** Resident set size in KiB. */
  long rssKib() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** Heap in use (survivors, eden, old) in KiB, from jstat; -1 when jstat is not there. */
  long heapUsedKib() {
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
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
  }
}
