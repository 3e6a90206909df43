/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import java.util.Arrays;
import java.util.Objects;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Json;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * An immutable public key: Ed25519, P-256, secp256k1 or X25519, with its JWK and multibase forms.
 *
 * <p>The canonical encoding ({@link #encoded()}) is 32 raw bytes for Ed25519/X25519 and the 33-byte
 * SEC1 compressed point for P-256/secp256k1.
 *
 * <p>A key keeps its curve point as decoded when the key was made, and the SDK keeps decoded keys
 * by their encoding (65,536 at most), so a key met again, in a DID document resolved again, reuses
 * its point: no verification decodes a point, and a key used often keeps BouncyCastle's
 * precomputation for it.
 */
public final class WalletPublicKey {
  private final KeyType type;
  private final byte[] encoded;

  /** The key as BouncyCastle's parameters, its point decoded and validated. */
  private final AsymmetricKeyParameter decoded;

  private WalletPublicKey(KeyType type, byte[] encoded, AsymmetricKeyParameter decoded) {
    this.type = type;
    this.encoded = encoded;
    this.decoded = decoded;
  }

  /**
   * Returns the key.
   *
   * @param type key type, not null
   * @param encoded raw key, or an EC point compressed or uncompressed
   * @return the key
   * @throws RejectedException {@link RejectionReason#INVALID_KEY} if the bytes are not a valid key
   */
  public static WalletPublicKey of(KeyType type, byte[] encoded) throws RejectedException {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(encoded, "encoded");
    try {
      AsymmetricKeyParameter decoded = Crypto.decodePublic(type, encoded);
      return new WalletPublicKey(type, Crypto.canonicalPublic(encoded, decoded), decoded);
    } catch (IllegalArgumentException e) {
      throw new RejectedException(
          RejectionReason.INVALID_KEY,
          "Public key rejected: not a valid " + type + " key (" + e.getMessage() + ")",
          e);
    }
  }

  /**
   * Parses a public JWK (RFC 7517; OKP per RFC 8037). Members other than kty, crv, x, y are
   * ignored.
   *
   * @param jwkJson the JWK as JSON text
   * @return the key
   * @throws RejectedException INVALID_KEY if malformed or private, UNSUPPORTED_KEY_TYPE for other
   *     curves
   */
  public static WalletPublicKey fromJwk(String jwkJson) throws RejectedException {
    return KeyCodec.fromJwk(
        Json.parseObject(jwkJson)
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.INVALID_KEY, "JWK rejected: not a JSON object")));
  }

  /**
   * Parses a multibase (base58btc, {@code z}) multicodec public key, as in {@code did:key}.
   *
   * @param multibase for example {@code z6Mk...}
   * @return the key
   * @throws RejectedException INVALID_KEY if malformed, UNSUPPORTED_KEY_TYPE for an unknown codec
   */
  public static WalletPublicKey fromMultibase(String multibase) throws RejectedException {
    return KeyCodec.fromMultibase(multibase);
  }

  /**
   * Returns the key type.
   *
   * @return the key type
   */
  public KeyType type() {
    return type;
  }

  /**
   * Returns a copy of the canonical encoding.
   *
   * @return a copy of the canonical encoding
   */
  public byte[] encoded() {
    return encoded.clone();
  }

  /**
   * Returns the public JWK as compact JSON with sorted members.
   *
   * @return the public JWK as compact JSON with sorted members
   */
  public String toJwk() {
    return Json.canonical(KeyCodec.toJwk(this));
  }

  /**
   * Returns {@code z} + base58btc(multicodec varint prefix + {@link #encoded()}).
   *
   * @return {@code z} + base58btc(multicodec varint prefix + {@link #encoded()})
   */
  public String toMultibase() {
    return KeyCodec.toMultibase(this);
  }

  /**
   * Returns the multicodec-prefixed key bytes (varint code followed by {@link #encoded()}).
   *
   * @return the multicodec-prefixed key bytes (varint code followed by {@link #encoded()})
   */
  public byte[] multicodecBytes() {
    return KeyCodec.multicodecBytes(this);
  }

  /**
   * Returns the RFC 7638 JWK thumbprint (SHA-256, base64url).
   *
   * @return the RFC 7638 JWK thumbprint (SHA-256, base64url)
   */
  public String thumbprint() {
    return KeyCodec.thumbprint(this);
  }

  /**
   * Checks a JWS signature made with this key, over the bytes signed (for a compact JWS, its ASCII
   * {@code header.payload}). Which {@code alg} fits the key is the caller's check ({@link
   * KeyType#forJwsAlgorithm}); the SDK's verifiers do it first.
   *
   * @param signingInput the signed bytes
   * @param signature the 64-byte JWS signature: Ed25519, or ECDSA {@code R || S} over SHA-256
   * @return whether it verifies; false for a key that cannot sign and for a malformed signature
   */
  public boolean verifySignature(byte[] signingInput, byte[] signature) {
    return Crypto.verify(
        type, decoded, Objects.requireNonNull(signingInput, "signingInput"), signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WalletPublicKey other
        && other.type == type
        && Arrays.equals(other.encoded, encoded);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "WalletPublicKey[" + type + ", " + toMultibase() + "]";
  }
}
