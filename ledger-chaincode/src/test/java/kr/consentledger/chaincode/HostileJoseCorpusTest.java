/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kr.consentledger.chaincode.consent.ConsentContract;
import kr.consentledger.chaincode.did.DidContract;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wallet SDK's hostile JOSE corpus, shared as data: every case that applies to the chaincode
 * (anchor statements submitted to {@code consents:Anchor}, did:fabric creates to {@code
 * dids:Create}) on an empty in-memory ledger at the corpus's time, with the code the corpus expects
 * from the chaincode; the controls are accepted.
 */
class HostileJoseCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() throws IOException {
    JsonNode root =
        JSON.readTree(
            Files.readString(
                Path.of(System.getProperty("hostileJoseCorpus")), StandardCharsets.UTF_8));
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      if (c.has("chaincode")) {
        out.add(
            Arguments.of(
                c.get("kind").asText(),
                c.get("name").asText(),
                c.get("token").asText(),
                c.get("chaincode").asText(),
                root.get("now").asText()));
      }
    }
    return out.stream();
  }

  @Test
  void at_least_60_cases_of_the_corpus_apply_to_the_chaincode() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(60);
  }

  @ParameterizedTest(name = "{0}: {1} -> {3}")
  @MethodSource("cases")
  void every_hostile_statement_is_refused_with_its_code_and_every_control_is_accepted(
      String kind, String name, String token, String expected, String now) {
    InMemoryStub ledger = new InMemoryStub();
    ledger.beginTransaction("tx-hostile", Instant.parse(now));
    Context ctx = new Context(ledger.stub());
    String outcome;
    if (kind.equals("anchor")) {
      String batch = JsonNodeFactory.instance.arrayNode().add(token).toString();
      JsonNode result;
      try {
        result = JSON.readTree(new ConsentContract().Anchor(ctx, batch)).get(0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      outcome =
          result.get("result").asText().equals("rejected")
              ? result.get("code").asText()
              : result.get("result").asText();
    } else {
      try {
        new DidContract().Create(ctx, token);
        outcome = "created";
      } catch (ChaincodeException e) {
        outcome = new String(e.getPayload(), StandardCharsets.UTF_8);
      }
    }
    assertThat(outcome).as(name).isEqualTo(expected);
  }
}
