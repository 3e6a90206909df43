/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.fabric;

import io.grpc.Status.Code;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.LedgerException.Kind;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Classifies what the Fabric Gateway returns into {@link LedgerException.Kind}s.
 *
 * <p>Only the chaincode's own verdict is final. The gateway reports it as an error detail (or, for
 * an evaluate, the status description) of the form {@code chaincode response 500, CODE: message}:
 * the peer ran the chaincode and the chaincode refused, with one of its stable code words. The peer
 * writes {@code chaincode response} only when the chaincode itself answered; when the peer could
 * not reach or run the chaincode the detail carries the peer's own error instead. A chaincode
 * answer of {@code INTERNAL}, or one without a code word, is a chaincode fault, not a verdict.
 * Everything else (no peers to satisfy the endorsement policy, an unreachable orderer or one
 * without a Raft leader, deadlines, the gateway refusing our request) is a fault on the way to the
 * ledger, and retryable.
 */
public final class GatewayFailures {
  private static final Pattern VERDICT =
      Pattern.compile("chaincode response \\d{3}, ([A-Z][A-Z0-9_]*[A-Z0-9]): ");
  private static final String CHAINCODE_INTERNAL = "INTERNAL";

  private GatewayFailures() {}

  /**
   * Classifies a failed gateway call (evaluate, endorse, submit or commit status).
   *
   * @param e the gateway's exception
   * @param txId the transaction id, or null
   * @return the classified failure, carrying {@code e} as its cause
   */
  public static LedgerException classify(GatewayException e, String txId) {
    Code code = e.getStatus().getCode();
    StringBuilder text = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
    String verdict = verdict(e.getStatus().getDescription());
    boolean chaincodeAnswered = mentionsChaincodeAnswer(e.getStatus().getDescription());
    boolean chaincodeMentioned = mentionsChaincode(e.getStatus().getDescription());
    for (ErrorDetail d : e.getDetails()) {
      text.append(" [")
          .append(d.getMspId())
          .append(' ')
          .append(d.getAddress())
          .append("] ")
          .append(d.getMessage());
      if (verdict == null) {
        verdict = verdict(d.getMessage());
      }
      chaincodeAnswered |= mentionsChaincodeAnswer(d.getMessage());
      chaincodeMentioned |= mentionsChaincode(d.getMessage());
    }
    if (verdict != null) {
      return new LedgerException(
          Kind.CHAINCODE_REFUSED, verdict, txId, "the chaincode refused: " + text, e);
    }
    if (chaincodeAnswered) {
      return new LedgerException(
          Kind.CHAINCODE_FAULT, code.name(), txId, "the chaincode failed: " + text, e);
    }
    Kind kind =
        switch (code) {
          case UNAVAILABLE, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, UNKNOWN, INTERNAL, DATA_LOSS ->
              Kind.UNAVAILABLE;
          case DEADLINE_EXCEEDED, CANCELLED -> Kind.TIMEOUT;
          case ABORTED -> chaincodeMentioned ? Kind.CHAINCODE_FAULT : Kind.UNAVAILABLE;
          default -> Kind.REQUEST_REFUSED;
        };
    return new LedgerException(
        kind, code.name(), txId, "gateway call failed (" + kind + "): " + text, e);
  }

  /**
   * A transaction that was ordered but marked invalid.
   *
   * @param code its validation code
   * @param txId the transaction id
   * @return an {@link Kind#INVALIDATED} failure
   */
  public static LedgerException invalidated(TxValidationCode code, String txId) {
    return new LedgerException(
        Kind.INVALIDATED,
        code.name(),
        txId,
        "transaction " + txId + " failed validation: " + code,
        null);
  }

  /** The chaincode's code word in {@code message}, if the chaincode gave a verdict. */
  static String verdict(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = VERDICT.matcher(message);
    if (m.find() && !m.group(1).equals(CHAINCODE_INTERNAL)) {
      return m.group(1);
    }
    return null;
  }

  private static boolean mentionsChaincodeAnswer(String message) {
    return message != null && message.contains("chaincode response ");
  }

  private static boolean mentionsChaincode(String message) {
    return message != null && message.toLowerCase(Locale.ROOT).contains("chaincode");
  }
}
