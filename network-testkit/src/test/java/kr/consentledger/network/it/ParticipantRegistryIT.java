/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.FabricNetworkExtension;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The participant registry on the real network: organisation admins keep it, nobody else. */
@ExtendWith(FabricNetworkExtension.class)
class ParticipantRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void an_organisation_admin_registers_and_suspends_a_recipient_and_a_client_cannot(
      NetworkInfo info) throws Exception {
    String did = "did:key:z6Mk" + UUID.randomUUID().toString().replace("-", "");
    try (GatewayConnection admin =
            GatewayConnection.open(
                info.organization("org1").adminEndpoint(), GatewayTimeouts.DEFAULT);
        GatewayConnection client =
            GatewayConnection.open(
                info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract asAdmin =
          admin.network(info.channel()).getContract(info.chaincode(), "participants");
      Contract asClient =
          client.network(info.channel()).getContract(info.chaincode(), "participants");

      JsonNode registered =
          JSON.readTree(
              asAdmin.submitTransaction("Register", did, "recipient", "Example MyData Co."));
      assertThatThrownBy(() -> asClient.submitTransaction("SetStatus", did, "suspended"))
          .isInstanceOfSatisfying(
              EndorseException.class,
              e -> assertThat(e.getDetails().toString()).contains("NOT_AN_ADMIN"));
      asAdmin.submitTransaction("SetStatus", did, "suspended");

      JsonNode current = JSON.readTree(asClient.evaluateTransaction("Get", did));
      JsonNode history = JSON.readTree(asClient.evaluateTransaction("History", did));
      assertThat(registered.get("registeredBy").asText()).isEqualTo("Org1MSP");
      assertThat(current.get("status").asText()).isEqualTo("suspended");
      assertThat(history).hasSize(2);
      assertThat(history.get(0).at("/record/status").asText()).isEqualTo("active");
    }
  }
}
