/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Base58;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Json;

/** JWK, multicodec and multibase conversions for {@link WalletPublicKey}. */
final class KeyCodec {
  private KeyCodec() {}

  /**
   * Returns the public JWK members kty, crv, x (and y for EC).
   *
   * @param key public key
   * @return the public JWK members kty, crv, x (and y for EC)
   */
  static ObjectNode toJwk(WalletPublicKey key) {
    ObjectNode jwk = Json.object();
    KeyType t = key.type();
    jwk.put("kty", t.jwkKeyType());
    jwk.put("crv", t.jwkCurve());
    if ("OKP".equals(t.jwkKeyType())) {
      jwk.put("x", Bytes.b64u(key.encoded()));
    } else {
      byte[][] xy = Crypto.affine(t, key.encoded());
      jwk.put("x", Bytes.b64u(xy[0]));
      jwk.put("y", Bytes.b64u(xy[1]));
    }
    return jwk;
  }

  /**
   * @param jwk a JWK object
   * @return the key type named by kty/crv
   * @throws RejectedException INVALID_KEY or UNSUPPORTED_KEY_TYPE
   */
  static KeyType typeOf(JsonNode jwk) throws RejectedException {
    String kty =
        Json.text(jwk, "kty")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.INVALID_KEY, "JWK rejected: \"kty\" is missing"));
    Optional<String> crv = Json.text(jwk, "crv");
    for (KeyType t : KeyType.values()) {
      if (t.jwkKeyType().equals(kty) && crv.isPresent() && t.jwkCurve().equals(crv.get())) {
        return t;
      }
    }
    throw new RejectedException(
        RejectionReason.UNSUPPORTED_KEY_TYPE,
        "JWK rejected: kty " + kty + " with crv " + crv.orElse("(none)") + " is not supported");
  }

  /**
   * Parses a public JWK.
   *
   * @param jwk JWK object
   * @return the key
   * @throws RejectedException INVALID_KEY, UNSUPPORTED_KEY_TYPE
   */
  static WalletPublicKey fromJwk(JsonNode jwk) throws RejectedException {
    if (jwk == null || !jwk.isObject()) {
      throw new RejectedException(RejectionReason.INVALID_KEY, "JWK rejected: not a JSON object");
    }
    if (jwk.has("d")) {
      throw new RejectedException(
          RejectionReason.INVALID_KEY,
          "JWK rejected: it contains a private key (\"d\") where a public key was expected");
    }
    KeyType t = typeOf(jwk);
    try {
      byte[] x =
          Bytes.fromB64u(
              Json.text(jwk, "x")
                  .orElseThrow(() -> new IllegalArgumentException("\"x\" is missing")));
      if ("OKP".equals(t.jwkKeyType())) {
        return WalletPublicKey.of(t, x);
      }
      byte[] y =
          Bytes.fromB64u(
              Json.text(jwk, "y")
                  .orElseThrow(() -> new IllegalArgumentException("\"y\" is missing")));
      return WalletPublicKey.of(t, Crypto.fromAffine(t, x, y));
    } catch (IllegalArgumentException e) {
      throw new RejectedException(
          RejectionReason.INVALID_KEY,
          "JWK rejected: not a valid " + t.jwkCurve() + " public key (" + e.getMessage() + ")",
          e);
    }
  }

  /**
   * Returns varint(multicodec) followed by the canonical key bytes.
   *
   * @param key public key
   * @return varint(multicodec) followed by the canonical key bytes
   */
  static byte[] multicodecBytes(WalletPublicKey key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = key.type().multicodec();
    while (code >= 0x80) {
      out.write((code & 0x7f) | 0x80);
      code >>>= 7;
    }
    out.write(code);
    out.writeBytes(key.encoded());
    return out.toByteArray();
  }

  /**
   * Returns {@code z} + base58btc(multicodec bytes).
   *
   * @param key public key
   * @return {@code z} + base58btc(multicodec bytes)
   */
  static String toMultibase(WalletPublicKey key) {
    return "z" + Base58.encode(multicodecBytes(key));
  }

  /**
   * @param multibase {@code z}-prefixed base58btc multicodec key
   * @return the key
   * @throws RejectedException INVALID_KEY, UNSUPPORTED_KEY_TYPE
   */
  static WalletPublicKey fromMultibase(String multibase) throws RejectedException {
    if (multibase == null || multibase.length() < 2 || multibase.charAt(0) != 'z') {
      throw new RejectedException(
          RejectionReason.INVALID_KEY,
          "Multibase key rejected: only base58btc ('z' prefix) is supported");
    }
    byte[] bytes;
    try {
      bytes = Base58.decode(multibase.substring(1));
    } catch (IllegalArgumentException e) {
      throw new RejectedException(
          RejectionReason.INVALID_KEY, "Multibase key rejected: " + e.getMessage(), e);
    }
    int code = 0;
    int shift = 0;
    int i = 0;
    while (true) {
      if (i >= bytes.length || i > 3) {
        throw new RejectedException(
            RejectionReason.INVALID_KEY, "Multibase key rejected: truncated multicodec prefix");
      }
      int b = bytes[i++] & 0xff;
      code |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    byte[] keyBytes = java.util.Arrays.copyOfRange(bytes, i, bytes.length);
    for (KeyType t : KeyType.values()) {
      if (t.multicodec() == code) {
        return WalletPublicKey.of(t, keyBytes);
      }
    }
    throw new RejectedException(
        RejectionReason.UNSUPPORTED_KEY_TYPE,
        "Multibase key rejected: multicodec 0x"
            + Integer.toHexString(code)
            + " is not a supported key type");
  }

  /**
   * Returns RFC 7638 thumbprint, SHA-256, base64url.
   *
   * @param key public key
   * @return RFC 7638 thumbprint, SHA-256, base64url
   */
  static String thumbprint(WalletPublicKey key) {
    // RFC 7638 wants exactly the required members in lexicographic order, which canonical JSON
    // gives.
    return Bytes.b64u(Bytes.sha256(Json.canonical(toJwk(key)).getBytes(StandardCharsets.UTF_8)));
  }
}
