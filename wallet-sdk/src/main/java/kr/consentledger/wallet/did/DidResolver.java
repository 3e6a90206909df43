/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import java.time.Instant;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
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

  /**
   * Resolves the version of a DID's document that was in force at a time (DID Resolution's {@code
   * versionTime}). The default refuses: only a resolver that knows a DID's history answers (a
   * ledger-backed did:fabric resolver); {@link DidResolvers#local()} answers with the one document
   * a did:key or did:jwk ever has.
   *
   * @param did a DID without fragment, path or query
   * @param versionTime the time
   * @return the document in force then, never null
   * @throws RejectedException METHOD_NOT_SUPPORTED when this resolver keeps no history, else as
   *     {@link #resolve(String)} (DID_NOT_FOUND also when the DID did not exist then)
   * @throws WalletException if the resolver could not answer
   */
  default DidDocument resolveAt(String did, Instant versionTime)
      throws RejectedException, WalletException {
    throw new RejectedException(
        RejectionReason.METHOD_NOT_SUPPORTED,
        "DID rejected: this resolver cannot resolve a DID's document at a past time");
  }
}
