/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Objects;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Json;

/**
 * A software key pair held in memory: Ed25519, P-256 or secp256k1. Immutable; the private key is
 * only ever handed out as a copy or as a private JWK.
 *
 * <p>Signatures are deterministic: Ed25519 by design, ECDSA by RFC 6979, with low {@code s}.
 */
public final class WalletKeyPair {
  private final KeyType type;
  private final byte[] privateKey;
  private final WalletPublicKey publicKey;

  private WalletKeyPair(KeyType type, byte[] privateKey, WalletPublicKey publicKey) {
    this.type = type;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /**
   * Generates a key pair from the platform's {@link SecureRandom}.
   *
   * @param type ED25519, P256 or SECP256K1
   * @return a new key pair
   * @throws IllegalArgumentException if the type cannot sign (X25519)
   */
  public static WalletKeyPair generate(KeyType type) {
    return generate(type, null);
  }

  /**
   * Generates a key pair.
   *
   * @param type ED25519, P256 or SECP256K1
   * @param random randomness source; null means the platform default
   * @return a new key pair
   * @throws IllegalArgumentException if the type cannot sign (X25519)
   */
  public static WalletKeyPair generate(KeyType type, SecureRandom random) {
    requireSigning(type);
    byte[] priv = Crypto.generatePrivate(type, random);
    try {
      return fromPrivateKey(type, priv);
    } catch (RejectedException e) {
      throw new IllegalStateException("generated key was rejected", e);
    }
  }

  /**
   * Imports a raw private key.
   *
   * @param type ED25519, P256 or SECP256K1
   * @param privateKey 32 bytes: the Ed25519 seed (RFC 8032) or the big-endian EC scalar; copied
   * @return the key pair
   * @throws RejectedException INVALID_KEY if the bytes are not a valid private key
   */
  public static WalletKeyPair fromPrivateKey(KeyType type, byte[] privateKey)
      throws RejectedException {
    requireSigning(type);
    Objects.requireNonNull(privateKey, "privateKey");
    byte[] copy = privateKey.clone();
    try {
      return new WalletKeyPair(
          type, copy, WalletPublicKey.of(type, Crypto.publicFromPrivate(type, copy)));
    } catch (IllegalArgumentException e) {
      throw new RejectedException(
          RejectionReason.INVALID_KEY, "Private key rejected: " + e.getMessage(), e);
    }
  }

  /**
   * Imports a private JWK ({@code d} present). If {@code x}/{@code y} are present they must match.
   *
   * @param privateJwk JWK JSON text
   * @return the key pair
   * @throws RejectedException INVALID_KEY, UNSUPPORTED_KEY_TYPE
   */
  public static WalletKeyPair fromJwk(String privateJwk) throws RejectedException {
    ObjectNode jwk =
        Json.parseObject(privateJwk)
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.INVALID_KEY, "JWK rejected: not a JSON object"));
    KeyType t = KeyCodec.typeOf(jwk);
    if (!t.canSign()) {
      throw new RejectedException(
          RejectionReason.UNSUPPORTED_KEY_TYPE,
          "JWK rejected: " + t.jwkCurve() + " keys cannot sign");
    }
    String d =
        Json.text(jwk, "d")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.INVALID_KEY,
                        "JWK rejected: \"d\" is missing, so it is not a private key"));
    byte[] priv;
    try {
      priv = Bytes.fromB64u(d);
    } catch (IllegalArgumentException e) {
      throw new RejectedException(
          RejectionReason.INVALID_KEY, "JWK rejected: \"d\" is not base64url", e);
    }
    WalletKeyPair pair = fromPrivateKey(t, priv);
    if (jwk.has("x")) {
      ObjectNode pub = jwk.deepCopy();
      pub.remove("d");
      if (!KeyCodec.fromJwk(pub).equals(pair.publicKey)) {
        throw new RejectedException(
            RejectionReason.INVALID_KEY,
            "JWK rejected: the public members do not match the private key");
      }
    }
    return pair;
  }

  private static void requireSigning(KeyType type) {
    Objects.requireNonNull(type, "type");
    if (!type.canSign()) {
      throw new IllegalArgumentException(
          "type " + type + " cannot sign; use ED25519, P256 or SECP256K1");
    }
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
   * Returns the public key.
   *
   * @return the public key
   */
  public WalletPublicKey publicKey() {
    return publicKey;
  }

  /**
   * Returns a copy of the raw private key (Ed25519 seed or EC scalar, 32 bytes).
   *
   * @return a copy of the raw private key (Ed25519 seed or EC scalar, 32 bytes)
   */
  public byte[] privateKey() {
    return privateKey.clone();
  }

  /**
   * Returns the private JWK (public members plus {@code d}) as compact JSON; treat as a secret.
   *
   * @return the private JWK (public members plus {@code d}) as compact JSON; treat as a secret
   */
  public String toPrivateJwk() {
    ObjectNode jwk = KeyCodec.toJwk(publicKey);
    jwk.put("d", Bytes.b64u(privateKey));
    return Json.canonical(jwk);
  }

  /**
   * Returns a signer using this key.
   *
   * @param keyId the DID URL of the verification method this key is published as
   * @return a signer using this key
   */
  public Signer signer(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    return new LocalSigner(this, keyId);
  }

  /**
   * Signs bytes directly (JWS signature format).
   *
   * @param message bytes to sign
   * @return 64-byte signature
   */
  public byte[] sign(byte[] message) {
    return Crypto.sign(type, privateKey, Objects.requireNonNull(message, "message"));
  }

  @Override
  public String toString() {
    return "WalletKeyPair[" + type + ", public " + publicKey.toMultibase() + "]";
  }

  private static final class LocalSigner implements Signer {
    private final WalletKeyPair pair;
    private final String keyId;

    LocalSigner(WalletKeyPair pair, String keyId) {
      this.pair = pair;
      this.keyId = keyId;
    }

    @Override
    public String algorithm() {
      return pair.type.jwsAlgorithm().orElseThrow();
    }

    @Override
    public String keyId() {
      return keyId;
    }

    @Override
    public WalletPublicKey publicKey() {
      return pair.publicKey;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
      return pair.sign(signingInput);
    }

    @Override
    public String toString() {
      return "Signer[" + keyId + ", " + algorithm() + "]";
    }
  }
}
