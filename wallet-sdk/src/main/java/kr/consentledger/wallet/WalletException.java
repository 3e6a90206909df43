/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

/**
 * The SDK could not do what was asked for a reason other than the input: an I/O failure, a remote
 * signer or resolver that did not answer, a missing platform algorithm.
 *
 * <p>Compare {@link RejectedException}, which means the input itself was refused.
 */
public class WalletException extends Exception {
  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /**
   * @param message what could not be done
   * @param cause the underlying failure, may be null
   */
  public WalletException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * @param message what could not be done
   */
  public WalletException(String message) {
    super(message);
  }
}
