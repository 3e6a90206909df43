/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.junit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.network.FabricNetwork;

/**
 * Fault injection on a running network of {@code network.sh}: kills one of its processes the hard
 * way (SIGKILL to the process group, as a crash or an OOM kill would), and brings it back with
 * {@link FabricNetwork#up()}, which restarts whatever has stopped. For fault tests only.
 */
public final class NetworkFaults {
  private static final Pattern IS_LEADER =
      Pattern.compile(
          "^consensus_etcdraft_is_leader\\{[^}]*\\}\\s+([0-9.e+]+)\\s*$", Pattern.MULTILINE);

  private final FabricNetwork network;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param network the running network
   */
  public NetworkFaults(FabricNetwork network) {
    this.network = Objects.requireNonNull(network, "network");
  }

  /**
   * Kills a process of the network with SIGKILL to its whole process group and waits until it is
   * gone.
   *
   * @param name the process name of {@code network.sh}: {@code peer0.org1}, {@code peer0.org2},
   *     {@code orderer1} … {@code orderer3}, {@code chaincode} or {@code postgres}
   * @throws IllegalStateException when the process is not running or does not die
   */
  public void kill(String name) {
    Path pidFile = network.runDir().resolve("pids").resolve(name + ".pid");
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("no pid for " + name + " in " + pidFile, e);
    }
    ProcessHandle handle =
        ProcessHandle.of(pid)
            .orElseThrow(
                () -> new IllegalStateException(name + " (pid " + pid + ") is not running"));
    // Every process of network.sh runs in its own session whose group id is its pid.
    try {
      Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start();
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    handle.destroyForcibly();
    try {
      handle.onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(name + " did not die", e);
    }
  }

  /** Restarts every process of the network that is not running; returns when all are up. */
  public void restart() {
    network.up();
  }

  /**
   * The Raft leader among the orderers, from each orderer's Prometheus gauge {@code
   * consensus_etcdraft_is_leader}.
   *
   * @return the process name (orderer1, orderer2, …), waiting up to {@code timeout} for a leader
   * @throws IllegalStateException when no orderer says it leads within the timeout
   */
  public String raftLeader(int orderers, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = 1; i <= orderers; i++) {
        int ops = network.portBase() + (i - 1) * 10 + 2;
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops + "/metrics"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          Matcher m = IS_LEADER.matcher(r.body());
          while (m.find()) {
            if (Double.parseDouble(m.group(1)) == 1.0) {
              return "orderer" + i;
            }
          }
        } catch (IOException e) {
          // this orderer is down or starting; ask the others
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no orderer reports itself Raft leader");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
