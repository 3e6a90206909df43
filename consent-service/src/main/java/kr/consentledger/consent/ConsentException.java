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

  /**
   * @param code the stable code, not null
   * @param message what was refused and why, safe to show to clients
   */
  public ConsentException(ProblemCode code, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
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
