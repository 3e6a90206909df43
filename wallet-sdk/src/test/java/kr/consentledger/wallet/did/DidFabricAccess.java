/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.keys.Signer;

/**
 * The package-private signing of {@link DidFabric} that the golden fixtures use (test code only).
 */
public final class DidFabricAccess {
  private DidFabricAccess() {}

  /**
   * Signs without checking the rules, to produce invalid operations.
   *
   * @param type the operation
   * @param did the DID
   * @param previousVersionId the version it follows, or null for a create
   * @param document the document, or null for a deactivate
   * @param nonce the nonce, or null
   * @param signer the signer
   * @param embedJwk whether to put the signer's key in the header
   * @return the operation
   * @throws WalletException if the signer fails
   */
  public static DidOperation sign(
      DidOperation.Type type,
      String did,
      String previousVersionId,
      DidDocument document,
      String nonce,
      Signer signer,
      boolean embedJwk)
      throws WalletException {
    return DidFabric.sign(type, did, previousVersionId, document, nonce, signer, embedJwk);
  }
}
