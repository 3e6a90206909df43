/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayEndpoint;
import kr.consentledger.network.gateway.GatewayPeer;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.NetworkFaults;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gateway fail-over on the real network: a connection that lists both organisations' peers keeps
 * evaluating and following events through org2's peer while org1's peer is killed, and submits
 * again once it is back (the endorsement policy needs both organisations, so no submit can be
 * endorsed while one of the two peers is down).
 */
@ExtendWith(FabricNetworkExtension.class)
class GatewayFailoverIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService READER = Executors.newCachedThreadPool();

  @AfterAll
  static void stopReader() {
    READER.shutdownNow();
  }

  @Test
  void with_org1s_peer_killed_evaluates_and_events_go_to_org2s_peer_and_submits_resume_after(
      NetworkInfo info, FabricNetwork fabric) throws Exception {
    Organization org2 = info.organization("org2");
    GatewayEndpoint both =
        info.organization("org1")
            .userEndpoint()
            .withFailover(
                List.of(
                    new GatewayPeer(
                        org2.peerAddress(), org2.peerTlsCa(), org2.peerHostOverride())));
    NetworkFaults faults = new NetworkFaults(fabric);
    String key = "failover-" + UUID.randomUUID();
    try (GatewayConnection connection = GatewayConnection.open(both, GatewayTimeouts.DEFAULT)) {
      Network network = connection.network(info.channel());
      Contract records = network.getContract(info.chaincode(), "records");
      long block =
          records
              .newProposal("Put")
              .addArguments(key, "before")
              .build()
              .endorse()
              .submitAsync()
              .getStatus()
              .getBlockNumber();

      faults.kill("peer0.org1");
      try {
        // The first call after the kill may still meet the dead connection; then org2's peer.
        JsonNode during = eventually(() -> JSON.readTree(records.evaluateTransaction("Get", key)));
        int served = 0;
        for (int i = 0; i < 5; i++) {
          JSON.readTree(records.evaluateTransaction("Get", key));
          served++;
        }
        String event = eventually(() -> firstEventValue(network, info.chaincode(), block, key));
        assertThatThrownBy(() -> records.submitTransaction("Put", key, "during"))
            .as("both organisations must endorse")
            .isInstanceOf(GatewayException.class);

        assertThat(during.get("value").asText()).isEqualTo("before");
        assertThat(served).isEqualTo(5);
        assertThat(event).isEqualTo("before");
      } finally {
        faults.restart();
      }
      eventually(() -> records.submitTransaction("Put", key, "after"));
      assertThat(JSON.readTree(records.evaluateTransaction("Get", key)).get("value").asText())
          .isEqualTo("after");
    }
  }

  /** The value of the first {@code RecordPut} event of {@code key} from {@code block} on. */
  private static String firstEventValue(Network network, String chaincode, long block, String key)
      throws Exception {
    try (CloseableIterator<ChaincodeEvent> events =
        network.newChaincodeEventsRequest(chaincode).startBlock(block).build().getEvents()) {
      while (true) {
        Future<ChaincodeEvent> next = READER.submit(events::next);
        ChaincodeEvent event;
        try {
          event = next.get(30, TimeUnit.SECONDS);
        } finally {
          next.cancel(true);
        }
        JsonNode payload = JSON.readTree(event.getPayload());
        if (event.getEventName().equals("RecordPut") && payload.path("key").asText().equals(key)) {
          return payload.get("value").asText();
        }
      }
    }
  }

  /** Calls until it succeeds, at most for 60 s (a call on a connection that just failed fails). */
  private static <T> T eventually(Callable<T> call) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        return call.call();
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }
}
