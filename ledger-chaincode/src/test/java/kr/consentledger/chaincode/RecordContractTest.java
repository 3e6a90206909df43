/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordContractTest {
  private final ObjectMapper json = new ObjectMapper();
  private final RecordContract contract = new RecordContract();
  private InMemoryStub ledger;
  private Context ctx;

  @BeforeEach
  void setUp() {
    ledger = new InMemoryStub();
    ctx = new Context(ledger.stub());
  }

  @Test
  void put_stores_a_first_version_stamped_with_the_transaction_not_the_clock() throws Exception {
    ledger.beginTransaction("tx-a", Instant.parse("2026-03-01T10:00:00Z"));

    JsonNode stored = json.readTree(contract.Put(ctx, "k1", "hello"));

    assertThat(stored.get("version").asLong()).isEqualTo(1);
    assertThat(stored.get("txId").asText()).isEqualTo("tx-a");
    assertThat(stored.get("updatedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(json.readTree(contract.Get(ctx, "k1"))).isEqualTo(stored);
  }

  @Test
  void put_writes_canonical_json_with_sorted_keys() {
    ledger.beginTransaction("tx-a", Instant.parse("2026-03-01T10:00:00Z"));

    assertThat(contract.Put(ctx, "k1", "v"))
        .isEqualTo(
            "{\"key\":\"k1\",\"txId\":\"tx-a\",\"updatedAt\":\"2026-03-01T10:00:00Z\",\"value\":\"v\",\"version\":1}");
  }

  @Test
  void put_emits_a_RecordPut_event_carrying_the_stored_record() {
    ledger.beginTransaction("tx-a", Instant.parse("2026-03-01T10:00:00Z"));

    String stored = contract.Put(ctx, "k1", "hello");

    assertThat(ledger.eventName()).isEqualTo(RecordContract.EVENT_RECORD_PUT);
    assertThat(ledger.eventPayload()).isEqualTo(stored);
  }

  @Test
  void history_lists_every_version_oldest_first() throws Exception {
    ledger.beginTransaction("tx-a", Instant.parse("2026-03-01T10:00:00Z"));
    contract.Put(ctx, "k1", "one");
    ledger.beginTransaction("tx-b", Instant.parse("2026-03-01T10:00:05Z"));
    contract.Put(ctx, "k1", "two");

    JsonNode history = json.readTree(contract.History(ctx, "k1"));

    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("txId").asText()).isEqualTo("tx-a");
    assertThat(history.get(0).get("record").get("value").asText()).isEqualTo("one");
    assertThat(history.get(1).get("record").get("version").asLong()).isEqualTo(2);
    assertThat(history.get(1).get("timestamp").asText()).isEqualTo("2026-03-01T10:00:05Z");
  }

  @Test
  void history_of_an_unknown_key_is_empty() {
    assertThat(contract.History(ctx, "never")).isEqualTo("[]");
  }

  @Test
  void get_of_an_unknown_key_fails_with_RECORD_NOT_FOUND() {
    assertThatThrownBy(() -> contract.Get(ctx, "missing"))
        .isInstanceOf(ChaincodeException.class)
        .hasMessageContaining("missing")
        .satisfies(e -> assertThat(payload(e)).isEqualTo(RejectionCode.RECORD_NOT_FOUND.name()));
  }

  @Test
  void put_rejects_an_empty_key_with_INVALID_ARGUMENT() {
    assertThatThrownBy(() -> contract.Put(ctx, "", "v"))
        .satisfies(e -> assertThat(payload(e)).isEqualTo(RejectionCode.INVALID_ARGUMENT.name()));
  }

  @Test
  void put_rejects_a_key_with_control_characters() {
    assertThatThrownBy(() -> contract.Put(ctx, "a\u0000b", "v"))
        .satisfies(e -> assertThat(payload(e)).isEqualTo(RejectionCode.INVALID_ARGUMENT.name()));
  }

  @Test
  void put_rejects_a_missing_value() {
    assertThatThrownBy(() -> contract.Put(ctx, "k", null))
        .satisfies(e -> assertThat(payload(e)).isEqualTo(RejectionCode.INVALID_ARGUMENT.name()));
  }

  private static String payload(Throwable e) {
    return new String(
        ((ChaincodeException) e).getPayload(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
