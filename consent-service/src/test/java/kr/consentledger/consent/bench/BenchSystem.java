/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;

/**
 * The system a benchmark runs against. Either started here exactly as {@code ./dev up} runs it
 * ({@code network.sh up}, then {@code services.sh up}: HTTPS with the local CA of {@code
 * service-tls.sh}, supervised services, the chaincode server supervised too) but in a run folder
 * and on a port base of its own, with the per-address and per-DID rate limits off (all load comes
 * from one address and a few DIDs) and every other setting at its default; or a running system
 * given by its URLs (and, for the ledger scenarios and the CPU figures, its run folder).
 */
final class BenchSystem implements AutoCloseable {
  /** The rate limits a started system runs without. */
  static final Map<String, String> RATE_LIMITS_OFF =
      Map.of(
          "CONSENT_RATE_PER_SECOND",
          "0",
          "CONSENT_DID_RATE_PER_SECOND",
          "0",
          "DID_RESOLVER_RATE_PER_SECOND",
          "0");

  final URI consentUrl;
  final URI resolverUrl;
  final Path ca;
  final Path runDir;
  final NetworkInfo info;
  final String java;
  private final Path root;
  private final Map<String, String> env;
  private final boolean stopNetwork;
  private final boolean stopServices;

  private BenchSystem(
      URI consentUrl,
      URI resolverUrl,
      Path ca,
      Path runDir,
      NetworkInfo info,
      String java,
      Path root,
      Map<String, String> env,
      boolean stopNetwork,
      boolean stopServices) {
    this.consentUrl = consentUrl;
    this.resolverUrl = resolverUrl;
    this.ca = ca;
    this.runDir = runDir;
    this.info = info;
    this.java = java;
    this.root = root;
    this.env = env;
    this.stopNetwork = stopNetwork;
    this.stopServices = stopServices;
  }

  /**
   * Starts (or, when they run already, keeps) the network and the services in {@code runDir}.
   *
   * @param root the repository
   * @param runDir the run folder
   * @param portBase the port base
   * @param javaHome the JDK the services and the chaincode server run on, or null for this one
   * @param startNetwork whether to run {@code network.sh up} (false: it is up already, as in a
   *     test)
   * @param keep leave everything running at the end
   * @param extraEnv further settings of the services (they also get this process's environment)
   */
  static BenchSystem start(
      Path root,
      Path runDir,
      int portBase,
      String javaHome,
      boolean startNetwork,
      boolean keep,
      Map<String, String> extraEnv)
      throws Exception {
    Map<String, String> env = new LinkedHashMap<>(RATE_LIMITS_OFF);
    env.putAll(extraEnv);
    env.put("CONSENT_LEDGER_RUN_DIR", runDir.toString());
    env.put("CONSENT_LEDGER_PORT_BASE", Integer.toString(portBase));
    env.put("CONSENT_LEDGER_SUPERVISE", "1");
    String jdk = javaHome == null ? System.getProperty("java.home") : javaHome;
    env.put("PATH", Path.of(jdk, "bin") + File.pathSeparator + System.getenv("PATH"));
    // Every process is (re)started here, so that it runs on the JDK and with the settings of this
    // run.
    script(root, env, "network/scripts/services.sh", "down");
    if (startNetwork) {
      script(root, env, "network/scripts/network.sh", "down");
      script(root, env, "network/scripts/network.sh", "up");
    }
    // services.sh starts the packaged applications of this worktree (<module>/target/<module>.jar,
    // built by the reactor before this runs), never SNAPSHOT jars of the local repository.
    script(root, env, "network/scripts/services.sh", "up");
    NetworkInfo info = FabricNetwork.readInfo(runDir);
    return new BenchSystem(
        URI.create("https://127.0.0.1:" + (portBase + 150)),
        URI.create("https://127.0.0.1:" + (portBase + 140)),
        runDir.resolve("services/tls/ca.crt"),
        runDir,
        info,
        version(jdk),
        root,
        env,
        startNetwork && !keep,
        !keep);
  }

  /**
   * A running system; {@code runDir} may be null (then no ledger scenarios and no CPU per process).
   */
  static BenchSystem attach(URI consentUrl, URI resolverUrl, Path ca, Path runDir) {
    NetworkInfo info = null;
    if (runDir != null && Files.isRegularFile(runDir.resolve("network.properties"))) {
      info = FabricNetwork.readInfo(runDir);
    }
    if (ca == null
        && runDir != null
        && Files.isRegularFile(runDir.resolve("services/tls/ca.crt"))) {
      ca = runDir.resolve("services/tls/ca.crt");
    }
    return new BenchSystem(
        consentUrl,
        resolverUrl,
        ca,
        runDir,
        info,
        "(running system)",
        null,
        Map.of(),
        false,
        false);
  }

  private static void script(Path root, Map<String, String> env, String script, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).inheritIO();
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(
          script + " " + String.join(" ", args) + " failed (exit " + p.exitValue() + ")");
    }
  }

  /** The executable each JVM of the system runs ({@code /proc/<pid>/exe}), by process name. */
  Map<String, String> javaExecutables() {
    Map<String, String> out = new LinkedHashMap<>();
    if (runDir == null) {
      return out;
    }
    for (String name : List.of("chaincode", "did-resolver", "consent-service")) {
      Path child = runDir.resolve("supervisor").resolve(name + ".child");
      Path pid = runDir.resolve("pids").resolve(name + ".pid");
      try {
        String p = Files.readString(Files.isRegularFile(child) ? child : pid).trim();
        out.put(name, Files.readSymbolicLink(Path.of("/proc", p, "exe")).toString());
      } catch (IOException | RuntimeException e) {
        out.put(name, "?");
      }
    }
    return out;
  }

  private static String version(String jdk) {
    try {
      Process p =
          new ProcessBuilder(Path.of(jdk, "bin", "java").toString(), "-version")
              .redirectErrorStream(true)
              .start();
      String out =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .findFirst()
              .orElse("?");
      p.waitFor(30, TimeUnit.SECONDS);
      return out.trim() + " (" + jdk + ")";
    } catch (Exception e) {
      return jdk;
    }
  }

  /**
   * The repository: the nearest folder up from here holding {@code dev} and {@code
   * network/scripts}.
   */
  static Path findRoot() {
    String prop = System.getProperty("consentledger.projectRoot");
    if (prop != null) {
      return Path.of(prop);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("dev"))
          && Files.isDirectory(dir.resolve("network/scripts"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "the repository root (with ./dev) was not found above " + Path.of("").toAbsolutePath());
  }

  @Override
  public void close() throws Exception {
    if (stopServices) {
      script(root, env, "network/scripts/services.sh", "down");
    }
    if (stopNetwork) {
      script(root, env, "network/scripts/network.sh", "down");
    }
  }
}
