/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Not API: the one strict compact-JWS parser, signer and signature check every token of the SDK
 * goes through. Above {@code keys} (it verifies with a {@code WalletPublicKey} and signs with a
 * {@code Signer}), below {@code did}, {@code credential} and {@code consent}.
 */
package kr.consentledger.wallet.internal.jws;
