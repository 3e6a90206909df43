/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.did;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kr.consentledger.chaincode.CanonicalJson;
import kr.consentledger.chaincode.jose.PublicJwk;

/** The rules a did:fabric DID document must satisfy (DID-METHOD.md §3). */
final class DidDocumentRules {
  static final List<String> RELATIONSHIPS =
      List.of(
          "authentication",
          "assertionMethod",
          "keyAgreement",
          "capabilityInvocation",
          "capabilityDelegation");
  private static final int MAX_BYTES = 65_536;

  private DidDocumentRules() {}

  /** Null when {@code document} is a valid document of {@code did}, else why not. */
  static String violation(JsonNode document, String did) {
    if (document == null || !document.isObject()) {
      return "the document must be a JSON object";
    }
    if (!did.equals(document.path("id").asText(null))) {
      return "the document's id must be " + did;
    }
    JsonNode controller = document.get("controller");
    if (controller != null
        && !(controller.isTextual() && controller.asText().equals(did))
        && !(controller.isArray()
            && controller.size() == 1
            && did.equals(controller.get(0).asText(null)))) {
      return "controller may only name the DID itself";
    }
    JsonNode methods = document.get("verificationMethod");
    if (methods == null || !methods.isArray() || methods.isEmpty()) {
      return "verificationMethod must be a non-empty array";
    }
    Set<String> ids = new HashSet<>();
    for (JsonNode m : methods) {
      String id = m.path("id").asText("");
      if (!m.isObject() || !isFragmentOf(id, did) || !ids.add(id)) {
        return "every verification method needs a unique id <did>#<fragment>";
      }
      if (!"JsonWebKey2020".equals(m.path("type").asText())) {
        return id + ": type must be JsonWebKey2020";
      }
      if (!did.equals(m.path("controller").asText())) {
        return id + ": controller must be the DID";
      }
      try {
        PublicJwk.parse(m.get("publicKeyJwk"));
      } catch (IllegalArgumentException e) {
        return id + ": publicKeyJwk: " + e.getMessage();
      }
    }
    for (String relationship : RELATIONSHIPS) {
      JsonNode refs = document.get(relationship);
      if (refs == null) {
        if (relationship.equals("authentication")) {
          return "authentication must be a non-empty array";
        }
        continue;
      }
      if (!refs.isArray() || (relationship.equals("authentication") && refs.isEmpty())) {
        return relationship
            + " must be "
            + (relationship.equals("authentication") ? "a non-empty array" : "an array");
      }
      for (JsonNode ref : refs) {
        if (!ref.isTextual() || !ids.contains(ref.asText())) {
          return relationship + " may only list the ids of this document's verification methods";
        }
      }
    }
    JsonNode services = document.get("service");
    if (services != null) {
      if (!services.isArray()) {
        return "service must be an array";
      }
      Set<String> serviceIds = new HashSet<>();
      for (JsonNode s : services) {
        String id = s.path("id").asText("");
        if (!s.isObject() || !isFragmentOf(id, did) || ids.contains(id) || !serviceIds.add(id)) {
          return "every service needs a unique id <did>#<fragment>, distinct from the methods";
        }
        if (!s.path("type").isTextual()) {
          return id + ": type must be a string";
        }
        JsonNode endpoint = s.get("serviceEndpoint");
        if (endpoint == null
            || !(endpoint.isTextual() || endpoint.isObject() || endpoint.isArray())) {
          return id + ": serviceEndpoint must be a string, an object or an array";
        }
      }
    }
    if (CanonicalJson.treeToBytes(document).length > MAX_BYTES) {
      return "the document is larger than " + MAX_BYTES + " bytes";
    }
    return null;
  }

  /** The verification method of {@code document} with this id, or null. */
  static JsonNode method(JsonNode document, String id) {
    for (JsonNode m : document.path("verificationMethod")) {
      if (id.equals(m.path("id").asText(null))) {
        return m;
      }
    }
    return null;
  }

  /** Whether {@code document}'s {@code relationship} lists {@code id}. */
  static boolean lists(JsonNode document, String relationship, String id) {
    for (JsonNode ref : document.path(relationship)) {
      if (ref.isTextual() && ref.asText().equals(id)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFragmentOf(String id, String did) {
    return id.startsWith(did + "#") && id.length() > did.length() + 1;
  }
}
