/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.util.Objects;

/**
 * The request was refused: a malformed or wrongly signed credential or statement, an unknown
 * consent, a caller without the right DID. The message is safe to show to clients (it becomes the
 * problem's {@code detail}). Faults of the service itself are other exceptions.
 */
public final class ConsentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The stable code. */
  private final ProblemCode code;

  /** Seconds for a Retry-After header, or 0 for none. */
  private final int retryAfterSeconds;

  /**
   * @param code the stable code, not null
   * @param message what was refused and why, safe to show to clients
   */
  public ConsentException(ProblemCode code, String message) {
    this(code, message, 0);
  }

  /**
   * @param code the stable code, not null
   * @param message what was refused and why, safe to show to clients
   * @param retryAfterSeconds when the client may try again (a Retry-After header), 0 for none
   */
  public ConsentException(ProblemCode code, String message, int retryAfterSeconds) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must not be negative");
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * When the client may try again.
   *
   * @return seconds for a Retry-After header, 0 for none
   */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * The stable code.
   *
   * @return the code, never null
   */
  public ProblemCode code() {
    return code;
  }
}
