/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import java.util.Objects;

/**
 * The input was refused: a malformed or wrongly signed token, a key that is not authorized, a
 * credential outside its validity window. {@link #reason()} is a stable machine-readable code; the
 * message says what was rejected and why.
 */
public class RejectedException extends Exception {
  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /** The stable reason code. */
  private final RejectionReason reason;

  /**
   * @param reason the stable code, not null
   * @param message what was rejected and why
   */
  public RejectedException(RejectionReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * @param reason the stable code, not null
   * @param message what was rejected and why
   * @param cause the underlying failure, may be null
   */
  public RejectedException(RejectionReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the stable reason code.
   *
   * @return the stable reason code
   */
  public RejectionReason reason() {
    return reason;
  }
}
