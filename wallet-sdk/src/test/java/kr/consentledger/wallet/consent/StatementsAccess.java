/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.consent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;

/**
 * The package-private parts of {@link ConsentStatements} and {@link ReceiptStatements} that the
 * golden fixtures and the test models of the ledger rules use (test code only).
 */
public final class StatementsAccess {
  private StatementsAccess() {}

  /**
   * Returns the compact JWS.
   *
   * @param typ the JWS typ
   * @param payload any payload, also a broken one
   * @param signer the signer
   * @return the compact JWS
   * @throws WalletException if the signer fails
   */
  public static String sign(String typ, ObjectNode payload, Signer signer) throws WalletException {
    return ConsentStatements.sign(typ, payload, signer);
  }

  /**
   * Returns its checked payload.
   *
   * @param parsed an anchor statement
   * @return its checked payload
   * @throws RejectedException as the parser
   */
  public static ObjectNode anchorPayload(Jws.Parsed parsed) throws RejectedException {
    return ConsentStatements.anchorPayload(parsed);
  }

  /**
   * Returns its checked payload.
   *
   * @param parsed a revocation statement
   * @return its checked payload
   * @throws RejectedException as the parser
   */
  public static ObjectNode revocationPayload(Jws.Parsed parsed) throws RejectedException {
    return ConsentStatements.revocationPayload(parsed);
  }

  /**
   * Returns its checked payload.
   *
   * @param parsed a receipt statement
   * @return its checked payload
   * @throws RejectedException as the parser
   */
  public static ObjectNode receiptPayload(Jws.Parsed parsed) throws RejectedException {
    return ReceiptStatements.receiptPayload(parsed);
  }
}
