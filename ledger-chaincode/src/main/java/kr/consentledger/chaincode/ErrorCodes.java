/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Rejections of the chaincode: a {@link RejectionCode} as payload and as the message's first word.
 */
public final class ErrorCodes {
  private ErrorCodes() {}

  /**
   * A rejection carrying {@code code} as its payload and, for clients that only see the message
   * (the Fabric Gateway passes on the message alone), as the message's first word.
   *
   * @param code the stable code
   * @param message what was wrong, for a person
   * @return the exception to throw
   */
  public static ChaincodeException reject(RejectionCode code, String message) {
    return new ChaincodeException(code.name() + ": " + message, code.name());
  }
}
