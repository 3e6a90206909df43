/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Fuzz tests (Jazzer) for the batch argument and statement parsing every batch contract shares
 * ({@link Statements}), and for {@link CanonicalJson} on the JSON trees that statements carry. The
 * property: only the ChaincodeExceptions the javadoc names, with their code as payload and first
 * word; anything else is a bug.
 *
 * <p>Seeds and crashes: {@code
 * src/test/resources/kr/consentledger/chaincode/StatementsFuzzTestInputs/<method>/}.
 */
class StatementsFuzzTest {
  private static final Set<String> BATCH_CODES =
      Set.of(RejectionCode.INVALID_ARGUMENT.name(), "BATCH_TOO_LARGE");
  private static final Set<String> PARSE_CODES =
      Set.of("MALFORMED_JWS", "UNSUPPORTED_ALGORITHM", "WRONG_TYPE");
  private static final List<String> TYPES =
      List.of("consent-anchor+jwt", "consent-revocation+jwt", "transmission-receipt+jwt");
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * The argument of Anchor, Revoke or Record as it is; each of its statements parsed as each type.
   */
  @FuzzTest
  void statementsBatch(byte[] data) {
    String json = FuzzInputs.utf8(data);
    int max = 1 + (data.length == 0 ? 0 : data[0] & 0x07);
    List<String> items;
    try {
      items = Statements.batch(json, max);
    } catch (ChaincodeException e) {
      checkCode(e, BATCH_CODES);
      return;
    }
    check(
        !items.isEmpty() && items.size() <= max,
        "a batch of " + items.size() + " statements was accepted");
    for (String item : items) {
      for (String type : TYPES) {
        try {
          Statements.parse(item, type);
        } catch (ChaincodeException e) {
          checkCode(e, PARSE_CODES);
        }
      }
      Statements.sha256Hex(item);
    }
  }

  /** One statement, given as it is or as its decoded parts, parsed as each type. */
  @FuzzTest
  void statementsParse(byte[] data) {
    String item = FuzzInputs.jws(data);
    for (String type : TYPES) {
      try {
        Statements.parse(item, type);
      } catch (ChaincodeException e) {
        checkCode(e, PARSE_CODES);
      }
    }
  }

  /**
   * Any JSON a statement may carry (a DID document, a payload) written canonically: no exception,
   * idempotent, and, for JSON without floating-point numbers (which our JSON never has), the same
   * tree.
   */
  @FuzzTest
  void canonicalJson(byte[] data) {
    JsonNode tree;
    try {
      tree = STRICT.readTree(data);
    } catch (IOException e) {
      return;
    }
    if (tree == null || tree.isMissingNode()) {
      return;
    }
    byte[] bytes = CanonicalJson.treeToBytes(tree);
    JsonNode sorted = CanonicalJson.sortedTree(tree);
    check(
        Arrays.equals(CanonicalJson.treeToBytes(sorted), bytes),
        "canonical JSON is not idempotent");
    if (!hasFloat(tree)) {
      check(
          sorted.equals(tree),
          "canonical JSON changed the tree: " + new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private static boolean hasFloat(JsonNode n) {
    if (n.isFloatingPointNumber()) {
      return true;
    }
    for (JsonNode c : n) {
      if (hasFloat(c)) {
        return true;
      }
    }
    return false;
  }

  static void checkCode(ChaincodeException e, Set<String> allowed) {
    String code =
        e.getPayload() == null ? null : new String(e.getPayload(), StandardCharsets.UTF_8);
    check(allowed.contains(code), "a ChaincodeException with code " + code + ": " + e.getMessage());
    check(
        e.getMessage().startsWith(code + ": "),
        "the message does not start with the code: " + e.getMessage());
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
