/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

/**
 * The ledger call failed. {@link #code()} is the chaincode's stable error code ({@code
 * DID_NOT_FOUND}, {@code VERSION_NOT_FOUND}, {@code INVALID_ARGUMENT}, ...) when the chaincode
 * rejected the call, or null when the call itself failed (peer unreachable, timeout).
 */
public final class DidLedgerException extends Exception {
  private final String code;

  /**
   * @param code the chaincode error code, or null for a transport fault
   * @param message the message, not shown to clients
   * @param cause the cause, or null
   */
  public DidLedgerException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /**
   * Returns the chaincode error code, or null for a transport fault.
   *
   * @return the chaincode error code, or null for a transport fault
   */
  public String code() {
    return code;
  }
}
