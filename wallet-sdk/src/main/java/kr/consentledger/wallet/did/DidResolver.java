/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;

/**
 * Port: resolves a DID to its current DID document (W3C DID Core {@code resolve}). Local
 * implementations exist for {@code did:key} and {@code did:jwk} ({@link DidResolvers#local()});
 * ledger-backed resolvers for {@code did:fabric} are supplied by other modules.
 */
@FunctionalInterface
public interface DidResolver {
  /**
   * Resolves a DID.
   *
   * @param did a DID without fragment, path or query
   * @return the current DID document, never null
   * @throws RejectedException INVALID_DID, METHOD_NOT_SUPPORTED, DID_NOT_FOUND, DEACTIVATED,
   *     INVALID_DOCUMENT, UNSUPPORTED_KEY_TYPE
   * @throws WalletException if the resolver could not answer (network, ledger unavailable)
   */
  DidDocument resolve(String did) throws RejectedException, WalletException;
}
