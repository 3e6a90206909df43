/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.admin;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ledger-admin}: what a network operator does with an organisation admin identity. Today
 * that is the participant registry ({@code participants} contract): register providers, recipients
 * and auditors, suspend and reactivate them, read a record and its history.
 *
 * <p>Output is the chaincode's JSON on standard output. A refusal of the chaincode (for example
 * {@code PARTICIPANT_EXISTS}) is one line {@code error: CODE: message} on standard error and exit
 * code 1; wrong usage is exit code 2.
 */
@Command(
    name = "ledger-admin",
    mixinStandardHelpOptions = true,
    description = "Administers the consent ledger with an organisation admin identity.",
    subcommands = {LedgerAdmin.Participants.class})
public final class LedgerAdmin {
  @Option(
      names = "--run-dir",
      description =
          "The network's run folder (its network.properties). Default: $CONSENT_LEDGER_RUN_DIR, else"
              + " the folder ./dev up uses.")
  Path runDir;

  @Option(
      names = "--org",
      defaultValue = "org1",
      description = "Whose admin identity signs: org1 or org2 (default: ${DEFAULT-VALUE}).")
  String org;

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @param out where results go
   * @param err where errors go
   * @return the exit code: 0 done, 1 refused by the ledger, 2 wrong usage
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new LedgerAdmin());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("error: " + message(e));
          return 1;
        });
    return cli.execute(args);
  }

  private static String message(Exception e) {
    if (e instanceof GatewayException g) {
      StringBuilder text = new StringBuilder();
      for (ErrorDetail d : g.getDetails()) {
        text.append(text.length() == 0 ? "" : "; ").append(d.getMessage());
      }
      return text.length() > 0 ? text.toString() : String.valueOf(g.getStatus().getDescription());
    }
    return String.valueOf(e.getMessage());
  }

  NetworkInfo network() {
    return FabricNetwork.readInfo(runDir != null ? runDir : FabricNetwork.defaultRunDir());
  }

  /** The {@code participants} contract, with the admin identity of {@link #org}. */
  <T> T withParticipants(ContractCall<T> call) throws Exception {
    NetworkInfo info = network();
    Organization o = info.organization(org);
    try (GatewayConnection admin =
        GatewayConnection.open(o.adminEndpoint(), GatewayTimeouts.DEFAULT)) {
      return call.apply(
          admin.network(info.channel()).getContract(info.chaincode(), "participants"));
    }
  }

  @FunctionalInterface
  interface ContractCall<T> {
    T apply(Contract contract) throws Exception;
  }

  /** {@code ledger-admin participants ...}. */
  @Command(
      name = "participants",
      mixinStandardHelpOptions = true,
      description =
          "The participant registry: providers, recipients (MyData operators) and auditors.")
  static final class Participants {
    @ParentCommand LedgerAdmin admin;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private Integer print(byte[] json) {
      spec.commandLine().getOut().println(new String(json, StandardCharsets.UTF_8));
      return 0;
    }

    @Command(
        name = "register",
        description = "Registers a DID with a role and a display name, status active.")
    Integer register(
        @Parameters(paramLabel = "DID") String did,
        @Option(names = "--role", required = true, description = "provider, recipient or auditor")
            String role,
        @Option(names = "--name", required = true, description = "the display name") String name)
        throws Exception {
      return print(admin.withParticipants(c -> c.submitTransaction("Register", did, role, name)));
    }

    @Command(name = "suspend", description = "Sets a participant's status to suspended.")
    Integer suspend(@Parameters(paramLabel = "DID") String did) throws Exception {
      return print(admin.withParticipants(c -> c.submitTransaction("SetStatus", did, "suspended")));
    }

    @Command(name = "activate", description = "Sets a participant's status to active.")
    Integer activate(@Parameters(paramLabel = "DID") String did) throws Exception {
      return print(admin.withParticipants(c -> c.submitTransaction("SetStatus", did, "active")));
    }

    @Command(name = "get", description = "Prints a participant's current record.")
    Integer get(@Parameters(paramLabel = "DID") String did) throws Exception {
      return print(admin.withParticipants(c -> c.evaluateTransaction("Get", did)));
    }

    @Command(
        name = "history",
        description = "Prints every state of a participant's record, oldest first.")
    Integer history(@Parameters(paramLabel = "DID") String did) throws Exception {
      return print(admin.withParticipants(c -> c.evaluateTransaction("History", did)));
    }
  }
}
