/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node checks of {@code interop/} (issue 14: independent implementations from npm) with
 * the machine's {@code node} and {@code npm}. The packages are installed by {@link #install()}
 * ({@code npm ci} from the committed {@code package-lock.json}) when {@code node_modules} is
 * missing or older than the lock file, so nothing is installed by hand.
 */
public final class NodeInterop {
  /** The npm project, from consent-service's folder (where Failsafe runs). */
  public static final Path PROJECT = Path.of("..", "interop").toAbsolutePath().normalize();

  private NodeInterop() {}

  /**
   * Installs the locked packages when needed.
   *
   * @throws IllegalStateException when npm fails, with its output
   */
  public static synchronized void install() throws IOException, InterruptedException {
    Path lock = PROJECT.resolve("package-lock.json");
    Path installed = PROJECT.resolve("node_modules").resolve(".package-lock.json");
    if (Files.exists(installed)
        && !Files.getLastModifiedTime(installed)
            .toInstant()
            .isBefore(Files.getLastModifiedTime(lock).toInstant())) {
      return;
    }
    Result r =
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), "", Map.of(), 600);
    if (r.exit() != 0) {
      throw new IllegalStateException("npm ci failed (" + r.exit() + "): " + r.stderr());
    }
  }

  /**
   * The outcome of a command.
   *
   * @param exit its exit code
   * @param stdout its standard output
   * @param stderr its standard error
   * @param millis its wall time
   */
  public record Result(int exit, String stdout, String stderr, long millis) {}

  /**
   * Runs {@code node <script>} in the project with {@code stdin} as its standard input.
   *
   * @param script the script's file name in {@code interop/}
   * @param stdin what it reads
   * @param env further environment variables (for example {@code NODE_EXTRA_CA_CERTS})
   * @return the outcome
   */
  public static Result node(String script, String stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    install();
    return run(List.of("node", script), stdin, env, 120);
  }

  private static Result run(List<String> command, String stdin, Map<String, String> env, int secs)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(secs, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command + " did not end within " + secs + " s");
    }
    return new Result(
        p.exitValue(), out.join(), err.join(), (System.nanoTime() - start) / 1_000_000);
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
