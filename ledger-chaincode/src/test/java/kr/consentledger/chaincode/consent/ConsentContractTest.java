/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import kr.consentledger.chaincode.CanonicalJson;
import kr.consentledger.chaincode.InMemoryStub;
import kr.consentledger.chaincode.did.DidTestStates;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The consents contract against the wallet SDK's golden fixtures, and its batch rules. */
class ConsentContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConsentContract contract = new ConsentContract();
  private InMemoryStub ledger;
  private Context ctx;

  @BeforeEach
  void setUp() {
    ledger = new InMemoryStub();
    ctx = new Context(ledger.stub());
  }

  @TestFactory
  Stream<DynamicTest> every_golden_fixture_gives_the_expected_outcome() throws IOException {
    List<Path> files =
        fixtures().filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.json")).toList();
    assertThat(files).hasSizeGreaterThanOrEqualTo(12);
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(), () -> check(JSON.readTree(f.toFile()))));
  }

  private void check(JsonNode fixture) throws Exception {
    setUp();
    seed(fixture);
    String txId = "tx-" + fixture.get("function").asText().toLowerCase(Locale.ROOT);
    ledger.beginTransaction(txId, Instant.parse(fixture.get("txTime").asText()));
    JsonNode expected = fixture.get("expected");

    JsonNode results =
        JSON.readTree(
            call(fixture.get("function").asText(), batch(fixture.get("statement").asText())));

    assertThat(results).hasSize(1);
    JsonNode r = results.get(0);
    assertThat(r.get("result").asText())
        .as(fixture.get("description").asText())
        .isEqualTo(expected.get("result").asText());
    if (expected.has("code")) {
      assertThat(r.get("code").asText()).isEqualTo(expected.get("code").asText());
    }
    boolean changed = List.of("anchored", "revoked").contains(expected.get("result").asText());
    assertThat(ledger.eventName())
        .isEqualTo(changed ? ConsentContract.EVENT_CONSENTS_CHANGED : null);
    if (changed) {
      JsonNode change = JSON.readTree(ledger.eventPayload()).get("changes").get(0);
      assertThat(change.get("txId").asText()).isEqualTo(txId);
      assertThat(change.get("status").asText())
          .isEqualTo(
              expected.get("result").asText().equals("anchored")
                  ? "ConsentGiven"
                  : "ConsentWithdrawn");
      JsonNode status = JSON.readTree(contract.Status(ctx, r.get("consentId").asText()));
      assertThat(status.get("status")).isEqualTo(change.get("status"));
    }
  }

  @Test
  void two_revocations_of_one_consent_in_one_batch_see_each_other() throws Exception {
    JsonNode anchor = fixture("02-anchor-did-fabric.json");
    JsonNode revoke = fixture("03-revoke-did-fabric.json");
    seed(anchor);
    ledger.beginTransaction("tx-1", Instant.parse(revoke.get("txTime").asText()));

    JsonNode anchored =
        JSON.readTree(contract.Anchor(ctx, batch(anchor.get("statement").asText())));
    ledger.beginTransaction("tx-2", Instant.parse(revoke.get("txTime").asText()));
    JsonNode revoked =
        JSON.readTree(
            contract.Revoke(
                ctx, batch(revoke.get("statement").asText(), revoke.get("statement").asText())));

    assertThat(anchored.get(0).get("result").asText()).isEqualTo("anchored");
    assertThat(revoked.get(0).get("result").asText()).isEqualTo("revoked");
    assertThat(revoked.get(1).get("result").asText()).isEqualTo("unchanged");
    JsonNode history =
        JSON.readTree(contract.History(ctx, anchored.get(0).get("consentId").asText()));
    assertThat(history).hasSize(2);
    assertThat(history.get(0).at("/record/status").asText()).isEqualTo("ConsentGiven");
    assertThat(history.get(1).at("/record/status").asText()).isEqualTo("ConsentWithdrawn");
    assertThat(history.get(1).get("txId").asText()).isEqualTo("tx-2");
  }

  @Test
  void a_rejected_statement_does_not_stop_the_others_of_its_batch() throws Exception {
    JsonNode good = fixture("01-anchor-did-key.json");
    JsonNode bad = fixture("05-anchor-bad-signature.json");
    seed(good);
    ledger.beginTransaction("tx-1", Instant.parse(good.get("txTime").asText()));

    JsonNode results =
        JSON.readTree(
            contract.Anchor(
                ctx, batch(bad.get("statement").asText(), good.get("statement").asText())));

    assertThat(results.get(0).get("result").asText()).isEqualTo("rejected");
    assertThat(results.get(0).get("code").asText()).isEqualTo("BAD_SIGNATURE");
    assertThat(results.get(1).get("result").asText()).isEqualTo("anchored");
    assertThat(JSON.readTree(ledger.eventPayload()).get("changes")).hasSize(1);
  }

  @Test
  void status_reports_expiry_from_the_query_timestamp_without_storing_it() throws Exception {
    JsonNode anchor = fixture("01-anchor-did-key.json");
    seed(anchor);
    ledger.beginTransaction("tx-1", Instant.parse(anchor.get("txTime").asText()));
    String consentId =
        JSON.readTree(contract.Anchor(ctx, batch(anchor.get("statement").asText())))
            .get(0)
            .get("consentId")
            .asText();
    String validUntil = JSON.readTree(contract.Status(ctx, consentId)).get("validUntil").asText();

    ledger.beginTransaction("tx-q1", Instant.parse(validUntil).minusSeconds(1));
    assertThat(JSON.readTree(contract.Status(ctx, consentId)).get("status").asText())
        .isEqualTo("ConsentGiven");
    ledger.beginTransaction("tx-q2", Instant.parse(validUntil));
    assertThat(JSON.readTree(contract.Status(ctx, consentId)).get("status").asText())
        .isEqualTo("ConsentExpired");
  }

  @Test
  void a_batch_that_is_not_an_array_of_statements_fails_the_transaction() {
    assertThatThrownBy(() -> contract.Anchor(ctx, "{}")).hasMessageStartingWith("INVALID_ARGUMENT");
    assertThatThrownBy(() -> contract.Anchor(ctx, "[]")).hasMessageStartingWith("INVALID_ARGUMENT");
    assertThatThrownBy(() -> contract.Anchor(ctx, "[1]"))
        .hasMessageStartingWith("INVALID_ARGUMENT");
    String tooMany = "[" + String.join(",", java.util.Collections.nCopies(501, "\"x\"")) + "]";
    assertThatThrownBy(() -> contract.Anchor(ctx, tooMany))
        .hasMessageStartingWith("BATCH_TOO_LARGE");
  }

  @Test
  void an_unknown_consent_has_no_status_and_no_history() {
    String id = "urn:uuid:00000000-0000-4000-8000-000000000000";
    assertThatThrownBy(() -> contract.Status(ctx, id)).hasMessageStartingWith("CONSENT_NOT_FOUND");
    assertThatThrownBy(() -> contract.History(ctx, id)).hasMessageStartingWith("CONSENT_NOT_FOUND");
  }

  private void seed(JsonNode fixture) {
    for (JsonNode state : fixture.path("didStates")) {
      DidTestStates.seed(ledger.stub(), state);
    }
    JsonNode prior = fixture.get("priorRecord");
    if (prior != null && !prior.isNull()) {
      ledger
          .stub()
          .putState(
              ledger
                  .stub()
                  .createCompositeKey("consent", prior.get("consentId").asText())
                  .toString(),
              CanonicalJson.treeToBytes(prior));
    }
  }

  private String call(String function, String batch) {
    return function.equals("Anchor") ? contract.Anchor(ctx, batch) : contract.Revoke(ctx, batch);
  }

  private static String batch(String... statements) {
    ArrayNode a = JSON.createArrayNode();
    for (String s : statements) {
      a.add(s);
    }
    return a.toString();
  }

  private static JsonNode fixture(String name) throws IOException {
    return JSON.readTree(dir().resolve(name).toFile());
  }

  private static Stream<Path> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(dir())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  private static Path dir() {
    return Path.of(
        System.getProperty("consentFixtures", "../wallet-sdk/src/test/resources/consent"));
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
