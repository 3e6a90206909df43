/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import kr.consentledger.chaincode.InMemoryStub;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParticipantContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECIPIENT = "did:fabric:JF1LV3XPAv1f1HtHBBVJ7v";
  private final ParticipantContract contract = new ParticipantContract();
  private InMemoryStub ledger;

  @BeforeEach
  void setUp() {
    ledger = new InMemoryStub();
  }

  private Context asAdmin() {
    ledger.actAs("/admin-cert.pem", "Org2MSP");
    return new Context(ledger.stub());
  }

  private Context asClient() {
    ledger.actAs("/creator-cert.pem", "Org1MSP");
    return new Context(ledger.stub());
  }

  @Test
  void an_organisation_admin_registers_a_participant_as_active_and_the_event_says_so()
      throws Exception {
    ledger.beginTransaction("tx-1", Instant.parse("2026-11-22T10:00:00.5Z"));

    JsonNode p =
        JSON.readTree(contract.Register(asAdmin(), RECIPIENT, "recipient", "Example MyData Co."));

    assertThat(p.get("status").asText()).isEqualTo("active");
    assertThat(p.get("role").asText()).isEqualTo("recipient");
    assertThat(p.get("registeredBy").asText()).isEqualTo("Org2MSP");
    assertThat(p.get("registeredAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(ledger.eventName()).isEqualTo(ParticipantContract.EVENT_PARTICIPANT_CHANGED);
    assertThat(JSON.readTree(contract.Get(asClient(), RECIPIENT))).isEqualTo(p);
  }

  @Test
  void a_client_identity_cannot_change_the_registry() {
    assertThatThrownBy(() -> contract.Register(asClient(), RECIPIENT, "recipient", "X"))
        .hasMessageStartingWith("NOT_AN_ADMIN");
    ledger.beginTransaction("tx-1", Instant.parse("2026-11-22T10:00:00Z"));
    contract.Register(asAdmin(), RECIPIENT, "recipient", "X");
    assertThatThrownBy(() -> contract.SetStatus(asClient(), RECIPIENT, "suspended"))
        .hasMessageStartingWith("NOT_AN_ADMIN");
  }

  @Test
  void suspension_and_reinstatement_are_kept_in_the_history() throws Exception {
    ledger.beginTransaction("tx-1", Instant.parse("2026-11-22T10:00:00Z"));
    contract.Register(asAdmin(), RECIPIENT, "recipient", "Example MyData Co.");
    ledger.beginTransaction("tx-2", Instant.parse("2026-11-23T10:00:00Z"));
    contract.SetStatus(asAdmin(), RECIPIENT, "suspended");
    ledger.beginTransaction("tx-3", Instant.parse("2026-11-24T10:00:00Z"));
    contract.SetStatus(asAdmin(), RECIPIENT, "active");

    JsonNode history = JSON.readTree(contract.History(asClient(), RECIPIENT));

    assertThat(history).hasSize(3);
    assertThat(history.get(1).at("/record/status").asText()).isEqualTo("suspended");
    assertThat(history.get(1).get("txId").asText()).isEqualTo("tx-2");
    assertThat(history.get(2).at("/record/status").asText()).isEqualTo("active");
    assertThat(history.get(2).at("/record/registeredAt").asText())
        .isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void bad_input_is_rejected_with_its_code() {
    ledger.beginTransaction("tx-1", Instant.parse("2026-11-22T10:00:00Z"));
    assertThatThrownBy(() -> contract.Register(asAdmin(), "not-a-did", "recipient", "X"))
        .hasMessageStartingWith("INVALID_ARGUMENT");
    assertThatThrownBy(() -> contract.Register(asAdmin(), RECIPIENT, "operator", "X"))
        .hasMessageStartingWith("INVALID_ARGUMENT");
    assertThatThrownBy(() -> contract.Register(asAdmin(), RECIPIENT, "recipient", " "))
        .hasMessageStartingWith("INVALID_ARGUMENT");
    contract.Register(asAdmin(), RECIPIENT, "recipient", "X");
    assertThatThrownBy(() -> contract.Register(asAdmin(), RECIPIENT, "recipient", "X"))
        .hasMessageStartingWith("PARTICIPANT_EXISTS");
    assertThatThrownBy(() -> contract.SetStatus(asAdmin(), RECIPIENT, "revoked"))
        .hasMessageStartingWith("INVALID_ARGUMENT");
    assertThatThrownBy(() -> contract.Get(asClient(), "did:key:z6MkUnknown"))
        .hasMessageStartingWith("PARTICIPANT_NOT_FOUND");
  }
}
