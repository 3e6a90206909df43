/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http.testing;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** schemathesis over one running service, through {@code network/scripts/fuzz-api.sh}. */
public final class FuzzApi {
  private FuzzApi() {}

  /**
   * Runs fuzz-api.sh on one service; its output goes to the test's output.
   *
   * @param base the service's base URL
   * @param defaultSeconds the fuzzing time unless {@code CONSENT_LEDGER_FUZZ_SECONDS} is set
   * @return schemathesis's exit code, or -1 when it did not end within ten minutes
   */
  public static int run(String base, String defaultSeconds) throws Exception {
    Path root =
        Path.of(System.getProperty("consentledger.projectRoot", "..")).toAbsolutePath().normalize();
    Path reports = Files.createDirectories(Path.of("target", "schemathesis").toAbsolutePath());
    Path log = reports.resolve("fuzz-api.log");
    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("network/scripts/fuzz-api.sh").toString(), base)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putIfAbsent("CONSENT_LEDGER_FUZZ_SECONDS", defaultSeconds);
    builder.environment().put("CONSENT_LEDGER_FUZZ_REPORTS", reports.toString());
    Process process = builder.directory(new File(reports.toString())).start();
    boolean done = process.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      process.destroyForcibly();
    }
    System.out.println(Files.readString(log, StandardCharsets.UTF_8));
    return done ? process.exitValue() : -1;
  }
}
