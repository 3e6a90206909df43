/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kr.consentledger.chaincode.consent.ConsentContract;
import kr.consentledger.chaincode.did.DidContract;
import kr.consentledger.chaincode.participant.ParticipantContract;
import kr.consentledger.chaincode.receipt.ReceiptContract;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transaction argument is capped before it is decoded: one character over the cap is
 * ARGUMENT_TOO_LONG, whatever the argument holds (here text that is not even JSON or a JWS).
 */
class ArgumentsTest {
  private static String over(int cap) {
    return "x".repeat(cap + 1);
  }

  static Stream<Arguments> calls() {
    String did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
    String id = "urn:uuid:0b5a8c7e-3d1f-4e2a-9b6c-7d8e9f0a1b2c";
    return Stream.of(
        call(
            "consents:Anchor statements",
            c ->
                new ConsentContract()
                    .Anchor(c, over(kr.consentledger.chaincode.Arguments.MAX_BATCH_LENGTH))),
        call(
            "consents:Revoke statements",
            c ->
                new ConsentContract()
                    .Revoke(c, over(kr.consentledger.chaincode.Arguments.MAX_BATCH_LENGTH))),
        call(
            "consents:Status consentId",
            c ->
                new ConsentContract()
                    .Status(c, over(kr.consentledger.chaincode.Arguments.MAX_ID_LENGTH))),
        call(
            "consents:History consentId",
            c ->
                new ConsentContract()
                    .History(c, over(kr.consentledger.chaincode.Arguments.MAX_ID_LENGTH))),
        call(
            "receipts:Record statements",
            c ->
                new ReceiptContract()
                    .Record(c, over(kr.consentledger.chaincode.Arguments.MAX_BATCH_LENGTH))),
        call(
            "receipts:ForConsent consentId",
            c ->
                new ReceiptContract()
                    .ForConsent(c, over(kr.consentledger.chaincode.Arguments.MAX_ID_LENGTH))),
        call(
            "dids:Create operation",
            c ->
                new DidContract()
                    .Create(c, over(kr.consentledger.chaincode.Arguments.MAX_OPERATION_LENGTH))),
        call(
            "dids:Update operation",
            c ->
                new DidContract()
                    .Update(c, over(kr.consentledger.chaincode.Arguments.MAX_OPERATION_LENGTH))),
        call(
            "dids:Deactivate operation",
            c ->
                new DidContract()
                    .Deactivate(
                        c, over(kr.consentledger.chaincode.Arguments.MAX_OPERATION_LENGTH))),
        call(
            "dids:Resolve did",
            c ->
                new DidContract()
                    .Resolve(c, over(kr.consentledger.chaincode.Arguments.MAX_DID_LENGTH))),
        call(
            "dids:ResolveVersion did",
            c ->
                new DidContract()
                    .ResolveVersion(
                        c, over(kr.consentledger.chaincode.Arguments.MAX_DID_LENGTH), "00")),
        call(
            "dids:ResolveVersion versionId",
            c ->
                new DidContract()
                    .ResolveVersion(
                        c,
                        "did:fabric:x",
                        over(kr.consentledger.chaincode.Arguments.MAX_ID_LENGTH))),
        call(
            "dids:ResolveAt versionTime",
            c ->
                new DidContract()
                    .ResolveAt(
                        c,
                        "did:fabric:x",
                        over(kr.consentledger.chaincode.Arguments.MAX_ID_LENGTH))),
        call(
            "participants:Register did",
            c ->
                new ParticipantContract()
                    .Register(
                        c,
                        over(kr.consentledger.chaincode.Arguments.MAX_DID_LENGTH),
                        "provider",
                        "n")),
        call(
            "participants:Register role",
            c ->
                new ParticipantContract()
                    .Register(
                        c, did, over(kr.consentledger.chaincode.Arguments.MAX_ID_LENGTH), "n")),
        call(
            "participants:Register displayName",
            c ->
                new ParticipantContract()
                    .Register(
                        c,
                        did,
                        "provider",
                        over(kr.consentledger.chaincode.Arguments.MAX_NAME_LENGTH))),
        call(
            "participants:SetStatus status",
            c ->
                new ParticipantContract()
                    .SetStatus(c, did, over(kr.consentledger.chaincode.Arguments.MAX_ID_LENGTH))),
        call(
            "participants:Get did",
            c ->
                new ParticipantContract()
                    .Get(c, over(kr.consentledger.chaincode.Arguments.MAX_DID_LENGTH))),
        call(
            "participants:History did",
            c ->
                new ParticipantContract()
                    .History(c, over(kr.consentledger.chaincode.Arguments.MAX_DID_LENGTH))),
        call("records:Put key", c -> new RecordContract().Put(c, over(256), "v")),
        call("records:Put value", c -> new RecordContract().Put(c, "k", over(64 * 1024))),
        call("records:Get key", c -> new RecordContract().Get(c, over(256))),
        call("records:History key", c -> new RecordContract().History(c, over(256) + id)));
  }

  private static Arguments call(String name, Consumer<Context> call) {
    return Arguments.of(name, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void an_argument_one_character_over_its_cap_is_ARGUMENT_TOO_LONG_before_any_decoding(
      String name, Consumer<Context> call) {
    InMemoryStub ledger = new InMemoryStub();
    ledger.beginTransaction("tx-caps", Instant.parse("2026-11-22T10:00:00Z"));

    assertThatThrownBy(() -> call.accept(new Context(ledger.stub())))
        .isInstanceOfSatisfying(
            ChaincodeException.class,
            e ->
                assertThat(new String(e.getPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("ARGUMENT_TOO_LONG"))
        .hasMessageStartingWith("ARGUMENT_TOO_LONG: ");
  }
}
