/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Not API: strict I-JSON parsing and canonical JSON, base58 and base64url, SHA-256, DID syntax.
 * Depends on no other package of the SDK but the exceptions.
 */
package kr.consentledger.wallet.internal;
