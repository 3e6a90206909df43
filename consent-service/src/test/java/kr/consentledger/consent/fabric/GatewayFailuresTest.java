/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.Arrays;
import java.util.stream.Stream;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.LedgerException.Kind;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of failure the Fabric Gateway returns, with the status and messages Fabric 3.1 writes
 * (internal/pkg/gateway and core/endorser), and what the outbox may do with it. Only the
 * chaincode's verdict is final.
 */
class GatewayFailuresTest {
  private static final String PEER1 = "peer0.org1.example.com:7150";
  private static final String PEER2 = "peer0.org2.example.com:7160";

  static Stream<Arguments> failures() {
    return Stream.of(
        // A peer of the other organisation is down; AND(Org1, Org2) cannot be satisfied.
        Arguments.of(
            "peer down, no endorsement plan",
            Kind.UNAVAILABLE,
            "FAILED_PRECONDITION",
            endorse(
                Status.Code.FAILED_PRECONDITION,
                "failed to select a set of endorsers that satisfy the endorsement policy due to unavailability of peers: [{Org2MSP ["
                    + PEER2
                    + "]}]")),
        Arguments.of(
            "no peer to evaluate on",
            Kind.UNAVAILABLE,
            "FAILED_PRECONDITION",
            endorse(
                Status.Code.FAILED_PRECONDITION,
                "no peers available to evaluate chaincode ledger in channel consent")),
        Arguments.of(
            "peer went away during endorsement",
            Kind.UNAVAILABLE,
            "ABORTED",
            endorse(
                Status.Code.ABORTED,
                "failed to collect enough transaction endorsements, see attached details for more info",
                detail(
                    "Org2MSP",
                    PEER2,
                    "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp 127.0.0.1:7160: connect: connection refused\""))),
        Arguments.of(
            "gateway peer unreachable",
            Kind.UNAVAILABLE,
            "UNAVAILABLE",
            endorse(Status.Code.UNAVAILABLE, "io exception")),
        Arguments.of(
            "chaincode server down",
            Kind.CHAINCODE_FAULT,
            "ABORTED",
            endorse(
                Status.Code.ABORTED,
                "failed to endorse transaction, see attached details for more info",
                detail(
                    "Org1MSP",
                    PEER1,
                    "error in simulation: failed to execute transaction 3f2a: could not launch chaincode ledger_1:ab12: connection to ledger_1:ab12 failed: error cannot create connection for ledger_1:ab12: connection refused"))),
        Arguments.of(
            "chaincode server crashed mid-call",
            Kind.CHAINCODE_FAULT,
            "ABORTED",
            endorse(
                Status.Code.ABORTED,
                "failed to endorse transaction, see attached details for more info",
                detail(
                    "Org1MSP",
                    PEER1,
                    "error in simulation: failed to execute transaction 3f2a: chaincode stream terminated"))),
        Arguments.of(
            "chaincode answers INTERNAL",
            Kind.CHAINCODE_FAULT,
            "ABORTED",
            endorse(
                Status.Code.ABORTED,
                "failed to endorse transaction, see attached details for more info",
                detail(
                    "Org1MSP",
                    PEER1,
                    "chaincode response 500, INTERNAL: cannot read the history of urn:uuid:1"))),
        Arguments.of(
            "chaincode fails without a code word",
            Kind.CHAINCODE_FAULT,
            "ABORTED",
            endorse(
                Status.Code.ABORTED,
                "failed to endorse transaction, see attached details for more info",
                detail("Org1MSP", PEER1, "chaincode response 500, Unexpected error"))),
        Arguments.of(
            "orderer without a Raft leader",
            Kind.UNAVAILABLE,
            "ABORTED",
            submit(
                Status.Code.ABORTED,
                "received unsuccessful response from orderer: status=SERVICE_UNAVAILABLE, info=no Raft leader")),
        Arguments.of(
            "no orderer reachable",
            Kind.UNAVAILABLE,
            "UNAVAILABLE",
            submit(
                Status.Code.UNAVAILABLE,
                "no orderers could successfully process transaction",
                detail(
                    "OrdererMSP",
                    "orderer1.example.com:7050",
                    "rpc error: code = Unavailable desc = connection refused"))),
        Arguments.of(
            "no orderer in the channel config",
            Kind.UNAVAILABLE,
            "UNAVAILABLE",
            submit(Status.Code.UNAVAILABLE, "no orderer nodes available")),
        Arguments.of(
            "endorsement deadline",
            Kind.TIMEOUT,
            "DEADLINE_EXCEEDED",
            endorse(
                Status.Code.DEADLINE_EXCEEDED,
                "endorsement timeout expired while collecting endorsements")),
        Arguments.of(
            "broadcast deadline",
            Kind.TIMEOUT,
            "DEADLINE_EXCEEDED",
            submit(
                Status.Code.DEADLINE_EXCEEDED,
                "submit timeout expired while broadcasting to ordering service")),
        Arguments.of(
            "call cancelled",
            Kind.TIMEOUT,
            "CANCELLED",
            endorse(Status.Code.CANCELLED, "context canceled")),
        Arguments.of(
            "gateway concurrency limit",
            Kind.UNAVAILABLE,
            "RESOURCE_EXHAUSTED",
            endorse(Status.Code.RESOURCE_EXHAUSTED, "gateway concurrency limit reached")),
        Arguments.of(
            "gRPC INVALID_ARGUMENT from the gateway is not the chaincode's INVALID_ARGUMENT",
            Kind.REQUEST_REFUSED,
            "INVALID_ARGUMENT",
            endorse(
                Status.Code.INVALID_ARGUMENT,
                "the proposed transaction must contain a signed proposal")),
        Arguments.of(
            "identity refused",
            Kind.REQUEST_REFUSED,
            "PERMISSION_DENIED",
            endorse(Status.Code.PERMISSION_DENIED, "access denied: creator org unknown")),
        Arguments.of(
            "channel unknown to the orderer",
            Kind.REQUEST_REFUSED,
            "NOT_FOUND",
            submit(
                Status.Code.NOT_FOUND,
                "failed to create block deliverer for channel `consent`, missing OrdererConfig")),
        Arguments.of(
            "unknown failure",
            Kind.UNAVAILABLE,
            "UNKNOWN",
            endorse(Status.Code.UNKNOWN, "something broke")));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("failures")
  void each_gateway_failure_is_classified_and_only_a_verdict_is_final(
      String name, Kind kind, String code, GatewayException e) {
    LedgerException le = GatewayFailures.classify(e, "tx9");

    assertThat(le.kind()).isEqualTo(kind);
    assertThat(le.code()).isEqualTo(code);
    assertThat(le.retryable()).isTrue();
    assertThat(le.transactionId()).isEqualTo("tx9");
    assertThat(le.getCause()).isSameAs(e);
  }

  @Test
  void the_chaincodes_refusal_of_the_batch_is_a_final_verdict_with_its_code() {
    LedgerException le =
        GatewayFailures.classify(
            endorse(
                Status.Code.ABORTED,
                "failed to endorse transaction, see attached details for more info",
                detail(
                    "Org1MSP",
                    PEER1,
                    "chaincode response 500, INVALID_ARGUMENT: statements must be a JSON array of strings")),
            "tx1");

    assertThat(le.kind()).isEqualTo(Kind.CHAINCODE_REFUSED);
    assertThat(le.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(le.retryable()).isFalse();
    assertThat(le.getMessage()).contains("statements must be a JSON array");
  }

  @Test
  void a_verdict_from_one_peer_counts_even_when_the_other_peer_was_unavailable() {
    LedgerException le =
        GatewayFailures.classify(
            endorse(
                Status.Code.ABORTED,
                "failed to collect enough transaction endorsements, see attached details for more info",
                detail("Org2MSP", PEER2, "rpc error: code = Unavailable desc = connection refused"),
                detail(
                    "Org1MSP",
                    PEER1,
                    "chaincode response 500, BATCH_TOO_LARGE: at most 500 statements")),
            null);

    assertThat(le.kind()).isEqualTo(Kind.CHAINCODE_REFUSED);
    assertThat(le.code()).isEqualTo("BATCH_TOO_LARGE");
  }

  @Test
  void an_evaluate_refused_by_the_chaincode_carries_the_verdict_in_the_description() {
    LedgerException le =
        GatewayFailures.classify(
            endorse(
                Status.Code.UNKNOWN,
                "evaluate call to endorser returned error: chaincode response 500, CONSENT_NOT_FOUND: no consent urn:uuid:1 on the ledger"),
            null);

    assertThat(le.kind()).isEqualTo(Kind.CHAINCODE_REFUSED);
    assertThat(le.code()).isEqualTo("CONSENT_NOT_FOUND");
  }

  @ParameterizedTest
  @EnumSource(
      value = TxValidationCode.class,
      names = {
        "MVCC_READ_CONFLICT",
        "PHANTOM_READ_CONFLICT",
        "ENDORSEMENT_POLICY_FAILURE",
        "DUPLICATE_TXID"
      })
  void a_transaction_invalidated_at_commit_is_retryable(TxValidationCode code) {
    LedgerException le = GatewayFailures.invalidated(code, "tx2");

    assertThat(le.kind()).isEqualTo(Kind.INVALIDATED);
    assertThat(le.code()).isEqualTo(code.name());
    assertThat(le.retryable()).isTrue();
  }

  @Test
  void only_the_chaincodes_verdict_is_not_retryable() {
    assertThat(
            Arrays.stream(Kind.values())
                .filter(k -> !new LedgerException(k, "X", null, "m", null).retryable()))
        .containsExactly(Kind.CHAINCODE_REFUSED);
  }

  private static GatewayException endorse(
      Status.Code code, String description, ErrorDetail... details) {
    return new EndorseException("tx", statusException(code, description, details));
  }

  private static GatewayException submit(
      Status.Code code, String description, ErrorDetail... details) {
    return new SubmitException("tx", statusException(code, description, details));
  }

  private static io.grpc.StatusRuntimeException statusException(
      Status.Code code, String description, ErrorDetail... details) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(description);
    for (ErrorDetail d : details) {
      status.addDetails(Any.pack(d));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  private static ErrorDetail detail(String msp, String address, String message) {
    return ErrorDetail.newBuilder().setMspId(msp).setAddress(address).setMessage(message).build();
  }
}
