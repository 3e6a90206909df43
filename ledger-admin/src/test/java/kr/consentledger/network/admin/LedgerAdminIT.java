/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.junit.FabricNetworkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ledger-admin participants} against the real network, as an operator runs it. */
@ExtendWith(FabricNetworkExtension.class)
class LedgerAdminIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String runDir = FabricNetwork.forTests().runDir().toString();

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--run-dir";
    all[1] = runDir;
    System.arraycopy(args, 0, all, 2, args.length);
    int code = LedgerAdmin.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void an_operator_registers_suspends_and_reactivates_a_provider_and_reads_its_history()
      throws Exception {
    String did = "did:key:z6Mk" + UUID.randomUUID().toString().replace("-", "");

    Run registered =
        run("participants", "register", did, "--role", "provider", "--name", "Seoul Hospital");
    assertThat(registered.code()).as(registered.err()).isZero();
    assertThat(JSON.readTree(registered.out()).get("status").asText()).isEqualTo("active");

    Run again =
        run("--org", "org2", "participants", "register", did, "--role", "provider", "--name", "X");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).startsWith("error: ").contains("PARTICIPANT_EXISTS");

    assertThat(run("--org", "org2", "participants", "suspend", did).code()).isZero();
    assertThat(JSON.readTree(run("participants", "get", did).out()).get("status").asText())
        .isEqualTo("suspended");
    assertThat(run("participants", "activate", did).code()).isZero();

    JsonNode history = JSON.readTree(run("participants", "history", did).out());
    assertThat(history).hasSize(3);
    assertThat(history.get(1).at("/record/status").asText()).isEqualTo("suspended");
    assertThat(history.get(2).at("/record/status").asText()).isEqualTo("active");

    Run usage = run("participants", "register", did);
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("--role");
  }
}
