/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.consentledger.wallet.keys.WalletPublicKey;

/** The JWK object {@link DidDocument} embeds, for the hostile corpus (test code only). */
public final class DidDocumentAccess {
  private DidDocumentAccess() {}

  /**
   * Returns its public JWK as the SDK embeds it (kty, crv, x, y).
   *
   * @param key a key
   * @return its public JWK as the SDK embeds it (kty, crv, x, y)
   */
  public static ObjectNode jwkOf(WalletPublicKey key) {
    return DidDocument.jwkOf(key);
  }
}
