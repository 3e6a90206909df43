/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.consent;

import static kr.consentledger.chaincode.ErrorCodes.reject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.chaincode.Arguments;
import kr.consentledger.chaincode.CanonicalJson;
import kr.consentledger.chaincode.RejectionCode;
import kr.consentledger.chaincode.Statements;
import kr.consentledger.chaincode.did.DidKeys;
import kr.consentledger.chaincode.jose.CompactJws;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * Consent anchors and revocations (CONSENT-PROTOCOL.md §5). Every statement is signed by the data
 * subject and verified here against the subject's DID, on every endorsing peer. A transaction
 * carries a batch; each statement is judged on its own, keys are per consent, and a statement
 * already applied is {@code unchanged}, so retries are harmless.
 */
@Contract(name = ConsentContract.NAME, info = @Info(title = "Consent anchors", version = "1"))
public final class ConsentContract implements ContractInterface {
  /** The contract's name. */
  public static final String NAME = "consents";

  /** The one event a transaction emits: {@code {"changes": [record + txId, ...]}}. */
  public static final String EVENT_CONSENTS_CHANGED = "ConsentsChanged";

  /** The most statements one transaction may carry. */
  public static final int MAX_BATCH = 500;

  static final String ANCHOR_TYPE = "consent-anchor+jwt";
  static final String REVOCATION_TYPE = "consent-revocation+jwt";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CONSENT_ID =
      Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final Set<String> ANCHOR_MEMBERS =
      Set.of(
          "consentId",
          "credentialHash",
          "subject",
          "provider",
          "recipient",
          "validFrom",
          "validUntil");
  private static final Set<String> REVOCATION_MEMBERS =
      Set.of("consentId", "credentialHash", "subject", "reason");
  private static final Set<String> REASONS = Set.of("withdrawn", "purpose-fulfilled", "other");

  /** Anchors a batch of anchor statements; returns one result per statement. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Anchor(Context ctx, String statements) {
    return batch(ctx.getStub(), statements, true);
  }

  /** Applies a batch of revocation statements; returns one result per statement. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Revoke(Context ctx, String statements) {
    return batch(ctx.getStub(), statements, false);
  }

  /** The consent's record, with {@code ConsentExpired} judged at this query's timestamp. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String Status(Context ctx, String consentId) {
    Arguments.cap("consentId", consentId, Arguments.MAX_ID_LENGTH);
    ChaincodeStub stub = ctx.getStub();
    ConsentRecord r = read(stub, consentId);
    if (r == null) {
      throw reject(RejectionCode.CONSENT_NOT_FOUND, "no consent " + consentId + " on the ledger");
    }
    return CanonicalJson.toString(judged(r, now(stub)));
  }

  /** Every state the consent's record has had, oldest first, with transaction ids and times. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String History(Context ctx, String consentId) {
    Arguments.cap("consentId", consentId, Arguments.MAX_ID_LENGTH);
    ChaincodeStub stub = ctx.getStub();
    if (consentId == null || !CONSENT_ID.matcher(consentId).matches()) {
      throw reject(RejectionCode.INVALID_ARGUMENT, "consentId must be a lowercase urn:uuid");
    }
    List<ObjectNode> entries = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> history =
        stub.getHistoryForKey(key(stub, consentId))) {
      for (KeyModification m : history) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("txId", m.getTxId());
        e.put("timestamp", m.getTimestamp().truncatedTo(ChronoUnit.SECONDS).toString());
        e.set("record", JSON.readTree(m.getValue()));
        entries.add(e);
      }
    } catch (IOException e) {
      throw reject(RejectionCode.INTERNAL, "a stored record is not JSON");
    } catch (Exception e) {
      throw reject(RejectionCode.INTERNAL, "cannot read the history of " + consentId);
    }
    if (entries.isEmpty()) {
      throw reject(RejectionCode.CONSENT_NOT_FOUND, "no consent " + consentId + " on the ledger");
    }
    Collections.reverse(entries); // the peer returns newest first
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    entries.forEach(out::add);
    return new String(CanonicalJson.treeToBytes(out), StandardCharsets.UTF_8);
  }

  private static String batch(ChaincodeStub stub, String statements, boolean anchor) {
    List<String> items = Statements.batch(statements, MAX_BATCH);
    Instant now = now(stub);
    // The world state does not show this transaction's own writes: keep them here, so two
    // statements about one consent in one batch see each other.
    Map<String, ConsentRecord> written = new LinkedHashMap<>();
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    for (String item : items) {
      ObjectNode result = results.addObject();
      try {
        Outcome o = anchor ? anchor(stub, item, now, written) : revoke(stub, item, now, written);
        result.put("consentId", o.consentId);
        result.put("result", o.result);
        if (o.record != null) {
          written.put(o.consentId, o.record);
        }
      } catch (ChaincodeException e) {
        result.put("consentId", consentIdOf(item));
        result.put("result", "rejected");
        result.put("code", new String(e.getPayload(), StandardCharsets.UTF_8));
        result.put("message", e.getMessage());
      }
    }
    ArrayNode changes = JsonNodeFactory.instance.arrayNode();
    for (ConsentRecord r : written.values()) {
      stub.putState(key(stub, r.consentId()), CanonicalJson.toBytes(r));
      ObjectNode change = JSON.valueToTree(r);
      change.put("txId", stub.getTxId());
      changes.add(change);
    }
    if (!changes.isEmpty()) {
      ObjectNode event = JsonNodeFactory.instance.objectNode();
      event.set("changes", changes);
      stub.setEvent(EVENT_CONSENTS_CHANGED, CanonicalJson.treeToBytes(event));
    }
    return new String(CanonicalJson.treeToBytes(results), StandardCharsets.UTF_8);
  }

  private record Outcome(String consentId, String result, ConsentRecord record) {}

  private static Outcome anchor(
      ChaincodeStub stub, String item, Instant now, Map<String, ConsentRecord> written) {
    CompactJws jws = Statements.parse(item, ANCHOR_TYPE);
    JsonNode p = jws.payload();
    String problem = anchorShape(p);
    if (problem != null) {
      throw reject(RejectionCode.INVALID_STATEMENT, problem);
    }
    String subject = p.get("subject").asText();
    DidKeys.verifyStatement(stub, jws, subject, "assertionMethod");
    String consentId = p.get("consentId").asText();
    if (!Instant.parse(p.get("validUntil").asText()).isAfter(now)) {
      throw reject(
          RejectionCode.EXPIRED, consentId + " is valid until " + p.get("validUntil").asText());
    }
    String statementHash = Statements.sha256Hex(item);
    ConsentRecord existing = current(stub, consentId, written);
    if (existing != null) {
      if (existing.credentialHash().equals(p.get("credentialHash").asText())) {
        return new Outcome(consentId, "unchanged", null);
      }
      throw reject(
          RejectionCode.CONSENT_EXISTS, consentId + " is anchored with another credential");
    }
    ConsentRecord record =
        new ConsentRecord(
            consentId,
            p.get("credentialHash").asText(),
            subject,
            p.get("provider").asText(),
            p.get("recipient").asText(),
            p.get("validFrom").asText(),
            p.get("validUntil").asText(),
            ConsentRecord.GIVEN,
            now.toString(),
            stub.getTxId(),
            statementHash,
            null,
            null,
            null,
            null);
    return new Outcome(consentId, "anchored", record);
  }

  private static Outcome revoke(
      ChaincodeStub stub, String item, Instant now, Map<String, ConsentRecord> written) {
    CompactJws jws = Statements.parse(item, REVOCATION_TYPE);
    JsonNode p = jws.payload();
    String problem = revocationShape(p);
    if (problem != null) {
      throw reject(RejectionCode.INVALID_STATEMENT, problem);
    }
    String consentId = p.get("consentId").asText();
    ConsentRecord existing = current(stub, consentId, written);
    if (existing == null) {
      throw reject(RejectionCode.CONSENT_NOT_FOUND, "no consent " + consentId + " on the ledger");
    }
    if (!existing.credentialHash().equals(p.get("credentialHash").asText())
        || !existing.subject().equals(p.get("subject").asText())) {
      throw reject(
          RejectionCode.HASH_MISMATCH,
          "the revocation names another credential or subject than " + consentId);
    }
    DidKeys.verifyStatement(stub, jws, existing.subject(), "authentication");
    String statementHash = Statements.sha256Hex(item);
    if (ConsentRecord.WITHDRAWN.equals(existing.status())) {
      if (statementHash.equals(existing.revocationStatementHash())) {
        return new Outcome(consentId, "unchanged", null);
      }
      throw reject(
          RejectionCode.ALREADY_REVOKED, consentId + " was withdrawn at " + existing.revokedAt());
    }
    if (!Instant.parse(existing.validUntil()).isAfter(now)) {
      throw reject(RejectionCode.EXPIRED, consentId + " expired at " + existing.validUntil());
    }
    String reason = p.hasNonNull("reason") ? p.get("reason").asText() : null;
    return new Outcome(
        consentId,
        "revoked",
        existing.withdrawn(now.toString(), stub.getTxId(), statementHash, reason));
  }

  private static String anchorShape(JsonNode p) {
    if (!onlyMembers(p, ANCHOR_MEMBERS, ANCHOR_MEMBERS)) {
      return "an anchor statement has exactly " + new java.util.TreeSet<>(ANCHOR_MEMBERS);
    }
    String common = commonShape(p);
    if (common != null) {
      return common;
    }
    for (String m : List.of("provider", "recipient")) {
      if (!p.get(m).isTextual() || !p.get(m).asText().startsWith("did:")) {
        return m + " must be a DID";
      }
    }
    if (p.get("subject").asText().equals(p.get("provider").asText())
        || p.get("subject").asText().equals(p.get("recipient").asText())
        || p.get("provider").asText().equals(p.get("recipient").asText())) {
      return "subject, provider and recipient must be three different DIDs";
    }
    for (String m : List.of("validFrom", "validUntil")) {
      if (!p.get(m).isTextual()
          || !TIME.matcher(p.get(m).asText()).matches()
          || !parses(p.get(m).asText())) {
        return m + " must be an ISO 8601 UTC time to the second";
      }
    }
    if (!Instant.parse(p.get("validFrom").asText())
        .isBefore(Instant.parse(p.get("validUntil").asText()))) {
      return "validFrom must be before validUntil";
    }
    return null;
  }

  private static String revocationShape(JsonNode p) {
    if (!onlyMembers(p, REVOCATION_MEMBERS, Set.of("consentId", "credentialHash", "subject"))) {
      return "a revocation statement has consentId, credentialHash, subject and optionally reason";
    }
    String common = commonShape(p);
    if (common != null) {
      return common;
    }
    if (p.has("reason")
        && !(p.get("reason").isTextual() && REASONS.contains(p.get("reason").asText()))) {
      return "reason must be one of " + new java.util.TreeSet<>(REASONS);
    }
    return null;
  }

  private static String commonShape(JsonNode p) {
    if (!p.get("consentId").isTextual()
        || !CONSENT_ID.matcher(p.get("consentId").asText()).matches()) {
      return "consentId must be a lowercase urn:uuid";
    }
    if (!p.get("credentialHash").isTextual()
        || !HASH.matcher(p.get("credentialHash").asText()).matches()) {
      return "credentialHash must be 64 lowercase hex digits";
    }
    if (!p.get("subject").isTextual() || !p.get("subject").asText().startsWith("did:")) {
      return "subject must be a DID";
    }
    return null;
  }

  private static boolean onlyMembers(JsonNode p, Set<String> allowed, Set<String> required) {
    for (java.util.Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      if (!allowed.contains(it.next())) {
        return false;
      }
    }
    return required.stream().allMatch(p::has);
  }

  private static boolean parses(String time) {
    try {
      Instant.parse(time);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String consentIdOf(String item) {
    try {
      JsonNode id = CompactJws.parse(item).payload().get("consentId");
      return id != null && id.isTextual() ? id.asText() : null;
    } catch (CompactJws.MalformedException | RuntimeException e) {
      return null;
    }
  }

  private static ConsentRecord current(
      ChaincodeStub stub, String consentId, Map<String, ConsentRecord> written) {
    ConsentRecord r = written.get(consentId);
    return r != null ? r : read(stub, consentId);
  }

  /**
   * The stored record of a consent, or null; for the other contracts of this chaincode.
   *
   * @throws ChaincodeException INVALID_ARGUMENT when {@code consentId} is not a lowercase urn:uuid
   */
  public static ConsentRecord read(ChaincodeStub stub, String consentId) {
    if (consentId == null || !CONSENT_ID.matcher(consentId).matches()) {
      throw reject(RejectionCode.INVALID_ARGUMENT, "consentId must be a lowercase urn:uuid");
    }
    byte[] json = stub.getState(key(stub, consentId));
    return json == null || json.length == 0
        ? null
        : CanonicalJson.fromBytes(json, ConsentRecord.class);
  }

  /** The record with {@code ConsentExpired} applied as of {@code now}. */
  public static ConsentRecord judged(ConsentRecord r, Instant now) {
    return ConsentRecord.GIVEN.equals(r.status()) && !Instant.parse(r.validUntil()).isAfter(now)
        ? r.withStatus(ConsentRecord.EXPIRED)
        : r;
  }

  private static String key(ChaincodeStub stub, String consentId) {
    return stub.createCompositeKey("consent", consentId).toString();
  }

  private static Instant now(ChaincodeStub stub) {
    return stub.getTxTimestamp().truncatedTo(ChronoUnit.SECONDS);
  }
}
