/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Base58;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * The {@code did:fabric} ledger DID method: identifier derivation, signed operations, and the
 * reference implementation of the verification rules the chaincode applies. DID-METHOD.md is the
 * specification; this class and the fixtures under {@code src/test/resources/did-fabric/} follow
 * it.
 */
public final class DidFabric {
  /** The method prefix, {@code did:fabric:}. */
  public static final String PREFIX = "did:fabric:";

  /** The JWS {@code typ} of an operation. */
  public static final String OPERATION_TYP = "did-operation+jwt";

  private static final Set<KeyType> SIGNING =
      Set.of(KeyType.ED25519, KeyType.P256, KeyType.SECP256K1);

  private DidFabric() {}

  /**
   * Derives the DID from the initial public key: {@code did:fabric:} + base58btc(first 16 bytes of
   * SHA-256(multicodec-prefixed public key)).
   *
   * @param initialKey an Ed25519, P-256 or secp256k1 public key
   * @return the DID
   */
  public static String didFor(WalletPublicKey initialKey) {
    Objects.requireNonNull(initialKey, "initialKey");
    if (!SIGNING.contains(initialKey.type())) {
      throw new IllegalArgumentException("initialKey: " + initialKey.type() + " cannot sign");
    }
    byte[] digest = Bytes.sha256(initialKey.multicodecBytes());
    return PREFIX + Base58.encode(Arrays.copyOf(digest, 16));
  }

  /**
   * Returns whether it is a syntactically valid did:fabric DID (16 bytes, canonical base58btc).
   *
   * @param did candidate
   * @return whether it is a syntactically valid did:fabric DID (16 bytes, canonical base58btc)
   */
  public static boolean isFabricDid(String did) {
    if (did == null || !did.startsWith(PREFIX) || did.length() > PREFIX.length() + 22) {
      return false;
    }
    String id = did.substring(PREFIX.length());
    try {
      byte[] bytes = Base58.decode(id);
      return bytes.length == 16 && Base58.encode(bytes).equals(id);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Starts the initial document: id derived from the key, the key as {@code #key-1} under
   * authentication and assertionMethod.
   *
   * @param initialKey the initial controller key
   * @return a builder to add services or more keys to
   */
  public static DidDocument.Builder newDocument(WalletPublicKey initialKey) {
    return DidDocument.builder(didFor(initialKey))
        .addVerificationMethod(
            "#key-1",
            initialKey,
            VerificationRelationship.AUTHENTICATION,
            VerificationRelationship.ASSERTION_METHOD);
  }

  /**
   * Signs a create operation. The signer's key must be the key the DID is derived from, its {@code
   * keyId} a method of the document listed under authentication.
   *
   * @param document the initial document
   * @param signer the initial key
   * @param nonce optional nonce, may be null
   * @return the operation, checked against the ledger rules
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException if the ledger would reject the operation; the message says why
   */
  public static DidOperation create(DidDocument document, Signer signer, String nonce)
      throws WalletException {
    Objects.requireNonNull(document, "document");
    DidOperation op =
        sign(DidOperation.Type.CREATE, document.id(), null, document, nonce, signer, true);
    selfCheck(null, op);
    return op;
  }

  /**
   * Signs an update: the new document replaces the current one (add, rotate or remove keys and
   * services by editing it with {@link DidDocument#toBuilder()}).
   *
   * @param current the ledger's current state
   * @param newDocument the full new document
   * @param signer a key listed under the CURRENT document's authentication
   * @param nonce optional nonce, may be null
   * @return the operation, checked against the ledger rules
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException if the ledger would reject the operation; the message says why
   */
  public static DidOperation update(
      DidState current, DidDocument newDocument, Signer signer, String nonce)
      throws WalletException {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(newDocument, "newDocument");
    DidOperation op =
        sign(
            DidOperation.Type.UPDATE,
            current.did(),
            current.versionId(),
            newDocument,
            nonce,
            signer,
            false);
    selfCheck(current, op);
    return op;
  }

  /**
   * Signs a deactivation. After it the ledger accepts no operation for the DID.
   *
   * @param current the ledger's current state
   * @param signer a key listed under the current document's authentication
   * @param nonce optional nonce, may be null
   * @return the operation, checked against the ledger rules
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException if the ledger would reject the operation; the message says why
   */
  public static DidOperation deactivate(DidState current, Signer signer, String nonce)
      throws WalletException {
    Objects.requireNonNull(current, "current");
    DidOperation op =
        sign(
            DidOperation.Type.DEACTIVATE,
            current.did(),
            current.versionId(),
            null,
            nonce,
            signer,
            false);
    selfCheck(current, op);
    return op;
  }

  private static void selfCheck(DidState current, DidOperation op) {
    try {
      apply(current, op.jws());
    } catch (RejectedException e) {
      throw new IllegalArgumentException(
          "the ledger would reject this operation (" + e.reason() + "): " + e.getMessage(), e);
    }
  }

  /** Signs without checking the rules; tests use it to produce invalid operations. */
  static DidOperation sign(
      DidOperation.Type type,
      String did,
      String previousVersionId,
      DidDocument document,
      String nonce,
      Signer signer,
      boolean embedJwk)
      throws WalletException {
    Objects.requireNonNull(signer, "signer");
    ObjectNode header = Json.object();
    header.put("typ", OPERATION_TYP);
    header.put("kid", signer.keyId());
    if (embedJwk) {
      header.set("jwk", DidDocument.jwkOf(signer.publicKey()));
    }
    ObjectNode payload = Json.object();
    payload.put("operation", type.jsonName());
    payload.put("did", did);
    if (previousVersionId == null) {
      payload.putNull("previousVersionId");
    } else {
      payload.put("previousVersionId", previousVersionId);
    }
    if (document != null) {
      payload.set("document", document.jsonTree());
    }
    if (nonce != null) {
      payload.put("nonce", nonce);
    }
    String jws = Jws.sign(header, Json.canonicalBytes(payload), signer);
    try {
      return DidOperation.parse(jws);
    } catch (RejectedException e) {
      throw new IllegalArgumentException("operation could not be built: " + e.getMessage(), e);
    }
  }

  /**
   * Applies the did:fabric verification rules (DID-METHOD.md section 5), in their order.
   *
   * @param current the current state of the DID, or null if the ledger has none
   * @param operationJws the operation's compact JWS
   * @return the state after the operation
   * @throws RejectedException with the code the chaincode must also give
   */
  public static DidState apply(DidState current, String operationJws) throws RejectedException {
    Jws.Parsed parsed = Jws.parse(operationJws);
    DidOperation op = DidOperation.parse(parsed);
    String did = op.did();
    if (!isFabricDid(did)) {
      throw new RejectedException(
          RejectionReason.INVALID_DID,
          "DID operation rejected: \"" + Dids.abbreviate(did) + "\" is not a did:fabric DID");
    }
    if (!Dids.didOf(op.keyId()).equals(did) || !op.keyId().startsWith(did + "#")) {
      throw new RejectedException(
          RejectionReason.NOT_CONTROLLER,
          "DID operation rejected: kid " + Dids.abbreviate(op.keyId()) + " is not a key of " + did);
    }
    if (op.type() != DidOperation.Type.CREATE && parsed.header().has("jwk")) {
      throw new RejectedException(
          RejectionReason.UNSUPPORTED_HEADER,
          "DID operation rejected: only a create carries the header \"jwk\"");
    }
    String versionId = Jws.sha256Hex(operationJws);
    if (op.type() == DidOperation.Type.CREATE) {
      if (current != null) {
        throw new RejectedException(
            RejectionReason.DID_ALREADY_EXISTS,
            "DID operation rejected: " + did + " already exists");
      }
      JsonNode jwkNode = parsed.header().get("jwk");
      if (jwkNode == null) {
        throw new RejectedException(
            RejectionReason.INVALID_OPERATION,
            "DID operation rejected: create must carry the initial key as header \"jwk\"");
      }
      WalletPublicKey initial = DidDocument.publicKeyOf(jwkNode);
      if (!SIGNING.contains(initial.type()) || !didFor(initial).equals(did)) {
        throw new RejectedException(
            RejectionReason.DID_MISMATCH,
            "DID operation rejected: " + did + " is not derived from the header jwk");
      }
      DidDocument doc = op.document().orElseThrow();
      validateDocument(did, doc);
      Optional<VerificationMethod> vm = doc.verificationMethod(op.keyId());
      if (vm.isEmpty()
          || !doc.authorizes(op.keyId(), VerificationRelationship.AUTHENTICATION)
          || !vm.get().publicKey().equals(initial)) {
        throw new RejectedException(
            RejectionReason.NOT_CONTROLLER,
            "DID operation rejected: kid "
                + op.keyId()
                + " is not the header jwk listed under the document's authentication");
      }
      parsed.verify(initial);
      return new DidState(did, doc, versionId, false);
    }
    if (current == null || !current.did().equals(did)) {
      throw new RejectedException(
          RejectionReason.DID_NOT_FOUND, "DID operation rejected: " + did + " does not exist");
    }
    if (current.deactivated()) {
      throw new RejectedException(
          RejectionReason.DEACTIVATED,
          "DID operation rejected: " + did + " is deactivated and accepts no operation");
    }
    if (!current.versionId().equals(op.previousVersionId().orElseThrow())) {
      throw new RejectedException(
          RejectionReason.VERSION_MISMATCH,
          "DID operation rejected: previousVersionId "
              + op.previousVersionId().get()
              + " is not the current versionId "
              + current.versionId());
    }
    Optional<VerificationMethod> vm = current.document().verificationMethod(op.keyId());
    if (vm.isEmpty()
        || !current.document().authorizes(op.keyId(), VerificationRelationship.AUTHENTICATION)) {
      throw new RejectedException(
          RejectionReason.NOT_CONTROLLER,
          "DID operation rejected: kid "
              + op.keyId()
              + " is not listed under the current document's authentication");
    }
    parsed.verify(vm.get().publicKey());
    if (op.type() == DidOperation.Type.DEACTIVATE) {
      return new DidState(did, current.document(), versionId, true);
    }
    DidDocument doc = op.document().orElseThrow();
    validateDocument(did, doc);
    return new DidState(did, doc, versionId, false);
  }

  /**
   * Checks the did:fabric document rules (DID-METHOD.md section 3).
   *
   * @param did the DID
   * @param document the document
   * @throws RejectedException INVALID_DOCUMENT naming the broken rule
   */
  public static void validateDocument(String did, DidDocument document) throws RejectedException {
    ObjectNode json = document.jsonTree();
    if (!did.equals(document.id())) {
      throw badDoc("\"id\" is " + document.id() + ", not " + did);
    }
    JsonNode controller = json.get("controller");
    if (controller != null
        && !(controller.isTextual() && controller.asText().equals(did))
        && !(controller.isArray()
            && controller.size() == 1
            && did.equals(controller.get(0).asText(null)))) {
      throw badDoc("\"controller\" may only name the DID itself");
    }
    JsonNode vms = json.get("verificationMethod");
    if (vms == null || !vms.isArray() || vms.isEmpty()) {
      throw badDoc("\"verificationMethod\" must be a non-empty array");
    }
    Set<String> ids = new HashSet<>();
    for (JsonNode vm : vms) {
      String id = vm.path("id").asText("");
      if (!id.startsWith(did + "#") || id.length() == did.length() + 1 || !ids.add(id)) {
        throw badDoc(
            "verification method id \""
                + Dids.abbreviate(id)
                + "\" is not a unique absolute "
                + did
                + "#fragment");
      }
      if (!DidDocument.JSON_WEB_KEY_2020.equals(vm.path("type").asText(null))) {
        throw badDoc(id + ": \"type\" must be JsonWebKey2020");
      }
      if (!did.equals(vm.path("controller").asText(null))) {
        throw badDoc(id + ": \"controller\" must be " + did);
      }
      WalletPublicKey key;
      try {
        key = DidDocument.publicKeyOf(vm.get("publicKeyJwk"));
      } catch (RejectedException e) {
        throw badDoc(id + ": " + e.getMessage());
      }
      if (!SIGNING.contains(key.type())) {
        throw badDoc(id + ": only Ed25519, P-256 and secp256k1 keys are allowed");
      }
    }
    for (VerificationRelationship r : VerificationRelationship.values()) {
      JsonNode arr = json.get(r.jsonName());
      if (arr == null) {
        if (r == VerificationRelationship.AUTHENTICATION) {
          throw badDoc("\"authentication\" must list at least one method");
        }
        continue;
      }
      if (!arr.isArray() || (r == VerificationRelationship.AUTHENTICATION && arr.isEmpty())) {
        throw badDoc(
            "\""
                + r.jsonName()
                + "\" must be an array"
                + (r == VerificationRelationship.AUTHENTICATION
                    ? " with at least one method"
                    : ""));
      }
      for (JsonNode ref : arr) {
        if (!ref.isTextual() || !ids.contains(ref.asText())) {
          throw badDoc(
              "\""
                  + r.jsonName()
                  + "\" entries must be absolute ids of verification methods in this document");
        }
      }
    }
    JsonNode svcs = json.get("service");
    if (svcs != null) {
      if (!svcs.isArray()) {
        throw badDoc("\"service\" must be an array");
      }
      Set<String> sids = new HashSet<>();
      for (JsonNode s : svcs) {
        String id = s.path("id").asText("");
        if (!id.startsWith(did + "#")
            || id.length() == did.length() + 1
            || !sids.add(id)
            || ids.contains(id)) {
          throw badDoc(
              "service id \""
                  + Dids.abbreviate(id)
                  + "\" is not a unique absolute "
                  + did
                  + "#fragment");
        }
        JsonNode ep = s.get("serviceEndpoint");
        if (!s.path("type").isTextual()
            || ep == null
            || !(ep.isTextual() || ep.isObject() || ep.isArray())) {
          throw badDoc(id + ": needs a string \"type\" and a \"serviceEndpoint\"");
        }
      }
    }
    if (Json.canonicalBytes(json).length > 64 * 1024) {
      throw badDoc("the document is larger than 65536 bytes");
    }
  }

  private static RejectedException badDoc(String why) {
    return new RejectedException(RejectionReason.INVALID_DOCUMENT, "DID document rejected: " + why);
  }
}
