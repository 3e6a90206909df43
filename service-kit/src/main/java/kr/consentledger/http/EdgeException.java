/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import java.util.Objects;

/** A request refused at the HTTP edge; the failure handlers turn it into problem+json. */
public final class EdgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The error. */
  private final EdgeError error;

  /**
   * @param error what is wrong
   * @param detail a human-readable explanation, sent to the client
   */
  public EdgeException(EdgeError error, String detail) {
    super(detail, null, false, false);
    this.error = Objects.requireNonNull(error, "error");
  }

  /**
   * What is wrong.
   *
   * @return the error
   */
  public EdgeError error() {
    return error;
  }
}
