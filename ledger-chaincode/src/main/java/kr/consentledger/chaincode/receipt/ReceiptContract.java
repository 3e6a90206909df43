/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.receipt;

import static kr.consentledger.chaincode.ErrorCodes.reject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.chaincode.Arguments;
import kr.consentledger.chaincode.CanonicalJson;
import kr.consentledger.chaincode.RejectionCode;
import kr.consentledger.chaincode.Statements;
import kr.consentledger.chaincode.TxReads;
import kr.consentledger.chaincode.consent.ConsentContract;
import kr.consentledger.chaincode.consent.ConsentRecord;
import kr.consentledger.chaincode.did.DidKeys;
import kr.consentledger.chaincode.jose.CompactJws;
import kr.consentledger.chaincode.participant.Participant;
import kr.consentledger.chaincode.participant.ParticipantContract;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * Transmission receipts (RECEIPT-PROTOCOL.md). Each receipt is signed by the provider and checked
 * here against the consent record, the participant registry and the provider's DID, so a
 * transmission cannot be recorded in a provider's name, for a consent not in force, or between
 * other parties than the consent names.
 */
@Contract(name = ReceiptContract.NAME, info = @Info(title = "Transmission receipts", version = "1"))
public final class ReceiptContract implements ContractInterface {
  /** The contract's name. */
  public static final String NAME = "receipts";

  /** The one event a transaction emits: {@code {"receipts": [record, ...]}}. */
  public static final String EVENT_RECEIPTS_RECORDED = "ReceiptsRecorded";

  static final String TYPE = "transmission-receipt+jwt";
  private static final int MAX_BATCH = 500;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URN_UUID =
      Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  // Possessive: the plain (\\.word)* loop recursed once per word and threw StackOverflowError on a
  // category of about 4,000 characters, failing the whole batch.
  private static final Pattern CATEGORY =
      Pattern.compile("[a-z][a-z0-9]*+(?:\\.[a-z][a-z0-9]*+)*+");
  private static final Set<String> MEMBERS =
      Set.of("receiptId", "consentId", "provider", "recipient", "categories", "presentationHash");

  /** Records a batch of receipt statements; returns one result per statement. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Record(Context ctx, String statements) {
    // A batch's receipts name the same provider and recipient (and often one consent): read each
    // once.
    ChaincodeStub stub = TxReads.remembering(ctx.getStub());
    List<String> items = Statements.batch(statements, MAX_BATCH);
    Instant now = stub.getTxTimestamp().truncatedTo(ChronoUnit.SECONDS);
    Map<String, ReceiptRecord> written = new LinkedHashMap<>();
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    for (String item : items) {
      ObjectNode result = results.addObject();
      try {
        ReceiptRecord r = check(stub, item, now, written);
        result.put("receiptId", r.receiptId());
        result.put("consentId", r.consentId());
        if (r.txId() == null) {
          result.put("result", "unchanged");
        } else {
          written.put(key(stub, r.consentId(), r.receiptId()), r);
          result.put("result", "recorded");
        }
      } catch (ChaincodeException e) {
        JsonNode p = payloadOf(item);
        result.put("receiptId", p == null ? null : p.path("receiptId").asText(null));
        result.put("consentId", p == null ? null : p.path("consentId").asText(null));
        result.put("result", "rejected");
        result.put("code", new String(e.getPayload(), StandardCharsets.UTF_8));
        result.put("message", e.getMessage());
      }
    }
    ArrayNode recorded = JsonNodeFactory.instance.arrayNode();
    written.forEach(
        (k, r) -> {
          stub.putState(k, CanonicalJson.toBytes(r));
          recorded.add(JSON.valueToTree(r));
        });
    if (!recorded.isEmpty()) {
      ObjectNode event = JsonNodeFactory.instance.objectNode();
      event.set("receipts", recorded);
      stub.setEvent(EVENT_RECEIPTS_RECORDED, CanonicalJson.treeToBytes(event));
    }
    return new String(CanonicalJson.treeToBytes(results), StandardCharsets.UTF_8);
  }

  /** Every receipt of a consent, oldest first. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ForConsent(Context ctx, String consentId) {
    Arguments.cap("consentId", consentId, Arguments.MAX_ID_LENGTH);
    if (consentId == null || !URN_UUID.matcher(consentId).matches()) {
      throw reject(RejectionCode.INVALID_ARGUMENT, "consentId must be a lowercase urn:uuid");
    }
    List<ReceiptRecord> receipts = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> kvs =
        ctx.getStub().getStateByPartialCompositeKey("receipt", consentId)) {
      for (KeyValue kv : kvs) {
        receipts.add(CanonicalJson.fromBytes(kv.getValue(), ReceiptRecord.class));
      }
    } catch (ChaincodeException e) {
      throw e;
    } catch (Exception e) {
      throw reject(RejectionCode.INTERNAL, "cannot read the receipts of " + consentId);
    }
    receipts.sort(
        java.util.Comparator.comparing(ReceiptRecord::recordedAt)
            .thenComparing(ReceiptRecord::receiptId));
    return CanonicalJson.toString(receipts);
  }

  private static ReceiptRecord check(
      ChaincodeStub stub, String item, Instant now, Map<String, ReceiptRecord> written) {
    CompactJws jws = Statements.parse(item, TYPE);
    JsonNode p = jws.payload();
    String problem = shape(p);
    if (problem != null) {
      throw reject(RejectionCode.INVALID_STATEMENT, problem);
    }
    String consentId = p.get("consentId").asText();
    ConsentRecord consent = ConsentContract.read(stub, consentId);
    if (consent == null) {
      throw reject(RejectionCode.CONSENT_NOT_FOUND, "no consent " + consentId + " on the ledger");
    }
    String provider = p.get("provider").asText();
    String recipient = p.get("recipient").asText();
    if (!consent.provider().equals(provider) || !consent.recipient().equals(recipient)) {
      throw reject(RejectionCode.PARTY_MISMATCH, "the consent names another provider or recipient");
    }
    if (!ConsentRecord.GIVEN.equals(ConsentContract.judged(consent, now).status())
        || Instant.parse(consent.validFrom()).isAfter(now)) {
      throw reject(RejectionCode.CONSENT_NOT_IN_FORCE, consentId + " is not in force at " + now);
    }
    requireActive(stub, provider, "provider");
    requireActive(stub, recipient, "recipient");
    DidKeys.verifyStatement(stub, jws, provider, "assertionMethod");
    String receiptId = p.get("receiptId").asText();
    String statementHash = Statements.sha256Hex(item);
    String k = key(stub, consentId, receiptId);
    ReceiptRecord existing = written.get(k);
    if (existing == null) {
      byte[] stored = stub.getState(k);
      existing =
          stored == null || stored.length == 0
              ? null
              : CanonicalJson.fromBytes(stored, ReceiptRecord.class);
    }
    List<String> categories = new ArrayList<>();
    p.get("categories").forEach(c -> categories.add(c.asText()));
    if (existing != null) {
      if (existing.statementHash().equals(statementHash)) {
        return new ReceiptRecord(
            receiptId,
            consentId,
            provider,
            recipient,
            categories,
            p.get("presentationHash").asText(),
            existing.recordedAt(),
            null,
            statementHash);
      }
      throw reject(RejectionCode.RECEIPT_EXISTS, receiptId + " is recorded with another statement");
    }
    return new ReceiptRecord(
        receiptId,
        consentId,
        provider,
        recipient,
        categories,
        p.get("presentationHash").asText(),
        now.toString(),
        stub.getTxId(),
        statementHash);
  }

  private static void requireActive(ChaincodeStub stub, String did, String role) {
    Participant p = ParticipantContract.read(stub, did);
    if (p == null || !role.equals(p.role()) || !"active".equals(p.status())) {
      throw reject(
          RejectionCode.PARTICIPANT_NOT_ACTIVE, did + " is not an active registered " + role);
    }
  }

  private static String shape(JsonNode p) {
    Set<String> names = new HashSet<>();
    p.fieldNames().forEachRemaining(names::add);
    if (!names.equals(MEMBERS)) {
      return "a receipt statement has exactly " + new java.util.TreeSet<>(MEMBERS);
    }
    for (String m : List.of("receiptId", "consentId")) {
      if (!p.get(m).isTextual() || !URN_UUID.matcher(p.get(m).asText()).matches()) {
        return m + " must be a lowercase urn:uuid";
      }
    }
    for (String m : List.of("provider", "recipient")) {
      if (!p.get(m).isTextual() || !p.get(m).asText().startsWith("did:")) {
        return m + " must be a DID";
      }
    }
    JsonNode categories = p.get("categories");
    if (!categories.isArray() || categories.isEmpty() || categories.size() > 50) {
      return "categories must be an array of 1 to 50 categories";
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode c : categories) {
      if (!c.isTextual() || !CATEGORY.matcher(c.asText()).matches() || !seen.add(c.asText())) {
        return "categories must be unique dotted lowercase words";
      }
    }
    if (!p.get("presentationHash").isTextual()
        || !HASH.matcher(p.get("presentationHash").asText()).matches()) {
      return "presentationHash must be 64 lowercase hex digits";
    }
    return null;
  }

  private static JsonNode payloadOf(String item) {
    try {
      return CompactJws.parse(item).payload();
    } catch (CompactJws.MalformedException | RuntimeException e) {
      return null;
    }
  }

  private static String key(ChaincodeStub stub, String consentId, String receiptId) {
    return stub.createCompositeKey("receipt", consentId, receiptId).toString();
  }
}
