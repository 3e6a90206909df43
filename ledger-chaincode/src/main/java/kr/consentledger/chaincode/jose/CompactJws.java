/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.jose;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * A parsed compact JWS (RFC 7515 §7.1) whose parts are canonical base64url and whose header and
 * payload are JSON objects with a single meaning ({@link StrictJson}). It says nothing yet about
 * the signature.
 */
public final class CompactJws {
  /** The header members of consent, revocation and receipt statements. */
  public static final Set<String> STATEMENT_HEADER = Set.of("alg", "typ", "kid");

  /** The header members of did:fabric operations ({@code jwk} on a create only). */
  public static final Set<String> OPERATION_HEADER = Set.of("alg", "typ", "kid", "jwk");

  private final String compact;
  private final JsonNode header;
  private final JsonNode payload;
  private final byte[] signature;
  private final byte[] signingInput;

  private CompactJws(
      String compact, JsonNode header, JsonNode payload, byte[] signature, byte[] signingInput) {
    this.compact = compact;
    this.header = header;
    this.payload = payload;
    this.signature = signature;
    this.signingInput = signingInput;
  }

  /** Why a text is not a compact JWS we accept. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code compact}.
   *
   * @throws MalformedException with the reason when it is not three canonical parts with JSON
   *     object header and payload (one meaning only), when a header {@code jwk} is not a supported
   *     public key, or when {@code alg} is missing, not a string or {@code none}
   */
  public static CompactJws parse(String compact) throws MalformedException {
    if (compact == null || compact.isEmpty()) {
      throw new MalformedException("the JWS is empty");
    }
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3) {
      throw new MalformedException("a compact JWS has 3 parts, not " + parts.length);
    }
    byte[] headerBytes = Base64Url.decodeCanonical(parts[0]);
    byte[] payloadBytes = Base64Url.decodeCanonical(parts[1]);
    byte[] signature = Base64Url.decodeCanonical(parts[2]);
    if (headerBytes == null || payloadBytes == null || signature == null) {
      throw new MalformedException("every part must be canonical unpadded base64url");
    }
    JsonNode header = object(headerBytes, "header");
    JsonNode payload = object(payloadBytes, "payload");
    if (header.has("jwk")) {
      try {
        PublicJwk.parse(header.get("jwk"));
      } catch (IllegalArgumentException e) {
        throw new MalformedException("header jwk: " + e.getMessage());
      }
    }
    if (!header.path("alg").isTextual() || header.get("alg").asText().equals("none")) {
      throw new MalformedException("the header must name a signature alg");
    }
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return new CompactJws(compact, header, payload, signature, input);
  }

  private static JsonNode object(byte[] json, String what) throws MalformedException {
    JsonNode node;
    try {
      node = StrictJson.parse(json);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(
          "the " + what + " is not one JSON object with a single meaning: " + e.getMessage());
    }
    if (!node.isObject()) {
      throw new MalformedException("the " + what + " must be a JSON object");
    }
    return node;
  }

  /**
   * The first header member not in {@code allowed}, or null: members we do not process are refused
   * rather than ignored (RFC 7515 §4), so {@code crit}, {@code x5c}, {@code jku} and any unknown
   * name are refused wherever they appear.
   */
  public String unsupportedHeaderMember(Set<String> allowed) {
    for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        return name;
      }
    }
    return null;
  }

  /** The compact serialization exactly as received. */
  public String compact() {
    return compact;
  }

  /** The protected header. */
  public JsonNode header() {
    return header.deepCopy();
  }

  /** A header member as text, or null when absent or not a string. */
  public String headerText(String name) {
    JsonNode n = header.get(name);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  /** The payload. */
  public JsonNode payload() {
    return payload.deepCopy();
  }

  /** The signature bytes. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The ASCII bytes the signature covers: {@code header.payload} as received. */
  public byte[] signingInput() {
    return signingInput.clone();
  }
}
