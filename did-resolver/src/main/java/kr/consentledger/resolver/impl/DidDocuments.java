package kr.consentledger.resolver.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Builds the DID documents of the locally computed methods (did:key, did:jwk). */
final class DidDocuments {
  static final List<String> SIGNING =
      List.of("assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation");
  static final String KEY_AGREEMENT = "keyAgreement";

  private DidDocuments() {}

  /** A document with the DID Core and JWS-2020 contexts and no verification methods yet. */
  static JsonObject empty(String did) {
    return new JsonObject()
        .put(
            "@context",
            new JsonArray()
                .add("https://www.w3.org/ns/did/v1")
                .add("https://w3id.org/security/suites/jws-2020/v1"))
        .put("id", did)
        .put("verificationMethod", new JsonArray());
  }

  /**
   * Adds a JsonWebKey2020 verification method and references it from each relationship.
   *
   * @return the document
   */
  static JsonObject addJsonWebKey(
      JsonObject document, String methodId, JsonObject publicKeyJwk, List<String> relationships) {
    String did = document.getString("id");
    document
        .getJsonArray("verificationMethod")
        .add(
            new JsonObject()
                .put("id", methodId)
                .put("type", "JsonWebKey2020")
                .put("controller", did)
                .put("publicKeyJwk", publicKeyJwk));
    for (String relationship : relationships) {
      JsonArray refs = document.getJsonArray(relationship);
      if (refs == null) {
        refs = new JsonArray();
        document.put(relationship, refs);
      }
      refs.add(methodId);
    }
    return document;
  }
}
