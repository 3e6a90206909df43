/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.util.Objects;

/**
 * A whole ledger call failed. {@link #kind()} says why; only {@link Kind#CHAINCODE_REFUSED}, the
 * chaincode's own verdict on the arguments, is final. Every other kind is a fault of the path to
 * the ledger (a peer, the orderer, the gateway, the chaincode server, a conflict), so submitting
 * the same statements again later may succeed, and the outbox keeps them pending until it does.
 */
public final class LedgerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a ledger call failed. */
  public enum Kind {
    /**
     * The chaincode ran and refused the call with one of its stable codes (for example {@code
     * INVALID_ARGUMENT}). The chaincode is deterministic: the same arguments are refused again.
     */
    CHAINCODE_REFUSED,
    /**
     * No peer, orderer or gateway could be reached, or too few to satisfy the endorsement policy
     * (gRPC {@code UNAVAILABLE}, {@code FAILED_PRECONDITION} "no peers available", an orderer's
     * {@code SERVICE_UNAVAILABLE}).
     */
    UNAVAILABLE,
    /** A deadline passed (gRPC {@code DEADLINE_EXCEEDED}, {@code CANCELLED}). */
    TIMEOUT,
    /**
     * The peer could not run the chaincode (the chaincode server is down or crashed), or the
     * chaincode failed without one of its codes or answered {@code INTERNAL}.
     */
    CHAINCODE_FAULT,
    /** The transaction was ordered but invalidated, for example by an MVCC read conflict. */
    INVALIDATED,
    /**
     * The gateway refused the request itself (gRPC {@code INVALID_ARGUMENT}, {@code
     * PERMISSION_DENIED}, {@code NOT_FOUND} and the like): a configuration or client fault that an
     * operator fixes; the statements themselves were never judged.
     */
    REQUEST_REFUSED,
    /** The ledger answered something this client does not understand. */
    UNEXPECTED_ANSWER
  }

  private final Kind kind;
  private final String code;
  private final String transactionId;

  /**
   * @param kind why the call failed
   * @param code a short code: the chaincode's ({@code INVALID_ARGUMENT}), a validation code ({@code
   *     MVCC_READ_CONFLICT}) or a gRPC status ({@code DEADLINE_EXCEEDED})
   * @param transactionId the transaction id, or null if none was made
   * @param message what failed
   * @param cause the underlying exception, or null
   */
  public LedgerException(
      Kind kind, String code, String transactionId, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.code = code;
    this.transactionId = transactionId;
  }

  /**
   * As above, for callers that only know whether the chaincode refused.
   *
   * @param retryable false when the chaincode refused the call ({@link Kind#CHAINCODE_REFUSED}),
   *     true for a fault on the path to the ledger ({@link Kind#UNAVAILABLE})
   * @param code the short code
   * @param transactionId the transaction id, or null
   * @param message what failed
   * @param cause the underlying exception, or null
   */
  public LedgerException(
      boolean retryable, String code, String transactionId, String message, Throwable cause) {
    this(
        retryable ? Kind.UNAVAILABLE : Kind.CHAINCODE_REFUSED, code, transactionId, message, cause);
  }

  /**
   * Why the call failed.
   *
   * @return the kind, never null
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether a retry may succeed: true for every kind but {@link Kind#CHAINCODE_REFUSED}.
   *
   * @return false only for the chaincode's verdict
   */
  public boolean retryable() {
    return kind != Kind.CHAINCODE_REFUSED;
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
