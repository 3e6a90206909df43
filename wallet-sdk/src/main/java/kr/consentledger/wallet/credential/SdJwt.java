/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Json;

/**
 * The mechanics of Selective Disclosure for JWTs (RFC 9901) with SHA-256 digests: Disclosures,
 * their digests, the compact serialization {@code <issuer-signed JWT>~<disclosure>~...~[KB-JWT]},
 * {@code sd_hash}, and the verifier's processing of an issuer-signed payload (RFC 9901 §7.1): every
 * Disclosure must be referenced exactly once, a digest may appear only once, a disclosed claim may
 * not overwrite a claim already present.
 */
public final class SdJwt {
  /** The only {@code _sd_alg} this implementation speaks (and the default when absent). */
  public static final String SD_ALG = "sha-256";

  private SdJwt() {}

  /**
   * A Disclosure as received or made: its base64url text and the decoded salt, claim name (absent
   * for an array element) and value.
   *
   * @param encoded the base64url text, digested as is
   * @param salt the salt
   * @param name the claim name, empty for an array element
   * @param value the claim value
   */
  public record Disclosure(String encoded, String salt, Optional<String> name, JsonNode value) {
    /**
     * Checks the members.
     *
     * @param encoded see the record description
     * @param salt see the record description
     * @param name see the record description
     * @param value see the record description
     */
    public Disclosure {
      Objects.requireNonNull(encoded, "encoded");
      Objects.requireNonNull(salt, "salt");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    /**
     * Makes an object-property Disclosure: base64url of the UTF-8 JSON array {@code [salt, name,
     * value]} (compact).
     *
     * @param salt the salt (RFC 9901 recommends 128 bits of entropy)
     * @param name the claim name
     * @param value the claim value
     * @return the Disclosure
     */
    public static Disclosure of(String salt, String name, JsonNode value) {
      ArrayNode a = Json.array().add(salt).add(name).add(value);
      return new Disclosure(
          Bytes.b64u(Json.canonical(a).getBytes(StandardCharsets.UTF_8)),
          salt,
          Optional.of(name),
          value);
    }

    /**
     * Decodes a Disclosure as received: canonical unpadded base64url of a JSON array of 3 (salt,
     * claim name, value) or 2 (salt, value) elements, salt and name strings, the name neither
     * {@code _sd} nor {@code ...}.
     *
     * @param encoded the base64url text
     * @return the Disclosure
     * @throws RejectedException MALFORMED_CREDENTIAL saying why
     */
    public static Disclosure parse(String encoded) throws RejectedException {
      JsonNode node;
      try {
        node = Json.parse(Json.strictUtf8(Bytes.fromB64u(encoded))).orElse(null);
      } catch (IllegalArgumentException e) {
        node = null;
      }
      if (!(node instanceof ArrayNode a) || a.size() < 2 || a.size() > 3) {
        throw malformed("a Disclosure is not base64url of a JSON array of 2 or 3 elements");
      }
      if (!a.get(0).isTextual()) {
        throw malformed("a Disclosure's salt is not a string");
      }
      if (a.size() == 2) {
        return new Disclosure(encoded, a.get(0).asText(), Optional.empty(), a.get(1));
      }
      if (!a.get(1).isTextual()) {
        throw malformed("a Disclosure's claim name is not a string");
      }
      String name = a.get(1).asText();
      if (name.equals("_sd") || name.equals("...")) {
        throw malformed("a Disclosure may not disclose a claim named \"" + name + "\"");
      }
      return new Disclosure(encoded, a.get(0).asText(), Optional.of(name), a.get(2));
    }

    /**
     * Returns the digest: base64url of the SHA-256 of the ASCII Disclosure text.
     *
     * @return the digest: base64url of the SHA-256 of the ASCII Disclosure text
     */
    public String digest() {
      return SdJwt.digest(encoded);
    }
  }

  /**
   * Returns base64url of the SHA-256 of an ASCII text: a Disclosure's digest, or {@code sd_hash}.
   *
   * @param ascii the text
   * @return base64url of the SHA-256 of an ASCII text: a Disclosure's digest, or {@code sd_hash}
   */
  public static String digest(String ascii) {
    return Bytes.b64u(Bytes.sha256(ascii.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * An SD-JWT or SD-JWT+KB split at its {@code ~}s, nothing verified.
   *
   * @param issuerJwt the issuer-signed JWT
   * @param disclosures the Disclosures in order
   * @param keyBindingJwt the KB-JWT, empty for an SD-JWT without key binding
   */
  public record Compact(
      String issuerJwt, List<String> disclosures, Optional<String> keyBindingJwt) {
    /**
     * Copies the list.
     *
     * @param issuerJwt see the record description
     * @param disclosures see the record description
     * @param keyBindingJwt see the record description
     */
    public Compact {
      Objects.requireNonNull(issuerJwt, "issuerJwt");
      disclosures = List.copyOf(disclosures);
      Objects.requireNonNull(keyBindingJwt, "keyBindingJwt");
    }

    /**
     * Splits a compact SD-JWT ({@code jwt~d~...~}) or SD-JWT+KB ({@code jwt~d~...~kb}).
     *
     * @param text the serialization
     * @return its parts
     * @throws RejectedException MALFORMED_PRESENTATION when it has no {@code ~}, an empty
     *     Disclosure, or is longer than 1,000,000 characters
     */
    public static Compact parse(String text) throws RejectedException {
      if (text == null || text.length() > 1_000_000 || text.indexOf('~') < 0) {
        throw new RejectedException(
            RejectionReason.MALFORMED_PRESENTATION,
            "SD-JWT rejected: not <JWT>~<Disclosure>~...~[<KB-JWT>]");
      }
      String[] parts = text.split("~", -1);
      List<String> ds = new ArrayList<>();
      for (int i = 1; i < parts.length - 1; i++) {
        if (parts[i].isEmpty()) {
          throw new RejectedException(
              RejectionReason.MALFORMED_PRESENTATION, "SD-JWT rejected: an empty Disclosure");
        }
        ds.add(parts[i]);
      }
      String last = parts[parts.length - 1];
      return new Compact(parts[0], ds, last.isEmpty() ? Optional.empty() : Optional.of(last));
    }

    /**
     * Returns the SD-JWT without its KB-JWT: {@code jwt~d~...~}, the input of {@code sd_hash}.
     *
     * @return the SD-JWT without its KB-JWT: {@code jwt~d~...~}, the input of {@code sd_hash}
     */
    public String sdJwt() {
      StringBuilder sb = new StringBuilder(issuerJwt).append('~');
      for (String d : disclosures) {
        sb.append(d).append('~');
      }
      return sb.toString();
    }

    /**
     * Returns the serialization.
     *
     * @return the serialization
     */
    public String serialize() {
      return sdJwt() + keyBindingJwt.orElse("");
    }
  }

  /**
   * Processes an issuer-signed payload with the Disclosures received (RFC 9901 §7.1 steps 3 to 5):
   * replaces every {@code _sd} digest that matches a Disclosure by its claim, every array element
   * {@code {"...": digest}} by its value (or removes it when not disclosed), removes {@code _sd}
   * and {@code _sd_alg}.
   *
   * @param payload the issuer-signed JWT's payload
   * @param encodedDisclosures the Disclosures as received
   * @return the processed payload (a copy)
   * @throws RejectedException MALFORMED_CREDENTIAL: an {@code _sd_alg} other than sha-256, a
   *     malformed Disclosure, the same Disclosure twice, a digest found twice, a Disclosure no
   *     digest refers to, a Disclosure of the wrong shape for where its digest is, a claim
   *     disclosed over one already present
   */
  public static ObjectNode process(ObjectNode payload, List<String> encodedDisclosures)
      throws RejectedException {
    JsonNode alg = payload.get("_sd_alg");
    if (alg != null && !(alg.isTextual() && alg.asText().equals(SD_ALG))) {
      throw malformed("_sd_alg is not " + SD_ALG);
    }
    Map<String, Disclosure> byDigest = new HashMap<>();
    for (String encoded : encodedDisclosures) {
      Disclosure d = Disclosure.parse(encoded);
      if (byDigest.put(d.digest(), d) != null) {
        throw malformed("the same Disclosure is sent twice");
      }
    }
    ObjectNode out = payload.deepCopy();
    out.remove("_sd_alg");
    Set<String> seen = new HashSet<>();
    processObject(out, byDigest, seen);
    for (String digest : byDigest.keySet()) {
      if (!seen.contains(digest)) {
        throw malformed("a Disclosure is not referred to by the issuer-signed JWT");
      }
    }
    return out;
  }

  private static void processObject(
      ObjectNode object, Map<String, Disclosure> byDigest, Set<String> seen)
      throws RejectedException {
    JsonNode sd = object.remove("_sd");
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      fields.add(it.next());
    }
    for (Map.Entry<String, JsonNode> f : fields) {
      processValue(f.getValue(), byDigest, seen);
    }
    if (sd == null) {
      return;
    }
    if (!(sd instanceof ArrayNode digests)) {
      throw malformed("_sd is not an array");
    }
    for (JsonNode digest : digests) {
      if (!digest.isTextual()) {
        throw malformed("an _sd digest is not a string");
      }
      Disclosure d = byDigest.get(seenOnce(digest.asText(), seen));
      if (d == null) {
        continue; // not disclosed, or a decoy
      }
      if (d.name().isEmpty()) {
        throw malformed("an array-element Disclosure is referred to from _sd");
      }
      String name = d.name().get();
      if (object.has(name)) {
        throw malformed("a Disclosure would overwrite the claim \"" + name + "\"");
      }
      JsonNode value = d.value().deepCopy();
      processValue(value, byDigest, seen);
      object.set(name, value);
    }
  }

  private static void processValue(
      JsonNode value, Map<String, Disclosure> byDigest, Set<String> seen) throws RejectedException {
    if (value instanceof ObjectNode o) {
      processObject(o, byDigest, seen);
    } else if (value instanceof ArrayNode a) {
      for (int i = a.size() - 1; i >= 0; i--) {
        JsonNode e = a.get(i);
        if (e instanceof ObjectNode eo && eo.size() == 1 && eo.has("...")) {
          if (!eo.get("...").isTextual()) {
            throw malformed("an array element digest is not a string");
          }
          Disclosure d = byDigest.get(seenOnce(eo.get("...").asText(), seen));
          if (d == null) {
            a.remove(i);
            continue;
          }
          if (d.name().isPresent()) {
            throw malformed("an object-property Disclosure is referred to from an array");
          }
          JsonNode v = d.value().deepCopy();
          processValue(v, byDigest, seen);
          a.set(i, v);
        } else {
          processValue(e, byDigest, seen);
        }
      }
    }
  }

  private static String seenOnce(String digest, Set<String> seen) throws RejectedException {
    if (!seen.add(digest)) {
      throw malformed("a digest appears more than once in the issuer-signed JWT");
    }
    return digest;
  }

  private static RejectedException malformed(String why) {
    return new RejectedException(RejectionReason.MALFORMED_CREDENTIAL, "SD-JWT rejected: " + why);
  }
}
