/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.FabricNetworkExtension;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole client path on the real network: gateway over TLS, both organisations endorsing. */
@ExtendWith(FabricNetworkExtension.class)
class GatewayRoundTripIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService READER = Executors.newCachedThreadPool();

  private final String prefix = "it-" + UUID.randomUUID() + "-";

  @AfterAll
  static void stopReader() {
    READER.shutdownNow();
  }

  @Test
  void submits_through_the_gateway_and_reads_the_record_and_its_two_versions_back(NetworkInfo info)
      throws Exception {
    try (GatewayConnection connection =
        GatewayConnection.open(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract records =
          connection.network(info.channel()).getContract(info.chaincode(), "records");
      String key = prefix + "k";

      SubmittedTransaction first =
          records.newProposal("Put").addArguments(key, "v1").build().endorse().submitAsync();
      Status firstStatus = first.getStatus();
      byte[] secondResult = records.submitTransaction("Put", key, "v2");

      assertThat(firstStatus.isSuccessful()).isTrue();
      assertThat(firstStatus.getTransactionId()).isEqualTo(first.getTransactionId());
      assertThat(firstStatus.getBlockNumber()).isPositive();
      assertThat(json(secondResult).get("version").asLong()).isEqualTo(2);

      JsonNode current = json(records.evaluateTransaction("Get", key));
      assertThat(current.get("value").asText()).isEqualTo("v2");

      JsonNode history = json(records.evaluateTransaction("History", key));
      assertThat(history).hasSize(2);
      assertThat(history.get(0).get("txId").asText()).isEqualTo(first.getTransactionId());
      assertThat(history.get(0).get("record").get("value").asText()).isEqualTo("v1");
      assertThat(history.get(1).get("record").get("value").asText()).isEqualTo("v2");
    }
  }

  @Test
  void the_chaincode_error_code_reaches_the_client(NetworkInfo info) throws Exception {
    try (GatewayConnection connection =
        GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract records =
          connection.network(info.channel()).getContract(info.chaincode(), "records");

      assertThatThrownBy(() -> records.submitTransaction("Put", "", "v"))
          .isInstanceOfSatisfying(
              EndorseException.class,
              e ->
                  assertThat(e.getDetails())
                      .isNotEmpty()
                      .allSatisfy(
                          d ->
                              assertThat(d.getMessage())
                                  .contains("INVALID_ARGUMENT: key must be")));
    }
  }

  @Test
  void a_transaction_endorsed_by_one_organisation_only_is_invalidated(NetworkInfo info)
      throws Exception {
    try (GatewayConnection connection =
        GatewayConnection.open(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract records =
          connection.network(info.channel()).getContract(info.chaincode(), "records");

      Status status =
          records
              .newProposal("Put")
              .addArguments(prefix + "lonely", "v")
              .setEndorsingOrganizations("Org1MSP")
              .build()
              .endorse()
              .submitAsync()
              .getStatus();

      assertThat(status.isSuccessful()).isFalse();
      assertThat(status.getCode().name()).isEqualTo("ENDORSEMENT_POLICY_FAILURE");
    }
  }

  @Test
  void events_resume_from_the_checkpoint_after_a_client_restart_without_gap_or_repeat(
      NetworkInfo info, @TempDir Path dir) throws Exception {
    Path checkpointFile = dir.resolve("checkpoint.json");
    String key = prefix + "ev";
    long startBlock;
    List<String> seenBeforeRestart = new ArrayList<>();

    // First client life: write v1 and v2, read both events, checkpointing each.
    try (GatewayConnection connection =
            GatewayConnection.open(
                info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT);
        FileCheckpointer checkpointer = new FileCheckpointer(checkpointFile)) {
      Network network = connection.network(info.channel());
      Contract records = network.getContract(info.chaincode(), "records");
      startBlock =
          records
              .newProposal("Put")
              .addArguments(key, "v1")
              .build()
              .endorse()
              .submitAsync()
              .getStatus()
              .getBlockNumber();
      records.submitTransaction("Put", key, "v2");
      seenBeforeRestart.addAll(
          readOwnEvents(network, info.chaincode(), startBlock, checkpointer, key, 2));
    }
    assertThat(seenBeforeRestart).containsExactly("v1", "v2");

    // While the client is down, two more writes land.
    try (GatewayConnection other =
        GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract records = other.network(info.channel()).getContract(info.chaincode(), "records");
      records.submitTransaction("Put", key, "v3");
      records.submitTransaction("Put", key, "v4");
    }
    assertThat(Files.readString(checkpointFile, StandardCharsets.UTF_8)).contains("blockNumber");

    // Second client life: a new connection and a checkpointer read back from the file.
    List<String> seenAfterRestart;
    try (GatewayConnection connection =
            GatewayConnection.open(
                info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT);
        FileCheckpointer checkpointer = new FileCheckpointer(checkpointFile)) {
      seenAfterRestart =
          readOwnEvents(
              connection.network(info.channel()),
              info.chaincode(),
              startBlock,
              checkpointer,
              key,
              2);
    }
    assertThat(seenAfterRestart).containsExactly("v3", "v4");
  }

  @Test
  void the_client_identity_is_read_from_the_network_crypto_material(NetworkInfo info)
      throws Exception {
    Organization org2 = info.organization("org2");
    try (var reader = Files.newBufferedReader(org2.userCertificate())) {
      assertThat(Identities.readX509Certificate(reader).getSubjectX500Principal().getName())
          .contains("User1@org2.consentledger.local");
    }
  }

  /**
   * Reads events from {@code startBlock}, or from the checkpoint when it has one, checkpointing
   * each, until {@code count} events of {@code key} were seen; returns their values.
   */
  private static List<String> readOwnEvents(
      Network network,
      String chaincode,
      long startBlock,
      FileCheckpointer checkpointer,
      String key,
      int count)
      throws Exception {
    List<String> seen = new ArrayList<>();
    try (CloseableIterator<ChaincodeEvent> events =
        network
            .newChaincodeEventsRequest(chaincode)
            .startBlock(startBlock)
            .checkpoint(checkpointer)
            .build()
            .getEvents()) {
      while (seen.size() < count) {
        ChaincodeEvent event = next(events);
        if (ownEvent(event, key)) {
          seen.add(value(event));
        }
        checkpointer.checkpointChaincodeEvent(event);
      }
    }
    return seen;
  }

  private static ChaincodeEvent next(CloseableIterator<ChaincodeEvent> events) throws Exception {
    Future<ChaincodeEvent> next = READER.submit(events::next);
    try {
      return next.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      next.cancel(true);
    }
  }

  private static boolean ownEvent(ChaincodeEvent event, String key) throws Exception {
    return event.getEventName().equals("RecordPut")
        && json(event.getPayload()).get("key").asText().equals(key);
  }

  private static String value(ChaincodeEvent event) throws Exception {
    return json(event.getPayload()).get("value").asText();
  }

  private static JsonNode json(byte[] bytes) throws Exception {
    return JSON.readTree(bytes);
  }
}
