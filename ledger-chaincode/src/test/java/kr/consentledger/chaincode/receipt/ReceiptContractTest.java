/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import kr.consentledger.chaincode.CanonicalJson;
import kr.consentledger.chaincode.InMemoryStub;
import kr.consentledger.chaincode.did.DidTestStates;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The receipts contract against the wallet SDK's golden receipt fixtures. */
class ReceiptContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ReceiptContract contract = new ReceiptContract();

  @TestFactory
  Stream<DynamicTest> every_golden_fixture_gives_the_expected_outcome() throws IOException {
    List<Path> files =
        fixtures().filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.json")).toList();
    assertThat(files).hasSizeGreaterThanOrEqualTo(14);
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(), () -> check(JSON.readTree(f.toFile()))));
  }

  private void check(JsonNode fixture) throws Exception {
    InMemoryStub ledger = seeded(fixture);
    ledger.beginTransaction("tx-receipts", Instant.parse(fixture.get("txTime").asText()));
    Context ctx = new Context(ledger.stub());
    JsonNode expected = fixture.get("expected");

    JsonNode result =
        JSON.readTree(
                contract.Record(
                    ctx, JSON.createArrayNode().add(fixture.get("statement").asText()).toString()))
            .get(0);

    assertThat(result.get("result").asText())
        .as(fixture.get("description").asText())
        .isEqualTo(expected.get("result").asText());
    if (expected.has("code")) {
      assertThat(result.get("code").asText()).isEqualTo(expected.get("code").asText());
    }
    boolean recorded = expected.get("result").asText().equals("recorded");
    assertThat(ledger.eventName())
        .isEqualTo(recorded ? ReceiptContract.EVENT_RECEIPTS_RECORDED : null);
    if (recorded) {
      JsonNode receipts = JSON.readTree(contract.ForConsent(ctx, result.get("consentId").asText()));
      assertThat(receipts).hasSize(1);
      assertThat(receipts.get(0).get("txId").asText()).isEqualTo("tx-receipts");
      assertThat(receipts.get(0).get("recordedAt").asText())
          .isEqualTo(fixture.get("txTime").asText());
    }
  }

  @Test
  void receipts_of_other_consents_are_not_listed_and_a_retry_is_unchanged() throws Exception {
    JsonNode fixture = JSON.readTree(dir().resolve("01-recorded-did-fabric.json").toFile());
    InMemoryStub ledger = seeded(fixture);
    ledger.beginTransaction("tx-1", Instant.parse(fixture.get("txTime").asText()));
    Context ctx = new Context(ledger.stub());
    String batch =
        JSON.createArrayNode()
            .add(fixture.get("statement").asText())
            .add(fixture.get("statement").asText())
            .toString();

    JsonNode results = JSON.readTree(contract.Record(ctx, batch));

    assertThat(results.get(0).get("result").asText()).isEqualTo("recorded");
    assertThat(results.get(1).get("result").asText()).isEqualTo("unchanged");
    assertThat(
            JSON.readTree(
                contract.ForConsent(ctx, "urn:uuid:00000000-0000-4000-8000-000000000000")))
        .isEmpty();
  }

  @Test
  void a_batch_reads_each_key_from_the_peer_once() throws Exception {
    JsonNode fixture = JSON.readTree(dir().resolve("01-recorded-did-fabric.json").toFile());
    InMemoryStub ledger = seeded(fixture);
    ledger.beginTransaction("tx-1", Instant.parse(fixture.get("txTime").asText()));
    int before = ledger.reads().values().stream().mapToInt(Integer::intValue).sum();
    String statement = fixture.get("statement").asText();
    String batch = JSON.createArrayNode().add(statement).add(statement).add(statement).toString();

    JsonNode results = JSON.readTree(contract.Record(new Context(ledger.stub()), batch));

    assertThat(results)
        .extracting(r -> r.get("result").asText())
        .containsExactly("recorded", "unchanged", "unchanged");
    assertThat(before).as("seeding reads nothing").isZero();
    assertThat(ledger.reads())
        .as("the consent, both participants, the provider's DID and the receipt key")
        .isNotEmpty()
        .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
  }

  private static InMemoryStub seeded(JsonNode fixture) {
    InMemoryStub ledger = new InMemoryStub();
    ChaincodeStub stub = ledger.stub();
    for (JsonNode state : fixture.path("didStates")) {
      DidTestStates.seed(stub, state);
    }
    JsonNode consent = fixture.get("consentRecord");
    if (consent != null && !consent.isNull()) {
      stub.putState(
          stub.createCompositeKey("consent", consent.get("consentId").asText()).toString(),
          CanonicalJson.treeToBytes(consent));
    }
    for (JsonNode p : fixture.path("participants")) {
      stub.putState(
          stub.createCompositeKey("participant", p.get("did").asText()).toString(),
          CanonicalJson.treeToBytes(p));
    }
    JsonNode prior = fixture.get("priorReceipt");
    if (prior != null && !prior.isNull()) {
      stub.putState(
          stub.createCompositeKey(
                  "receipt", prior.get("consentId").asText(), prior.get("receiptId").asText())
              .toString(),
          CanonicalJson.treeToBytes(prior));
    }
    return ledger;
  }

  private static Stream<Path> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(dir())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  private static Path dir() {
    return Path.of(
        System.getProperty("receiptFixtures", "../wallet-sdk/src/test/resources/receipt"));
  }
}
