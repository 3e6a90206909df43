/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import kr.consentledger.wallet.WalletException;

/**
 * Something that signs with one key: an in-memory {@link WalletKeyPair}, or later a hardware or
 * remote key. Implementations must be safe to call from several threads.
 */
public interface Signer {
  /**
   * Returns the JWS {@code alg} this signer produces: {@code EdDSA}, {@code ES256} or {@code
   * ES256K}.
   *
   * @return the JWS {@code alg} this signer produces: {@code EdDSA}, {@code ES256} or {@code
   *     ES256K}
   */
  String algorithm();

  /**
   * Returns the DID URL of the verification method, written to the JWS {@code kid}.
   *
   * @return the DID URL of the verification method, written to the JWS {@code kid}
   */
  String keyId();

  /**
   * Returns the public key matching the signatures.
   *
   * @return the public key matching the signatures
   */
  WalletPublicKey publicKey();

  /**
   * Signs bytes.
   *
   * @param signingInput the JWS signing input (ASCII {@code header.payload})
   * @return the JWS signature value: 64 bytes, for ECDSA {@code r || s} (not DER)
   * @throws WalletException if the key could not sign (device missing, remote call failed)
   */
  byte[] sign(byte[] signingInput) throws WalletException;
}
