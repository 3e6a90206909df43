/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.JsonBacked;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * An immutable W3C DID Core 1.0 document. The whole JSON is kept, so unknown members round-trip;
 * typed views are offered for what the SDK needs.
 *
 * <p>Verification methods are read from {@code publicKeyJwk}, {@code publicKeyMultibase} or (for
 * the 2018/2019 suites) {@code publicKeyBase58}. Methods whose key this SDK does not understand
 * stay in the JSON but are left out of {@link #verificationMethods()}.
 */
public final class DidDocument extends JsonBacked {
  /** The DID Core v1 JSON-LD context. */
  public static final String DID_CONTEXT = "https://www.w3.org/ns/did/v1";

  /** The JsonWebKey2020 suite context. */
  public static final String JWS_2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1";

  /** The verification method type this SDK writes. */
  public static final String JSON_WEB_KEY_2020 = "JsonWebKey2020";

  private final String id;
  private final Map<String, VerificationMethod> methods;
  private final Map<VerificationRelationship, List<String>> relationships;
  private final List<Service> services;

  private DidDocument(ObjectNode json) throws RejectedException {
    super(json);
    this.id = Json.text(json, "id").orElseThrow(() -> invalid("\"id\" is missing or not a string"));
    if (!Dids.isDid(id)) {
      throw invalid("\"id\" is not a DID: " + Dids.abbreviate(id));
    }
    Map<String, VerificationMethod> vms = new LinkedHashMap<>();
    JsonNode vmArray = json.get("verificationMethod");
    if (vmArray != null) {
      if (!vmArray.isArray()) {
        throw invalid("\"verificationMethod\" is not an array");
      }
      for (JsonNode vm : vmArray) {
        readMethod(vm).ifPresent(m -> vms.putIfAbsent(m.id(), m));
      }
    }
    Map<VerificationRelationship, List<String>> rels = new LinkedHashMap<>();
    for (VerificationRelationship r : VerificationRelationship.values()) {
      List<String> ids = new ArrayList<>();
      JsonNode arr = json.get(r.jsonName());
      if (arr != null) {
        if (!arr.isArray()) {
          throw invalid("\"" + r.jsonName() + "\" is not an array");
        }
        for (JsonNode entry : arr) {
          if (entry.isTextual()) {
            ids.add(Dids.absolute(id, entry.asText()));
          } else if (entry.isObject()) {
            Optional<VerificationMethod> embedded = readMethod(entry);
            if (embedded.isPresent()) {
              vms.putIfAbsent(embedded.get().id(), embedded.get());
              ids.add(embedded.get().id());
            }
          } else {
            throw invalid(
                "\"" + r.jsonName() + "\" holds an entry that is neither a string nor an object");
          }
        }
      }
      rels.put(r, Collections.unmodifiableList(ids));
    }
    List<Service> svcs = new ArrayList<>();
    JsonNode svcArray = json.get("service");
    if (svcArray != null) {
      if (!svcArray.isArray()) {
        throw invalid("\"service\" is not an array");
      }
      for (JsonNode s : svcArray) {
        Optional<String> sid = Json.text(s, "id");
        Optional<String> type = Json.text(s, "type");
        Optional<String> endpoint = Json.text(s, "serviceEndpoint");
        if (sid.isEmpty() || type.isEmpty()) {
          throw invalid("a service lacks a string \"id\" or \"type\"");
        }
        endpoint.ifPresent(e -> svcs.add(new Service(Dids.absolute(id, sid.get()), type.get(), e)));
      }
    }
    this.methods = Collections.unmodifiableMap(vms);
    this.relationships = Collections.unmodifiableMap(rels);
    this.services = Collections.unmodifiableList(svcs);
  }

  /**
   * Returns a copy of the JSON object, for the SDK to sign or embed.
   *
   * @return a copy of the JSON object, for the SDK to sign or embed
   */
  ObjectNode jsonTree() {
    return json.deepCopy();
  }

  private Optional<VerificationMethod> readMethod(JsonNode vm) throws RejectedException {
    if (!vm.isObject()) {
      throw invalid("a verification method is not a JSON object");
    }
    String vmId =
        Json.text(vm, "id")
            .orElseThrow(() -> invalid("a verification method lacks a string \"id\""));
    String type =
        Json.text(vm, "type")
            .orElseThrow(() -> invalid("verification method " + vmId + " lacks \"type\""));
    String controller = Json.text(vm, "controller").orElse(id);
    Optional<WalletPublicKey> key;
    try {
      key = readKey(type, vm);
    } catch (RejectedException e) {
      if (e.reason() == RejectionReason.UNSUPPORTED_KEY_TYPE) {
        return Optional.empty();
      }
      throw new RejectedException(
          RejectionReason.INVALID_DOCUMENT,
          "DID document rejected: verification method " + vmId + ": " + e.getMessage(),
          e);
    }
    return key.map(k -> new VerificationMethod(Dids.absolute(id, vmId), type, controller, k));
  }

  /**
   * Returns the key.
   *
   * @param jwk a {@code publicKeyJwk} member, or any JSON
   * @return the key
   * @throws RejectedException INVALID_KEY, UNSUPPORTED_KEY_TYPE, as {@link
   *     WalletPublicKey#fromJwk(String)}
   */
  static WalletPublicKey publicKeyOf(JsonNode jwk) throws RejectedException {
    if (jwk == null || !jwk.isObject()) {
      throw new RejectedException(RejectionReason.INVALID_KEY, "JWK rejected: not a JSON object");
    }
    return WalletPublicKey.fromJwk(Json.canonical(jwk));
  }

  /**
   * Returns its public JWK as a JSON object, to embed.
   *
   * @param key a key
   * @return its public JWK as a JSON object, to embed
   */
  static ObjectNode jwkOf(WalletPublicKey key) {
    // Members in the order the SDK always wrote them: kty, crv, x, y.
    ObjectNode sorted = Json.strictObject(key.toJwk());
    ObjectNode jwk = Json.object();
    for (String member : List.of("kty", "crv", "x", "y")) {
      if (sorted.has(member)) {
        jwk.set(member, sorted.get(member));
      }
    }
    return jwk;
  }

  private static Optional<WalletPublicKey> readKey(String type, JsonNode vm)
      throws RejectedException {
    if (vm.has("publicKeyJwk")) {
      return Optional.of(publicKeyOf(vm.get("publicKeyJwk")));
    }
    Optional<String> multibase = Json.text(vm, "publicKeyMultibase");
    if (multibase.isPresent()) {
      return Optional.of(WalletPublicKey.fromMultibase(multibase.get()));
    }
    Optional<String> base58 = Json.text(vm, "publicKeyBase58");
    if (base58.isPresent()) {
      KeyType t =
          switch (type) {
            case "Ed25519VerificationKey2018", "Ed25519VerificationKey2020" -> KeyType.ED25519;
            case "EcdsaSecp256k1VerificationKey2019" -> KeyType.SECP256K1;
            case "P256Key2021" -> KeyType.P256;
            case "X25519KeyAgreementKey2019", "X25519KeyAgreementKey2020" -> KeyType.X25519;
            default -> null;
          };
      if (t == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            WalletPublicKey.of(t, kr.consentledger.wallet.internal.Base58.decode(base58.get())));
      } catch (IllegalArgumentException e) {
        throw new RejectedException(
            RejectionReason.INVALID_KEY, "publicKeyBase58 is not base58btc", e);
      }
    }
    return Optional.empty();
  }

  private static RejectedException invalid(String why) {
    return new RejectedException(RejectionReason.INVALID_DOCUMENT, "DID document rejected: " + why);
  }

  /**
   * Parses a DID document.
   *
   * @param json the document JSON
   * @return the document
   * @throws RejectedException INVALID_DOCUMENT if it is not a JSON object with a DID {@code id}, or
   *     a member has the wrong shape, or a key is malformed
   */
  public static DidDocument parse(String json) throws RejectedException {
    return fromJson(Json.parseObject(json).orElseThrow(() -> invalid("not a JSON object")));
  }

  static DidDocument fromJson(JsonNode json) throws RejectedException {
    if (json == null || !json.isObject()) {
      throw invalid("not a JSON object");
    }
    return new DidDocument(((ObjectNode) json).deepCopy());
  }

  /**
   * Returns a builder with {@code @context} set to DID v1 + JWS 2020 and {@code id} set.
   *
   * @param did the DID the document describes
   * @return a builder with {@code @context} set to DID v1 + JWS 2020 and {@code id} set
   */
  public static Builder builder(String did) {
    if (!Dids.isDid(did)) {
      throw new IllegalArgumentException("did: not a DID: " + Dids.abbreviate(did));
    }
    ObjectNode json = Json.object();
    json.putArray("@context").add(DID_CONTEXT).add(JWS_2020_CONTEXT);
    json.put("id", did);
    return new Builder(json);
  }

  /**
   * Returns a builder starting from a copy of this document.
   *
   * @return a builder starting from a copy of this document
   */
  public Builder toBuilder() {
    return new Builder(json.deepCopy());
  }

  /**
   * Returns the DID this document describes.
   *
   * @return the DID this document describes
   */
  public String id() {
    return id;
  }

  /**
   * Returns the {@code controller} values (string or array), empty if absent.
   *
   * @return the {@code controller} values (string or array), empty if absent
   */
  public List<String> controllers() {
    return List.copyOf(Json.stringOrArray(json, "controller"));
  }

  /**
   * Returns the verification methods with supported keys, embedded ones included, in document
   * order.
   *
   * @return the verification methods with supported keys, embedded ones included, in document order
   */
  public List<VerificationMethod> verificationMethods() {
    return List.copyOf(methods.values());
  }

  /**
   * Returns the verification method, if present and supported.
   *
   * @param didUrl an absolute DID URL or a {@code #fragment}
   * @return the verification method, if present and supported
   */
  public Optional<VerificationMethod> verificationMethod(String didUrl) {
    return Optional.ofNullable(
        methods.get(Dids.absolute(id, Objects.requireNonNull(didUrl, "didUrl"))));
  }

  /**
   * Returns the absolute ids listed under it, in document order.
   *
   * @param relationship a verification relationship
   * @return the absolute ids listed under it, in document order
   */
  public List<String> relationship(VerificationRelationship relationship) {
    return relationships.get(relationship);
  }

  /**
   * Returns whether the method exists, has a supported key, and is listed under the relationship.
   *
   * @param didUrl an absolute DID URL or a {@code #fragment}
   * @param relationship the relationship required
   * @return whether the method exists, has a supported key, and is listed under the relationship
   */
  public boolean authorizes(String didUrl, VerificationRelationship relationship) {
    String abs = Dids.absolute(id, didUrl);
    return methods.containsKey(abs) && relationships.get(relationship).contains(abs);
  }

  /**
   * Returns services with a string endpoint.
   *
   * @return services with a string endpoint
   */
  public List<Service> services() {
    return services;
  }

  /**
   * Returns the document as compact JSON with sorted members.
   *
   * @return the document as compact JSON with sorted members
   */
  public String toJson() {
    return Json.canonical(json);
  }

  @Override
  public String toString() {
    return "DidDocument[" + id + "]";
  }

  /**
   * Builds or edits a DID document. Ids may be given as {@code #fragment}; they are stored as
   * absolute DID URLs. {@link #build()} validates.
   */
  public static final class Builder {
    private final ObjectNode json;

    private Builder(ObjectNode json) {
      this.json = json;
    }

    private String abs(String ref, String field) {
      Objects.requireNonNull(ref, field);
      String did = json.get("id").asText();
      String a = Dids.absolute(did, ref);
      if (!a.startsWith(did + "#") || a.length() == did.length() + 1) {
        throw new IllegalArgumentException(
            field + ": must be #fragment or " + did + "#fragment, got " + ref);
      }
      return a;
    }

    /**
     * Sets the {@code controller} property.
     *
     * @param dids controller DIDs
     * @return this builder
     */
    public Builder controller(String... dids) {
      ArrayNode arr = json.putArray("controller");
      for (String d : dids) {
        if (!Dids.isDid(d)) {
          throw new IllegalArgumentException("controller: not a DID: " + Dids.abbreviate(d));
        }
        arr.add(d);
      }
      return this;
    }

    /**
     * Adds a {@code JsonWebKey2020} verification method controlled by this DID.
     *
     * @param id {@code #fragment} or absolute DID URL
     * @param key the public key
     * @param relationships relationships to list it under
     * @return this builder
     */
    public Builder addVerificationMethod(
        String id, WalletPublicKey key, VerificationRelationship... relationships) {
      String vmId = abs(id, "id");
      Objects.requireNonNull(key, "key");
      ArrayNode vms =
          json.has("verificationMethod") && json.get("verificationMethod").isArray()
              ? (ArrayNode) json.get("verificationMethod")
              : json.putArray("verificationMethod");
      for (JsonNode vm : vms) {
        if (vmId.equals(Dids.absolute(json.get("id").asText(), vm.path("id").asText()))) {
          throw new IllegalArgumentException("id: verification method " + vmId + " already exists");
        }
      }
      ObjectNode vm = vms.addObject();
      vm.put("id", vmId);
      vm.put("type", JSON_WEB_KEY_2020);
      vm.put("controller", json.get("id").asText());
      vm.set("publicKeyJwk", jwkOf(key));
      for (VerificationRelationship r : relationships) {
        ArrayNode arr =
            json.has(r.jsonName()) && json.get(r.jsonName()).isArray()
                ? (ArrayNode) json.get(r.jsonName())
                : json.putArray(r.jsonName());
        arr.add(vmId);
      }
      return this;
    }

    /**
     * Removes a verification method and every relationship entry naming it.
     *
     * @param id {@code #fragment} or absolute DID URL
     * @return this builder
     */
    public Builder removeVerificationMethod(String id) {
      String vmId = abs(id, "id");
      String did = json.get("id").asText();
      removeById(json.get("verificationMethod"), did, vmId);
      for (VerificationRelationship r : VerificationRelationship.values()) {
        JsonNode arr = json.get(r.jsonName());
        if (arr != null && arr.isArray()) {
          for (int i = arr.size() - 1; i >= 0; i--) {
            JsonNode e = arr.get(i);
            String ref = e.isTextual() ? e.asText() : e.path("id").asText();
            if (vmId.equals(Dids.absolute(did, ref))) {
              ((ArrayNode) arr).remove(i);
            }
          }
          if (arr.isEmpty()) {
            json.remove(r.jsonName());
          }
        }
      }
      if (json.has("verificationMethod") && json.get("verificationMethod").isEmpty()) {
        json.remove("verificationMethod");
      }
      return this;
    }

    /**
     * Adds a service.
     *
     * @param id {@code #fragment} or absolute DID URL
     * @param type service type
     * @param serviceEndpoint endpoint URI
     * @return this builder
     */
    public Builder addService(String id, String type, String serviceEndpoint) {
      String sid = abs(id, "id");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(serviceEndpoint, "serviceEndpoint");
      ArrayNode svcs =
          json.has("service") && json.get("service").isArray()
              ? (ArrayNode) json.get("service")
              : json.putArray("service");
      ObjectNode s = svcs.addObject();
      s.put("id", sid);
      s.put("type", type);
      s.put("serviceEndpoint", serviceEndpoint);
      return this;
    }

    /**
     * Removes a service.
     *
     * @param id {@code #fragment} or absolute DID URL
     * @return this builder
     */
    public Builder removeService(String id) {
      String sid = abs(id, "id");
      removeById(json.get("service"), json.get("id").asText(), sid);
      if (json.has("service") && json.get("service").isEmpty()) {
        json.remove("service");
      }
      return this;
    }

    private static void removeById(JsonNode arr, String did, String target) {
      if (arr == null || !arr.isArray()) {
        return;
      }
      for (int i = arr.size() - 1; i >= 0; i--) {
        if (target.equals(Dids.absolute(did, arr.get(i).path("id").asText()))) {
          ((ArrayNode) arr).remove(i);
        }
      }
    }

    /**
     * Returns the document.
     *
     * @return the document
     * @throws IllegalArgumentException if the document is not valid, with the reason
     */
    public DidDocument build() {
      try {
        DidDocument doc = new DidDocument(json.deepCopy());
        for (VerificationRelationship r : VerificationRelationship.values()) {
          for (String ref : doc.relationship(r)) {
            if (!doc.methods.containsKey(ref)) {
              throw new IllegalArgumentException(
                  r.jsonName() + ": names " + ref + ", which is not a verification method");
            }
          }
        }
        return doc;
      } catch (RejectedException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }
}
