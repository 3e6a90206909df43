/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network;

/** The local network could not be started, stopped or read. */
public final class NetworkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message saying what failed. */
  public NetworkException(String message) {
    super(message);
  }

  /** With a message saying what failed, and the cause. */
  public NetworkException(String message, Throwable cause) {
    super(message, cause);
  }
}
