/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The wallet SDK. The public API is in four packages, each depending only on the ones before it:
 * {@link kr.consentledger.wallet.keys} (keys and signers), {@link kr.consentledger.wallet.did} (DID
 * documents, did:key, did:jwk, did:fabric, resolvers), {@link kr.consentledger.wallet.credential}
 * (VC 2.0 credentials and presentations, the consent credential, the verifier) and {@link
 * kr.consentledger.wallet.consent} (the consent protocol's statements and DID authentication). This
 * package holds what all of them throw: {@link kr.consentledger.wallet.RejectedException} with its
 * {@link kr.consentledger.wallet.RejectionReason}, and {@link
 * kr.consentledger.wallet.WalletException}. Packages under {@code internal} are not API.
 */
package kr.consentledger.wallet;
