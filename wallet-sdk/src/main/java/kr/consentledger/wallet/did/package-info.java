/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * DIDs: {@link kr.consentledger.wallet.did.DidDocument} and its parts, the methods {@link
 * kr.consentledger.wallet.did.DidKey}, {@link kr.consentledger.wallet.did.DidJwk} and {@link
 * kr.consentledger.wallet.did.DidFabric} (with its signed {@link
 * kr.consentledger.wallet.did.DidOperation}s), and the {@link
 * kr.consentledger.wallet.did.DidResolver} port with {@link
 * kr.consentledger.wallet.did.DidResolvers}. Uses {@code keys}.
 */
package kr.consentledger.wallet.did;
