/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kr.consentledger.chaincode.consent.ConsentContract;
import kr.consentledger.chaincode.did.DidContract;
import kr.consentledger.chaincode.did.DidTestStates;
import kr.consentledger.chaincode.receipt.ReceiptContract;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Fuzz tests (Jazzer) for the contracts' entry points, run against {@link InMemoryStub} seeded with
 * a golden fixture's world. The property (CONSENT-PROTOCOL.md §5, RECEIPT-PROTOCOL.md §2,
 * DID-METHOD.md §5): a batch fails the transaction only with INVALID_ARGUMENT or BATCH_TOO_LARGE,
 * and only when it is not a JSON array of 1 to 500 strings; every statement of a batch gets one
 * result entry, a rejected one with a code from the protocol; a DID operation either is accepted or
 * fails with a code of DID-METHOD.md §5. Any other exception is a bug.
 *
 * <p>Input, one item a line: an optional first line {@code @NN} seeds the world of fixture NN of
 * the test's fixture directory (its DID states, records and transaction time); {@code #Anchor},
 * {@code #Revoke}, {@code #Record}, {@code #Create}, {@code #Update} or {@code #Deactivate} starts
 * a new transaction of that function; {@code =rest} makes the rest of the input the raw batch
 * argument; any other line is a statement ({@link FuzzInputs#statement}: as it is, or {@code header
 * \t payload} signed with the fixtures' key). A DID operation is one transaction per line.
 *
 * <p>Seeds and crashes: {@code
 * src/test/resources/kr/consentledger/chaincode/ContractsFuzzTestInputs/<method>/}.
 */
class ContractsFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, JsonNode> CONSENT_WORLDS = FuzzInputs.fixtures("consent");
  private static final Map<String, JsonNode> RECEIPT_WORLDS = FuzzInputs.fixtures("receipt");
  private static final Map<String, JsonNode> DID_WORLDS = FuzzInputs.fixtures("did-fabric");
  private static final Instant DEFAULT_TIME = Instant.parse("2026-11-22T10:00:00Z");
  private static final Set<String> BATCH_CODES =
      Set.of(RejectionCode.INVALID_ARGUMENT.name(), "BATCH_TOO_LARGE");
  private static final Set<String> PARSE_CODES =
      Set.of("MALFORMED_JWS", "UNSUPPORTED_ALGORITHM", "WRONG_TYPE");
  private static final Set<String> KEY_CODES =
      Set.of("UNKNOWN_DID", "DID_DEACTIVATED", "NOT_AUTHORISED", "BAD_SIGNATURE");
  private static final Map<String, Set<String>> CODES =
      Map.of(
          "Anchor",
          union(PARSE_CODES, KEY_CODES, Set.of("INVALID_STATEMENT", "EXPIRED", "CONSENT_EXISTS")),
          "Revoke",
          union(
              PARSE_CODES,
              KEY_CODES,
              Set.of(
                  "INVALID_STATEMENT",
                  "CONSENT_NOT_FOUND",
                  "HASH_MISMATCH",
                  "ALREADY_REVOKED",
                  "EXPIRED")),
          "Record",
          union(
              PARSE_CODES,
              KEY_CODES,
              Set.of(
                  "INVALID_STATEMENT",
                  "CONSENT_NOT_FOUND",
                  "PARTY_MISMATCH",
                  "CONSENT_NOT_IN_FORCE",
                  "PARTICIPANT_NOT_ACTIVE",
                  "RECEIPT_EXISTS")),
          "Did",
          union(
              PARSE_CODES,
              Set.of(
                  "UNKNOWN_KEY",
                  "INVALID_OPERATION",
                  "INVALID_DOCUMENT",
                  "INVALID_DID",
                  "NOT_CONTROLLER",
                  "DID_ALREADY_EXISTS",
                  "DID_MISMATCH",
                  "BAD_SIGNATURE",
                  "DID_NOT_FOUND",
                  "DEACTIVATED",
                  "VERSION_MISMATCH")));
  private static final Map<String, Set<String>> RESULTS =
      Map.of(
          "Anchor", Set.of("anchored", "unchanged", "rejected"),
          "Revoke", Set.of("revoked", "unchanged", "rejected"),
          "Record", Set.of("recorded", "unchanged", "rejected"));

  private final ConsentContract consents = new ConsentContract();
  private final ReceiptContract receipts = new ReceiptContract();
  private final DidContract dids = new DidContract();

  @FuzzTest
  void anchor(byte[] data) {
    run(data, CONSENT_WORLDS, "Anchor", Set.of("Anchor", "Revoke"));
  }

  @FuzzTest
  void revoke(byte[] data) {
    run(data, CONSENT_WORLDS, "Revoke", Set.of("Anchor", "Revoke"));
  }

  @FuzzTest
  void record(byte[] data) {
    run(data, RECEIPT_WORLDS, "Record", Set.of("Anchor", "Record"));
  }

  @FuzzTest
  void didOperation(byte[] data) {
    run(data, DID_WORLDS, "Create", Set.of("Create", "Update", "Deactivate"));
  }

  /** A transaction: a function and its batch (raw, or statements to put in a JSON array). */
  private record Transaction(String function, List<String> statements, String raw) {}

  private void run(
      byte[] data, Map<String, JsonNode> worlds, String defaultFunction, Set<String> functions) {
    List<byte[]> lines = FuzzInputs.lines(data);
    int i = 0;
    JsonNode world = null;
    if (!lines.isEmpty() && lines.get(0).length > 0 && lines.get(0)[0] == '@') {
      world = worlds.get(FuzzInputs.utf8(Arrays.copyOfRange(lines.get(0), 1, lines.get(0).length)));
      i = 1;
    }
    boolean did = functions.contains("Create");
    List<Transaction> txs = new ArrayList<>();
    String function = defaultFunction;
    List<String> statements = new ArrayList<>();
    String raw = null;
    for (; i < lines.size(); i++) {
      byte[] line = lines.get(i);
      String text = FuzzInputs.utf8(line);
      if (text.startsWith("#") && functions.contains(text.substring(1))) {
        if (!statements.isEmpty()) {
          txs.add(new Transaction(function, statements, null));
        }
        function = text.substring(1);
        statements = new ArrayList<>();
      } else if (text.startsWith("=")) {
        int offset = 0;
        for (int j = 0; j < i; j++) {
          offset += lines.get(j).length + 1;
        }
        raw = FuzzInputs.utf8(Arrays.copyOfRange(data, offset + 1, data.length));
        break;
      } else if (did) {
        txs.add(new Transaction(function, List.of(FuzzInputs.statement(line)), null));
      } else {
        statements.add(FuzzInputs.statement(line));
      }
    }
    if (!statements.isEmpty() || raw != null || txs.isEmpty()) {
      txs.add(new Transaction(function, statements, raw));
    }

    InMemoryStub ledger = seeded(world);
    Instant time =
        world != null && world.has("txTime")
            ? Instant.parse(world.get("txTime").asText())
            : DEFAULT_TIME;
    Context ctx = new Context(ledger.stub());
    int n = 0;
    for (Transaction tx : txs) {
      ledger.beginTransaction("tx-fuzz-" + n++, time);
      if (did) {
        didOperation(ledger, ctx, tx);
      } else {
        batch(ledger, ctx, tx);
      }
    }
  }

  private void batch(InMemoryStub ledger, Context ctx, Transaction tx) {
    String argument = tx.raw() != null ? tx.raw() : array(tx.statements());
    boolean wellFormed =
        tx.raw() == null && !tx.statements().isEmpty() && tx.statements().size() <= 500;
    String out;
    try {
      out =
          switch (tx.function()) {
            case "Anchor" -> consents.Anchor(ctx, argument);
            case "Revoke" -> consents.Revoke(ctx, argument);
            default -> receipts.Record(ctx, argument);
          };
    } catch (ChaincodeException e) {
      check(
          !wellFormed,
          "a batch of "
              + tx.statements().size()
              + " statements failed the transaction: "
              + e.getMessage());
      StatementsFuzzTest.checkCode(e, BATCH_CODES);
      check(ledger.eventName() == null, "a failed transaction set an event");
      return;
    }
    JsonNode results = read(out);
    check(results.isArray(), tx.function() + " did not return an array");
    if (tx.raw() == null) {
      check(results.size() == tx.statements().size(), "not one result per statement");
    }
    boolean changed = false;
    for (JsonNode r : results) {
      String result = r.path("result").asText();
      check(RESULTS.get(tx.function()).contains(result), "result " + result);
      if (result.equals("rejected")) {
        String code = r.path("code").asText(null);
        check(
            CODES.get(tx.function()).contains(code),
            tx.function() + " rejected a statement with code " + code);
        check(
            r.path("message").asText("").startsWith(code + ": "),
            "the message does not start with the code");
      } else {
        check(!r.has("code"), "a " + result + " result with a code");
        changed |= !result.equals("unchanged");
      }
    }
    String event =
        tx.function().equals("Record")
            ? ReceiptContract.EVENT_RECEIPTS_RECORDED
            : ConsentContract.EVENT_CONSENTS_CHANGED;
    check(
        changed ? event.equals(ledger.eventName()) : ledger.eventName() == null,
        "the event does not match the results");
  }

  private void didOperation(InMemoryStub ledger, Context ctx, Transaction tx) {
    String operation = tx.statements().isEmpty() ? tx.raw() : tx.statements().get(0);
    String out;
    try {
      out =
          switch (tx.function()) {
            case "Update" -> dids.Update(ctx, operation);
            case "Deactivate" -> dids.Deactivate(ctx, operation);
            default -> dids.Create(ctx, operation);
          };
    } catch (ChaincodeException e) {
      StatementsFuzzTest.checkCode(e, CODES.get("Did"));
      check(ledger.eventName() == null, "a rejected operation set an event");
      return;
    }
    JsonNode result = read(out);
    String did = result.path("didDocument").path("id").asText();
    String versionId = result.path("didDocumentMetadata").path("versionId").asText();
    check(
        DidContract.EVENT_DID_CHANGED.equals(ledger.eventName()),
        "an accepted operation set no event");
    check(
        versionId.equals(Statements.sha256Hex(operation)),
        "the versionId is not the hash of the operation");
    JsonNode resolved = read(dids.Resolve(ctx, did));
    check(
        resolved.path("didDocumentMetadata").path("versionId").asText().equals(versionId),
        "Resolve does not give the version just written");
  }

  private static InMemoryStub seeded(JsonNode world) {
    InMemoryStub ledger = new InMemoryStub();
    if (world == null) {
      return ledger;
    }
    ChaincodeStub stub = ledger.stub();
    for (JsonNode state : world.path("didStates")) {
      DidTestStates.seed(stub, state);
    }
    JsonNode prior = world.path("priorState");
    if (prior.isObject()) {
      DidTestStates.seed(stub, prior);
    }
    for (String member : List.of("priorRecord", "consentRecord")) {
      JsonNode r = world.path(member);
      if (r.isObject()) {
        stub.putState(
            stub.createCompositeKey("consent", r.get("consentId").asText()).toString(),
            CanonicalJson.treeToBytes(r));
      }
    }
    for (JsonNode p : world.path("participants")) {
      stub.putState(
          stub.createCompositeKey("participant", p.get("did").asText()).toString(),
          CanonicalJson.treeToBytes(p));
    }
    JsonNode receipt = world.path("priorReceipt");
    if (receipt.isObject()) {
      stub.putState(
          stub.createCompositeKey(
                  "receipt", receipt.get("consentId").asText(), receipt.get("receiptId").asText())
              .toString(),
          CanonicalJson.treeToBytes(receipt));
    }
    return ledger;
  }

  private static String array(List<String> statements) {
    ArrayNode a = JSON.createArrayNode();
    statements.forEach(a::add);
    return a.toString();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("a contract returned text that is not JSON: " + json, e);
    }
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Set<String> s : sets) {
      out.addAll(s);
    }
    return Set.copyOf(out);
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
