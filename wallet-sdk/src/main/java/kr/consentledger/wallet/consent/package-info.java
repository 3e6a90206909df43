/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The consent protocol around the credential: the anchor and revocation statements the chaincode
 * sees ({@link kr.consentledger.wallet.consent.ConsentStatements}), transmission receipts ({@link
 * kr.consentledger.wallet.consent.ReceiptStatements}) and DID authentication to the consent service
 * ({@link kr.consentledger.wallet.consent.DidAuth}). Uses {@code keys}, {@code did} and {@code
 * credential}.
 */
package kr.consentledger.wallet.consent;
