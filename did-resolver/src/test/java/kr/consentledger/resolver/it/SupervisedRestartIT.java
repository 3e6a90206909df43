/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervision `./dev up` runs the services under (network/scripts/supervise.sh, through
 * services.sh): did-resolver, killed with SIGKILL, is started again and answers, and `services.sh
 * status` says it was restarted, how often and how it last exited; a JVM that meets an
 * OutOfMemoryError ends (-XX:+ExitOnOutOfMemoryError) and is started again, with a longer pause
 * each time.
 */
class SupervisedRestartIT {
  private static final String DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
  private static final Path ROOT =
      Path.of(System.getProperty("consentledger.projectRoot", "..")).toAbsolutePath().normalize();

  @TempDir Path runDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process supervisor;

  @AfterEach
  void stop() throws Exception {
    if (supervisor != null && supervisor.isAlive()) {
      new ProcessBuilder("kill", "-TERM", "--", "-" + supervisor.pid())
          .inheritIO()
          .start()
          .waitFor();
      if (!supervisor.waitFor(20, TimeUnit.SECONDS)) {
        new ProcessBuilder("kill", "-KILL", "--", "-" + supervisor.pid()).start().waitFor();
      }
    }
  }

  @Test
  void a_supervised_service_killed_with_sigkill_is_started_again_and_status_says_so()
      throws Exception {
    int port = freePort();
    Path state = runDir.resolve("supervisor");
    Files.createDirectories(runDir.resolve("pids"));
    ProcessBuilder pb =
        new ProcessBuilder(
            "setsid",
            ROOT.resolve("network/scripts/supervise.sh").toString(),
            "did-resolver",
            state.toString(),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-XX:MaxDirectMemorySize=64m",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            "kr.consentledger.resolver.boot.DidResolverMain");
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("FABRIC_"));
    env.put("DID_RESOLVER_HOST", "127.0.0.1");
    env.put("DID_RESOLVER_PORT", Integer.toString(port));
    pb.redirectErrorStream(true).redirectOutput(runDir.resolve("did-resolver.log").toFile());
    supervisor = pb.start();
    Files.writeString(runDir.resolve("pids/did-resolver.pid"), supervisor.pid() + "\n");

    await("did-resolver to answer", () -> resolves(port));
    long first = child(state);

    ProcessHandle.of(first).orElseThrow().destroyForcibly(); // SIGKILL
    await("a new did-resolver to answer", () -> child(state) != first && resolves(port));

    assertThat(supervisor.isAlive()).isTrue();
    String record = Files.readString(state.resolve("did-resolver.supervisor"));
    assertThat(record).contains("restarts=1").contains("last_exit=137 (signal KILL)");
    assertThat(Files.readString(runDir.resolve("did-resolver.log")))
        .contains("exited with 137 (signal KILL); restart 1");

    // services.sh status reads the same record; its port is the base + 140. It names the URL the
    // way services.sh serves it (always HTTPS), whatever this test's plain-HTTP process serves.
    ProcessBuilder sb =
        new ProcessBuilder(
            "bash", ROOT.resolve("network/scripts/services.sh").toString(), "status");
    sb.environment().put("CONSENT_LEDGER_RUN_DIR", runDir.toString());
    sb.environment().put("CONSENT_LEDGER_PORT_BASE", Integer.toString(port - 140));
    Process s = sb.redirectErrorStream(true).start();
    String out = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    s.waitFor(30, TimeUnit.SECONDS);
    assertThat(out)
        .contains(
            "did-resolver   up https://127.0.0.1:"
                + port
                + " (restarted 1 times, last exit 137 (signal KILL) at ")
        .contains("consent-service down");
  }

  @Test
  void an_out_of_memory_error_ends_the_process_and_the_supervisor_starts_it_again()
      throws Exception {
    Path state = runDir.resolve("supervisor");
    ProcessBuilder pb =
        new ProcessBuilder(
            "setsid",
            ROOT.resolve("network/scripts/supervise.sh").toString(),
            "did-resolver",
            state.toString(),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx6m", // too small to start: the JVM meets an OutOfMemoryError
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            "kr.consentledger.resolver.boot.DidResolverMain");
    pb.environment().keySet().removeIf(k -> k.startsWith("FABRIC_"));
    pb.environment().put("DID_RESOLVER_HOST", "127.0.0.1");
    pb.environment().put("DID_RESOLVER_PORT", Integer.toString(freePort()));
    Path log = runDir.resolve("did-resolver.log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    supervisor = pb.start();

    await(
        "two exits on OutOfMemoryError",
        () -> {
          try {
            return Files.readString(state.resolve("did-resolver.supervisor"))
                .contains("restarts=2");
          } catch (IOException e) {
            return false;
          }
        });
    assertThat(Files.readString(state.resolve("did-resolver.supervisor")))
        .contains("last_exit=3\n");
    assertThat(Files.readString(log))
        .contains("Terminating due to java.lang.OutOfMemoryError")
        .contains("exited with 3; restart 1 in 1s")
        .contains("exited with 3; restart 2 in 2s");
    assertThat(supervisor.isAlive()).isTrue();
  }

  private boolean resolves(int port) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/1.0/identifiers/" + DID))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains(DID);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static long child(Path state) {
    try {
      return Long.parseLong(Files.readString(state.resolve("did-resolver.child")).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
