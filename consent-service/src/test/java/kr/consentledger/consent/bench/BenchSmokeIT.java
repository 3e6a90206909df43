package kr.consentledger.consent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A few seconds of every {@code ./dev bench} scenario against the test network, so that the
 * command cannot rot. The services are started by {@code services.sh} in the test network's run
 * folder, as {@code ./dev bench} starts them; without rate limits and without shedding (not a test
 * of the edge). Asserts outcomes only, never a time: the report files are written, the counts add
 * up, every accepted consent, revocation and receipt is seen committed, and no answer is a 5xx.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class})
class BenchSmokeIT {
  static final Map<String, String> NO_SHEDDING = Map.of(
      "CONSENT_MAX_IN_FLIGHT", "0", "CONSENT_MAX_EVENT_LOOP_DELAY_MS", "0",
      "DID_RESOLVER_MAX_IN_FLIGHT", "0", "DID_RESOLVER_MAX_EVENT_LOOP_DELAY_MS", "0");

  @Test
  void every_scenario_runs_and_its_report_accounts_for_every_request_and_commit(NetworkInfo info) throws Exception {
    Path root = BenchSystem.findRoot();
    FabricNetwork network = FabricNetwork.forTests();
    Path out = root.resolve("consent-service/target/bench-smoke");
    String[] args = {"--duration", "2", "--warmup", "0", "--connections", "4", "--consents", "2",
        "--max-inputs", "40", "--drain", "60", "--raw-seconds", "0.5", "--out", out.toString()};
    Bench.Options options = Bench.Options.parse(args, root);
    BenchReport report;
    try (BenchSystem system = BenchSystem.start(root, network.runDir(), network.portBase(), null, false, false,
        NO_SHEDDING, true)) {
      report = Bench.run(system, options, String.join(" ", args));
    } finally {
      scanServiceLogs(network.runDir());
    }

    assertThat(report.failures).as("scenarios that could not run").isEmpty();
    assertThat(out.resolve("report.json")).isRegularFile();
    assertThat(out.resolve("report.md")).isRegularFile();
    assertThat(Files.size(out.resolve("chart.png"))).isPositive();
    JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(json.path("scenarios")).hasSize(7);
    assertThat(json.path("rawLimitEd25519VerifyPerSecond").path("before").asDouble()).isPositive();

    assertThat(report.scenarios).extracting(r -> r.scenario)
        .containsExactly("anchor", "revoke", "verify", "vcapi", "resolve-key", "resolve-fabric", "mixed");
    for (ScenarioResult r : report.scenarios) {
      ScenarioResult.Kind t = r.total;
      assertThat(t.ok()).as(r.scenario + " answered").isPositive();
      assertThat(t.sent()).as(r.scenario + ": every request sent is counted once")
          .isEqualTo(t.ok() + t.shed() + t.clientErrors() + t.serverErrors() + t.transportErrors());
      assertThat(t.shed() + t.serverErrors() + t.clientErrors() + t.transportErrors())
          .as(r.scenario + ": no 4xx, 5xx or failed connection: " + t.statuses()).isZero();
      assertThat(r.kinds.stream().mapToLong(ScenarioResult.Kind::sent).sum()).isEqualTo(t.sent());
      assertThat(r.denied).as(r.scenario + ": every verification allowed").isZero();
      assertThat(r.cpuSeconds).containsKeys("consent-service", "did-resolver", "peer0.org1", "chaincode", "postgres",
          CpuMeter.GENERATOR);
      assertThat(r.cpuTotal()).isPositive();
      for (ScenarioResult.Commits c : r.commits) {
        assertThat(c.committed()).as(r.scenario + ": every accepted " + c.kind() + " is seen committed")
            .isEqualTo(c.accepted()).isPositive();
        assertThat(c.transactions()).isPositive();
      }
    }
    for (String ledger : List.of("anchor", "revoke", "verify", "mixed")) {
      assertThat(report.scenarios.stream().filter(r -> r.scenario.equals(ledger)).findFirst().orElseThrow().commits)
          .as(ledger + " has submit→committed figures").isNotEmpty();
    }
    assertThat(report.scenarios.stream().filter(r -> r.scenario.equals("mixed")).findFirst().orElseThrow().commits)
        .extracting(ScenarioResult.Commits::kind).contains("verify");
  }

  /** The services log to the run folder: their blocked-thread warnings fail the test too. */
  private static void scanServiceLogs(Path runDir) throws Exception {
    for (String name : List.of("consent-service", "did-resolver")) {
      Path log = runDir.resolve("logs").resolve(name + ".log");
      if (Files.isRegularFile(log)) {
        try (Stream<String> lines = Files.lines(log)) {
          lines.forEach(BlockedThreadWarnings::scan);
        }
      }
    }
  }
}
