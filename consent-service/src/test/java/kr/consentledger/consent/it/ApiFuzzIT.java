package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.ConsentServiceConfig;
import kr.consentledger.consent.ConsentServiceVerticle;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * schemathesis (network/scripts/fuzz-api.sh, every check) over consent-service's OpenAPI
 * document, against the service on the real network and a database of its own: no 5xx, every
 * status and body as declared, schema-violating data refused. At most 60 s of fuzzing
 * ({@code CONSENT_LEDGER_FUZZ_SECONDS} overrides it).
 */
@ExtendWith({FabricNetworkExtension.class, PostgresExtension.class})
class ApiFuzzIT {
  @Test
  void schemathesis_finds_no_server_error_and_no_undeclared_status_or_body(NetworkInfo info, TestDatabase db)
      throws Exception {
    String database = db.createDatabase("consent_fuzz");
    ConsentServiceConfig config = new ConsentServiceConfig(
        "127.0.0.1", 0,
        new ConsentServiceConfig.Database(db.host(), db.port(), database, db.user(), db.password(), 4),
        new ConsentServiceConfig.Ledger(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT,
            info.channel(), info.chaincode(), 0, Duration.ofMillis(500)),
        Duration.ofDays(365), 50, Duration.ofMillis(200), Duration.ofMinutes(2), 4);
    Vertx vertx = Vertx.vertx();
    try {
      ConsentServiceVerticle verticle = new ConsentServiceVerticle(config);
      vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);

      int exit = fuzz("http://127.0.0.1:" + verticle.actualPort(), "60");

      assertThat(exit).as("schemathesis exit code (its report is in the test output)").isZero();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** Runs fuzz-api.sh on one service; its output goes to this test's output. */
  static int fuzz(String base, String defaultSeconds) throws Exception {
    Path root = Path.of(System.getProperty("consentledger.projectRoot", "..")).toAbsolutePath().normalize();
    Path reports = Files.createDirectories(Path.of("target", "schemathesis").toAbsolutePath());
    Path log = reports.resolve("fuzz-api.log");
    ProcessBuilder builder = new ProcessBuilder(root.resolve("network/scripts/fuzz-api.sh").toString(), base)
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
