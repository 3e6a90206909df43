/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The local Fabric network that {@code network/scripts/network.sh} runs: two peer organisations, a
 * Raft ordering service, the ledger chaincode as an external service, and PostgreSQL.
 *
 * <p>An instance names one run folder and one port base. {@link #up()} starts whatever is not yet
 * running and is harmless when everything is; {@link #down()} stops every process of the run folder
 * and keeps its state. Both block until the script is done.
 */
public final class FabricNetwork {
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  /** Environment variable naming the run folder. */
  public static final String RUN_DIR_ENV = "CONSENT_LEDGER_RUN_DIR";

  /** Environment variable naming the first port. */
  public static final String PORT_BASE_ENV = "CONSENT_LEDGER_PORT_BASE";

  /** Environment variable with the number of Raft orderers, 1 or 3. */
  public static final String ORDERERS_ENV = "CONSENT_LEDGER_ORDERERS";

  private static final long SCRIPT_TIMEOUT_MINUTES = 20;

  private final Path projectRoot;
  private final Path runDir;
  private final int portBase;
  private final int orderers;

  private FabricNetwork(Path projectRoot, Path runDir, int portBase, int orderers) {
    this.projectRoot = projectRoot;
    this.runDir = runDir;
    this.portBase = portBase;
    this.orderers = orderers;
  }

  /**
   * A network in {@code runDir} whose ports start at {@code portBase}.
   *
   * @param projectRoot the repository root, which holds {@code network/scripts/network.sh}
   * @param orderers 1 or 3 Raft orderers; only read when the run folder is first made
   */
  public static FabricNetwork of(Path projectRoot, Path runDir, int portBase, int orderers) {
    Objects.requireNonNull(projectRoot, "projectRoot");
    Objects.requireNonNull(runDir, "runDir");
    if (!Files.isRegularFile(projectRoot.resolve("network/scripts/network.sh"))) {
      throw new IllegalArgumentException("no network/scripts/network.sh under " + projectRoot);
    }
    if (portBase < 1024 || portBase > 65000) {
      throw new IllegalArgumentException("portBase must be between 1024 and 65000: " + portBase);
    }
    if (orderers != 1 && orderers != 3) {
      throw new IllegalArgumentException("orderers must be 1 or 3: " + orderers);
    }
    return new FabricNetwork(
        projectRoot.toAbsolutePath(), runDir.toAbsolutePath(), portBase, orderers);
  }

  /**
   * The network the tests share: the run folder and port base from {@value #RUN_DIR_ENV} and
   * {@value #PORT_BASE_ENV} when set, else a test run folder under the user's state directory and
   * ports from 27050, so that tests never touch the network {@code ./dev up} started.
   */
  public static FabricNetwork forTests() {
    Path root = ProjectRoot.find();
    String runDir = System.getenv(RUN_DIR_ENV);
    String portBase = System.getenv(PORT_BASE_ENV);
    String orderers = System.getenv(ORDERERS_ENV);
    return of(
        root,
        runDir != null && !runDir.isBlank()
            ? Path.of(runDir)
            : defaultStateDir().resolve("test-run"),
        portBase != null && !portBase.isBlank() ? Integer.parseInt(portBase.trim()) : 27050,
        orderers != null && !orderers.isBlank() ? Integer.parseInt(orderers.trim()) : 1);
  }

  private static Path defaultStateDir() {
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("consent-ledger");
  }

  /** The run folder holding this network's state, logs and pids. */
  public Path runDir() {
    return runDir;
  }

  /** The first port of this network. */
  public int portBase() {
    return portBase;
  }

  /**
   * Starts every process that is not running; the first time, also generates the crypto material,
   * joins the channel and deploys the chaincode.
   *
   * @return the network's description
   * @throws NetworkException when the script fails; its message carries the end of the script's
   *     output
   */
  public NetworkInfo up() {
    run("up");
    return info();
  }

  /** Stops every process of this network's run folder; state is kept for the next {@link #up()}. */
  public void down() {
    run("down");
  }

  /** Stops the network and deletes its run folder. */
  public void reset() {
    run("reset");
  }

  /** Whether every process of the network is up and the chaincode is deployed. */
  public boolean isUp() {
    return script("status").exitCode() == 0;
  }

  /**
   * The description written by the last {@link #up()}.
   *
   * @throws NetworkException when the network was never brought up
   */
  public NetworkInfo info() {
    return readInfo(runDir);
  }

  /**
   * The run folder {@code ./dev up} and the services use: {@value #RUN_DIR_ENV} when set, else
   * {@code consent-ledger/run} under the user's state directory.
   *
   * @return the folder
   */
  public static Path defaultRunDir() {
    String runDir = System.getenv(RUN_DIR_ENV);
    return runDir != null && !runDir.isBlank() ? Path.of(runDir) : defaultStateDir().resolve("run");
  }

  /**
   * The description a network's last {@code up} wrote into its run folder.
   *
   * @param runDir the run folder
   * @return the description
   * @throws NetworkException when the network was never brought up there
   */
  public static NetworkInfo readInfo(Path runDir) {
    Path file = runDir.resolve("network.properties");
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new NetworkException("the network in " + runDir + " has not been brought up", e);
    }
    List<Organization> orgs = new ArrayList<>();
    for (String org : WHITESPACE.split(p.getProperty("orgs").trim(), -1)) {
      orgs.add(
          new Organization(
              org,
              p.getProperty(org + ".mspId"),
              p.getProperty(org + ".peer.address"),
              p.getProperty(org + ".peer.hostOverride"),
              Path.of(p.getProperty(org + ".peer.tlsCa")),
              Path.of(p.getProperty(org + ".user1.certificate")),
              Path.of(p.getProperty(org + ".user1.keyDirectory")),
              Path.of(p.getProperty(org + ".admin.certificate")),
              Path.of(p.getProperty(org + ".admin.keyDirectory"))));
    }
    return new NetworkInfo(
        p.getProperty("channel"),
        p.getProperty("chaincode"),
        orgs,
        new NetworkInfo.Postgres(
            p.getProperty("postgres.host"),
            Integer.parseInt(p.getProperty("postgres.port")),
            p.getProperty("postgres.database"),
            p.getProperty("postgres.user")));
  }

  private void run(String command) {
    ScriptResult result = script(command);
    if (result.exitCode() != 0) {
      throw new NetworkException(
          "network.sh "
              + command
              + " failed with exit code "
              + result.exitCode()
              + ":\n"
              + result.tail());
    }
  }

  private record ScriptResult(int exitCode, String tail) {}

  private ScriptResult script(String command) {
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", projectRoot.resolve("network/scripts/network.sh").toString(), command)
            .directory(projectRoot.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put(RUN_DIR_ENV, runDir.toString());
    env.put(PORT_BASE_ENV, Integer.toString(portBase));
    env.put(ORDERERS_ENV, Integer.toString(orderers));
    Path output;
    try {
      Files.createDirectories(runDir);
      output = Files.createTempFile(runDir, "network-" + command + "-", ".out");
      pb.redirectOutput(output.toFile());
      Process process = pb.start();
      if (!process.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new NetworkException(
            "network.sh " + command + " did not finish in " + SCRIPT_TIMEOUT_MINUTES + " min");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      Files.deleteIfExists(output);
      return new ScriptResult(process.exitValue(), tail(text, 40));
    } catch (IOException e) {
      throw new NetworkException("cannot run network.sh " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkException("interrupted while running network.sh " + command, e);
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    StringBuilder sb = new StringBuilder();
    for (int i = Math.max(0, all.size() - lines); i < all.size(); i++) {
      sb.append(all.get(i)).append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    Map<String, Object> m = new HashMap<>();
    m.put("runDir", runDir);
    m.put("portBase", portBase);
    return "FabricNetwork" + m;
  }
}
