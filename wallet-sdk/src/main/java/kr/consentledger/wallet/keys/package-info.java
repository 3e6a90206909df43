/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Keys: {@link kr.consentledger.wallet.keys.KeyType} (Ed25519, P-256, secp256k1, X25519), {@link
 * kr.consentledger.wallet.keys.WalletPublicKey} (JWK, multibase, signature check), {@link
 * kr.consentledger.wallet.keys.WalletKeyPair}, the encrypted {@link
 * kr.consentledger.wallet.keys.WalletKeyStore}, {@link
 * kr.consentledger.wallet.keys.PrivateKeyExport} (one private key out and in), and the {@link
 * kr.consentledger.wallet.keys.Signer} port every signing operation of the SDK goes through. The
 * curve arithmetic (BouncyCastle) stays inside this package.
 */
package kr.consentledger.wallet.keys;
