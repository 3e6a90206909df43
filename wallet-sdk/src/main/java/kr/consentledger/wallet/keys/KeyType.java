/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import java.util.Optional;

/**
 * The key types this SDK understands, with their JOSE and multicodec names.
 *
 * <p>{@link #X25519} is a key-agreement key: it appears in {@code did:key} documents derived from
 * Ed25519 keys, but cannot sign.
 */
public enum KeyType {
  /** Ed25519 (RFC 8032), JWK {@code OKP}/{@code Ed25519} (RFC 8037), JWS {@code EdDSA}. */
  ED25519("OKP", "Ed25519", "EdDSA", 0xed),
  /** NIST P-256, JWK {@code EC}/{@code P-256}, JWS {@code ES256}. */
  P256("EC", "P-256", "ES256", 0x1200),
  /** secp256k1, JWK {@code EC}/{@code secp256k1}, JWS {@code ES256K} (RFC 8812). */
  SECP256K1("EC", "secp256k1", "ES256K", 0xe7),
  /** X25519 (RFC 7748), JWK {@code OKP}/{@code X25519}; key agreement only. */
  X25519("OKP", "X25519", null, 0xec);

  private final String jwkKeyType;
  private final String jwkCurve;
  private final String jwsAlgorithm;
  private final int multicodec;

  KeyType(String jwkKeyType, String jwkCurve, String jwsAlgorithm, int multicodec) {
    this.jwkKeyType = jwkKeyType;
    this.jwkCurve = jwkCurve;
    this.jwsAlgorithm = jwsAlgorithm;
    this.multicodec = multicodec;
  }

  /**
   * Returns the JWK {@code kty} value, {@code OKP} or {@code EC}.
   *
   * @return the JWK {@code kty} value, {@code OKP} or {@code EC}
   */
  public String jwkKeyType() {
    return jwkKeyType;
  }

  /**
   * Returns the JWK {@code crv} value.
   *
   * @return the JWK {@code crv} value
   */
  public String jwkCurve() {
    return jwkCurve;
  }

  /**
   * Returns the JWS {@code alg} this SDK signs with, empty for {@link #X25519}.
   *
   * @return the JWS {@code alg} this SDK signs with, empty for {@link #X25519}
   */
  public Optional<String> jwsAlgorithm() {
    return Optional.ofNullable(jwsAlgorithm);
  }

  /**
   * Returns whether keys of this type can sign.
   *
   * @return whether keys of this type can sign
   */
  public boolean canSign() {
    return jwsAlgorithm != null;
  }

  /**
   * Returns the multicodec code of the public key (for example {@code 0xed} for ed25519-pub).
   *
   * @return the multicodec code of the public key (for example {@code 0xed} for ed25519-pub)
   */
  public int multicodec() {
    return multicodec;
  }

  /**
   * Finds the key type for a JWS algorithm. {@code Ed25519} (RFC 9864) is accepted as an alias of
   * {@code EdDSA}.
   *
   * @param alg a JWS {@code alg} value; null gives empty
   * @return the key type, or empty if this SDK does not support the algorithm
   */
  public static Optional<KeyType> forJwsAlgorithm(String alg) {
    if ("Ed25519".equals(alg)) {
      return Optional.of(ED25519);
    }
    for (KeyType t : values()) {
      if (t.jwsAlgorithm != null && t.jwsAlgorithm.equals(alg)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
