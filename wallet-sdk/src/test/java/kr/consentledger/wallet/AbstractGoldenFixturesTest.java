/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks every set of golden fixtures for the chaincode gets: the generator still writes the
 * files byte for byte, each case's expected outcome follows from the test-only model of the ledger
 * rules, and its did:fabric states are valid documents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractGoldenFixturesTest {
  private final String dir;
  private final List<String> dataFiles;
  private final List<String> cases;
  private Map<String, String> generated;

  /**
   * @param dir the folder under src/test/resources
   * @param dataFiles the files that are not cases, such as {@code keys.json}
   * @param cases the case files
   */
  AbstractGoldenFixturesTest(String dir, List<String> dataFiles, List<String> cases) {
    this.dir = dir;
    this.dataFiles = dataFiles;
    this.cases = cases;
  }

  /**
   * Returns the generator's files, by name.
   *
   * @return the generator's files, by name
   */
  abstract Map<String, String> generateFixtures() throws Exception;

  /**
   * Returns the outcome of the case's statement under the ledger model, given its did:fabric
   * states.
   *
   * @return the outcome of the case's statement under the ledger model, given its did:fabric states
   */
  abstract LedgerRules.Outcome applyLedgerRules(
      JsonNode fixture, Map<String, DidState> dids, Instant txTime);

  @BeforeAll
  void generate() throws Exception {
    generated = generateFixtures();
  }

  Stream<String> cases() {
    return cases.stream();
  }

  Stream<String> files() {
    return Stream.concat(dataFiles.stream(), cases.stream());
  }

  /**
   * Returns a fixture file of this set.
   *
   * @return a fixture file of this set
   */
  JsonNode load(String file) {
    return Vectors.load(dir + "/" + file);
  }

  @Test
  void generator_writes_exactly_the_listed_files() {
    assertThat(generated.keySet()).containsExactlyInAnyOrderElementsOf(files().toList());
  }

  @ParameterizedTest
  @MethodSource("files")
  void sdk_still_reproduces_the_golden_fixture_byte_for_byte(String file) {
    assertThat(generated.get(file)).isEqualTo(Vectors.text(dir + "/" + file));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reference_ledger_rules_give_the_fixture_outcome(String file) throws Exception {
    JsonNode f = load(file);
    Map<String, DidState> dids = new HashMap<>();
    for (JsonNode s : f.get("didStates")) {
      dids.put(
          s.get("did").asText(),
          new DidState(
              s.get("did").asText(),
              DidDocument.parse(s.get("document").toString()),
              s.get("versionId").asText(),
              s.get("deactivated").asBoolean()));
    }

    LedgerRules.Outcome outcome =
        applyLedgerRules(f, dids, Instant.parse(f.get("txTime").asText()));

    JsonNode expected = f.get("expected");
    assertThat(outcome.result()).isEqualTo(expected.get("result").asText());
    assertThat(outcome.code())
        .isEqualTo(expected.has("code") ? expected.get("code").asText() : null);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void fixture_did_states_are_reachable_through_the_did_fabric_rules(String file) throws Exception {
    for (JsonNode s : load(file).get("didStates")) {
      DidDocument doc = DidDocument.parse(s.get("document").toString());
      DidFabric.validateDocument(s.get("did").asText(), doc);
      assertThat(s.get("versionId").asText()).matches("[0-9a-f]{64}");
    }
  }
}
