package kr.consentledger.consent;

/**
 * A whole ledger transaction failed. {@link #retryable()} says whether submitting the same
 * statements again may succeed (an MVCC conflict, a timeout, an unavailable peer) or not (the
 * chaincode refused the batch argument).
 */
public final class LedgerException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final String code;
  private final String transactionId;

  /**
   * @param retryable whether a retry may succeed
   * @param code a short code: the chaincode's ({@code INVALID_ARGUMENT}), a validation code
   *     ({@code MVCC_READ_CONFLICT}) or a gRPC status ({@code DEADLINE_EXCEEDED})
   * @param transactionId the transaction id, or null if none was made
   * @param message what failed
   * @param cause the underlying exception, or null
   */
  public LedgerException(
      boolean retryable, String code, String transactionId, String message, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.code = code;
    this.transactionId = transactionId;
  }

  /**
   * Whether a retry may succeed.
   *
   * @return true for conflicts, timeouts and unavailability
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * The failure's short code.
   *
   * @return the code, never null
   */
  public String code() {
    return code == null ? "LEDGER_FAILURE" : code;
  }

  /**
   * The transaction id.
   *
   * @return the id, or null
   */
  public String transactionId() {
    return transactionId;
  }
}
