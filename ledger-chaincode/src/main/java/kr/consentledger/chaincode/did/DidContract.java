/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.did;

import static kr.consentledger.chaincode.ErrorCodes.reject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.chaincode.Arguments;
import kr.consentledger.chaincode.CanonicalJson;
import kr.consentledger.chaincode.RejectionCode;
import kr.consentledger.chaincode.Statements;
import kr.consentledger.chaincode.jose.CompactJws;
import kr.consentledger.chaincode.jose.PublicJwk;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The did:fabric registry. A DID changes only by an operation signed by one of its current
 * controller keys, verified here on every endorsing peer; the Fabric identity that submits the
 * transaction authorises nothing. Rules and rejection codes: wallet-sdk/DID-METHOD.md §5, applied
 * in that order. Every version is kept and resolvable by id or by time; every change emits a
 * {@value #EVENT_DID_CHANGED} event.
 */
@Contract(name = DidContract.NAME, info = @Info(title = "did:fabric registry", version = "1"))
public final class DidContract implements ContractInterface {
  /** The contract's name. */
  public static final String NAME = "dids";

  /** The event every accepted operation emits: {@code {"did","operation","versionId"}}. */
  public static final String EVENT_DID_CHANGED = "DidChanged";

  private static final String TYPE = "did-operation+jwt";
  private static final Set<String> OPERATIONS = Set.of("create", "update", "deactivate");
  private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{64}");

  /** Creates a DID; the operation is signed by its initial key. Returns the resolution result. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Create(Context ctx, String operation) {
    Arguments.cap("operation", operation, Arguments.MAX_OPERATION_LENGTH);
    return apply(ctx.getStub(), "create", operation);
  }

  /** Replaces a DID's document; signed by a current authentication key. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Update(Context ctx, String operation) {
    Arguments.cap("operation", operation, Arguments.MAX_OPERATION_LENGTH);
    return apply(ctx.getStub(), "update", operation);
  }

  /** Deactivates a DID for good; signed by a current authentication key. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Deactivate(Context ctx, String operation) {
    Arguments.cap("operation", operation, Arguments.MAX_OPERATION_LENGTH);
    return apply(ctx.getStub(), "deactivate", operation);
  }

  /** The current version as a DID resolution result (didDocument, didDocumentMetadata). */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String Resolve(Context ctx, String did) {
    Arguments.cap("did", did, Arguments.MAX_DID_LENGTH);
    return result(new DidStore(ctx.getStub()), existing(ctx.getStub(), did));
  }

  /** A version by its versionId. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ResolveVersion(Context ctx, String did, String versionId) {
    Arguments.cap("did", did, Arguments.MAX_DID_LENGTH);
    Arguments.cap("versionId", versionId, Arguments.MAX_ID_LENGTH);
    DidStore store = new DidStore(ctx.getStub());
    existing(ctx.getStub(), did);
    DidVersion v = versionId == null ? null : store.version(did, versionId);
    if (v == null) {
      throw reject(RejectionCode.VERSION_NOT_FOUND, did + " has no version " + versionId);
    }
    return result(store, v);
  }

  /** The version in force at {@code versionTime} (ISO-8601), compared to the second. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ResolveAt(Context ctx, String did, String versionTime) {
    Arguments.cap("did", did, Arguments.MAX_DID_LENGTH);
    Arguments.cap("versionTime", versionTime, Arguments.MAX_ID_LENGTH);
    Instant at;
    try {
      at = Instant.parse(versionTime).truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException | NullPointerException e) {
      throw reject(RejectionCode.INVALID_ARGUMENT, "versionTime must be an ISO-8601 UTC time");
    }
    DidStore store = new DidStore(ctx.getStub());
    DidVersion head = existing(ctx.getStub(), did);
    // Versions are written in time order: find the last one not after `at`.
    long lo = 1;
    long hi = head.sequence();
    DidVersion found = null;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      DidVersion v = store.bySequence(did, mid);
      if (!Instant.parse(v.updated()).isAfter(at)) {
        found = v;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found == null) {
      throw reject(RejectionCode.VERSION_NOT_FOUND, did + " did not exist at " + versionTime);
    }
    return result(store, found);
  }

  private static DidVersion existing(ChaincodeStub stub, String did) {
    if (!DidFabricId.isValid(did)) {
      throw reject(RejectionCode.INVALID_ARGUMENT, "not a did:fabric identifier: " + did);
    }
    DidVersion head = new DidStore(stub).head(did);
    if (head == null) {
      throw reject(RejectionCode.DID_NOT_FOUND, "no DID " + did + " on the ledger");
    }
    return head;
  }

  private static String result(DidStore store, DidVersion v) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("didDocument", v.document());
    ObjectNode meta = out.putObject("didDocumentMetadata");
    meta.put("created", v.created());
    meta.put("updated", v.updated());
    meta.put("versionId", v.versionId());
    // The stored copy of an old version knows its successor; the head never has one.
    DidVersion stored = store.version(v.did(), v.versionId());
    if (stored != null && stored.nextVersionId() != null) {
      meta.put("nextVersionId", stored.nextVersionId());
    }
    if (v.deactivated()) {
      meta.put("deactivated", true);
    }
    return new String(CanonicalJson.treeToBytes(out), StandardCharsets.UTF_8);
  }

  private static String apply(ChaincodeStub stub, String expected, String compact) {
    Arguments.cap("operation", compact, Arguments.MAX_OPERATION_LENGTH);
    // A. Format.
    CompactJws jws;
    try {
      jws = CompactJws.parse(compact);
    } catch (CompactJws.MalformedException e) {
      throw reject(RejectionCode.MALFORMED_JWS, e.getMessage());
    }
    // CompactJws.parse has checked that a header jwk is a supported public key.
    PublicJwk headerKey = jws.header().has("jwk") ? PublicJwk.parse(jws.header().get("jwk")) : null;
    String alg = jws.headerText("alg");
    if (!PublicJwk.ALGORITHMS.contains(alg)) {
      throw reject(
          RejectionCode.UNSUPPORTED_ALGORITHM,
          "alg " + alg + " is not EdDSA, Ed25519, ES256 or ES256K");
    }
    if (!TYPE.equals(jws.headerText("typ"))) {
      throw reject(RejectionCode.WRONG_TYPE, "typ must be " + TYPE);
    }
    String other = jws.unsupportedHeaderMember(CompactJws.OPERATION_HEADER);
    if (other != null) {
      throw reject(
          RejectionCode.UNSUPPORTED_HEADER,
          "the header member "
              + Statements.abbreviate(other)
              + " is not processed here (alg, jwk, kid, typ are)");
    }
    String kid = jws.headerText("kid");
    if (kid == null) {
      throw reject(RejectionCode.UNKNOWN_KEY, "the header names no kid");
    }
    JsonNode payload = jws.payload();
    String shape = shapeViolation(payload);
    if (shape != null) {
      throw reject(RejectionCode.INVALID_OPERATION, shape);
    }
    String operation = payload.get("operation").asText();
    if (!operation.equals(expected)) {
      throw reject(
          RejectionCode.INVALID_OPERATION,
          "a " + operation + " operation was submitted to " + expected);
    }
    JsonNode document = payload.get("document");
    boolean hasDocument = document != null && !document.isNull();
    if (hasDocument) {
      String problem = keysViolation(document);
      if (problem != null) {
        throw reject(RejectionCode.INVALID_DOCUMENT, problem);
      }
    }
    String did = payload.get("did").asText();
    if (!DidFabricId.isValid(did)) {
      throw reject(RejectionCode.INVALID_DID, "not a did:fabric identifier: " + did);
    }
    if (!kid.startsWith(did + "#")) {
      throw reject(RejectionCode.NOT_CONTROLLER, "kid " + kid + " is not a key of " + did);
    }
    if (!operation.equals("create") && headerKey != null) {
      throw reject(RejectionCode.UNSUPPORTED_HEADER, "only a create carries the header jwk");
    }

    DidStore store = new DidStore(stub);
    DidVersion current = store.head(did);
    String versionId = Statements.sha256Hex(compact);
    String now = stub.getTxTimestamp().truncatedTo(ChronoUnit.SECONDS).toString();
    DidVersion next;
    if (operation.equals("create")) {
      // B. create.
      if (current != null) {
        throw reject(RejectionCode.DID_ALREADY_EXISTS, did + " already exists");
      }
      if (headerKey == null) {
        throw reject(
            RejectionCode.INVALID_OPERATION, "a create carries its initial key as the header jwk");
      }
      if (!DidFabricId.derive(headerKey).equals(did)) {
        throw reject(RejectionCode.DID_MISMATCH, did + " is not derived from the header jwk");
      }
      String problem = DidDocumentRules.violation(document, did);
      if (problem != null) {
        throw reject(RejectionCode.INVALID_DOCUMENT, problem);
      }
      JsonNode method = DidDocumentRules.method(document, kid);
      if (method == null
          || !headerKey.sameKey(PublicJwk.parse(method.get("publicKeyJwk")))
          || !DidDocumentRules.lists(document, "authentication", kid)) {
        throw reject(
            RejectionCode.NOT_CONTROLLER,
            kid + " must be the initial key, listed in authentication");
      }
      verify(jws, alg, headerKey);
      next =
          new DidVersion(
              did,
              versionId,
              1,
              operation,
              CanonicalJson.sortedTree(document),
              false,
              now,
              now,
              stub.getTxId(),
              null,
              null);
    } else {
      // C. update and deactivate.
      if (current == null) {
        throw reject(RejectionCode.DID_NOT_FOUND, "no DID " + did + " on the ledger");
      }
      if (current.deactivated()) {
        throw reject(RejectionCode.DEACTIVATED, did + " is deactivated and accepts nothing");
      }
      if (!current.versionId().equals(payload.get("previousVersionId").asText())) {
        throw reject(
            RejectionCode.VERSION_MISMATCH,
            "the operation builds on "
                + payload.get("previousVersionId").asText()
                + ", the current version is "
                + current.versionId());
      }
      JsonNode method = DidDocumentRules.method(current.document(), kid);
      if (method == null || !DidDocumentRules.lists(current.document(), "authentication", kid)) {
        throw reject(
            RejectionCode.NOT_CONTROLLER,
            kid + " is not an authentication key of the current document");
      }
      verify(jws, alg, PublicJwk.parse(method.get("publicKeyJwk")));
      boolean deactivate = operation.equals("deactivate");
      if (!deactivate) {
        String problem = DidDocumentRules.violation(document, did);
        if (problem != null) {
          throw reject(RejectionCode.INVALID_DOCUMENT, problem);
        }
      }
      next =
          new DidVersion(
              did,
              versionId,
              current.sequence() + 1,
              operation,
              deactivate ? current.document() : CanonicalJson.sortedTree(document),
              deactivate,
              current.created(),
              now,
              stub.getTxId(),
              current.versionId(),
              null);
    }
    store.append(current, next);
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("did", did);
    event.put("operation", operation);
    event.put("versionId", versionId);
    stub.setEvent(EVENT_DID_CHANGED, CanonicalJson.treeToBytes(event));
    return result(store, next);
  }

  private static void verify(CompactJws jws, String alg, PublicJwk key) {
    if (!key.fits(alg)) {
      throw reject(
          RejectionCode.UNSUPPORTED_ALGORITHM,
          "alg " + alg + " does not fit a " + key.type() + " key");
    }
    if (!key.verify(jws.signingInput(), jws.signature())) {
      throw reject(
          RejectionCode.BAD_SIGNATURE,
          "the signature does not verify with " + jws.headerText("kid"));
    }
  }

  /** Null when the payload has the shape of DID-METHOD.md §4, else why not. */
  private static String shapeViolation(JsonNode p) {
    JsonNode op = p.get("operation");
    if (op == null || !op.isTextual() || !OPERATIONS.contains(op.asText())) {
      return "operation must be create, update or deactivate";
    }
    if (!p.path("did").isTextual()) {
      return "did must be a string";
    }
    if (!p.has("previousVersionId")) {
      return "previousVersionId must be present (null for a create)";
    }
    JsonNode previous = p.get("previousVersionId");
    boolean create = op.asText().equals("create");
    if (create
        ? !previous.isNull()
        : !(previous.isTextual() && VERSION_ID.matcher(previous.asText()).matches())) {
      return create
          ? "a create has previousVersionId null"
          : "previousVersionId must be 64 lowercase hex digits";
    }
    JsonNode document = p.get("document");
    boolean hasDocument = document != null && !document.isNull();
    if (op.asText().equals("deactivate") ? hasDocument : !hasDocument) {
      return op.asText().equals("deactivate")
          ? "a deactivate carries no document"
          : "a " + op.asText() + " carries the whole new document";
    }
    if (p.has("nonce") && !p.get("nonce").isTextual()) {
      return "nonce must be a string";
    }
    return null;
  }

  /** Null when the document is an object with a string id and well-formed keys, else why not. */
  private static String keysViolation(JsonNode document) {
    if (!document.isObject() || !document.path("id").isTextual()) {
      return "the document must be an object with a string id";
    }
    for (JsonNode m : document.path("verificationMethod")) {
      if (m.has("publicKeyJwk")) {
        try {
          PublicJwk.parse(m.get("publicKeyJwk"));
        } catch (IllegalArgumentException e) {
          return m.path("id").asText("a method") + ": " + e.getMessage();
        }
      }
    }
    return null;
  }
}
