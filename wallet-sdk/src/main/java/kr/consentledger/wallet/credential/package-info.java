/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Credentials: W3C VC 2.0 {@link kr.consentledger.wallet.credential.Credential}s secured as vc+jwt
 * ({@link kr.consentledger.wallet.credential.VerifiableCredential}), presentations as vp+jwt
 * ({@link kr.consentledger.wallet.credential.VerifiablePresentation}), the {@link
 * kr.consentledger.wallet.credential.Verifier}, and the consent credential of CONSENT-PROTOCOL.md
 * section 2 ({@link kr.consentledger.wallet.credential.ConsentCredential}, built by {@link
 * kr.consentledger.wallet.credential.ConsentCredentialBuilder}). Uses {@code keys} and {@code did}.
 */
package kr.consentledger.wallet.credential;
