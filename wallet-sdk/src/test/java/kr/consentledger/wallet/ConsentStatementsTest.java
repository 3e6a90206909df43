/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.StatementsAccess;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentStatementsTest {
  private static final ConsentFixtures.Keys KEYS = new ConsentFixtures.Keys();
  private static final String ID = ConsentFixtures.ID_1;
  private static final ConsentCredential ISSUED = issue();

  private static ConsentCredential issue() {
    try {
      return ConsentFixtures.credential(
              KEYS, ID, KEYS.subjectDid, "2026-11-22T00:00:00Z", "2027-05-22T00:00:00Z")
          .build()
          .issue(KEYS.subjectSigner);
    } catch (WalletException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode payloadOf(String jws) throws Exception {
    return Jws.parse(jws).payloadObject().orElseThrow();
  }

  private static String signAnchor(ObjectNode payload) throws Exception {
    return StatementsAccess.sign(ConsentStatements.ANCHOR_TYP, payload, KEYS.subjectSigner);
  }

  @Test
  void anchor_statement_has_the_anchor_typ_and_exactly_the_seven_members_of_the_credential()
      throws Exception {
    String anchor = ConsentStatements.anchor(ISSUED, KEYS.subjectSigner);

    Jws.Parsed parsed = Jws.parse(anchor);
    assertThat(parsed.header().toString())
        .isEqualTo(
            "{\"alg\":\"EdDSA\",\"kid\":\""
                + KEYS.subjectSigner.keyId()
                + "\",\"typ\":\"consent-anchor+jwt\"}");
    assertThat(new String(parsed.payload(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"consentId\":\""
                + ID
                + "\",\"credentialHash\":\""
                + ISSUED.credentialHash()
                + "\",\"provider\":\""
                + KEYS.providerDid
                + "\",\"recipient\":\""
                + KEYS.recipientDid
                + "\",\"subject\":\""
                + KEYS.subjectDid
                + "\",\"validFrom\":\"2026-11-22T00:00:00Z\",\"validUntil\":\"2027-05-22T00:00:00Z\"}");
  }

  @Test
  void parse_anchor_returns_the_payload_fields() throws Exception {
    String anchor = ConsentStatements.anchor(ISSUED, KEYS.subjectSigner);

    ConsentStatements.Anchor a = ConsentStatements.parseAnchor(anchor);

    assertThat(a)
        .isEqualTo(
            new ConsentStatements.Anchor(
                anchor,
                KEYS.subjectSigner.keyId(),
                ID,
                ISSUED.credentialHash(),
                KEYS.subjectDid,
                KEYS.providerDid,
                KEYS.recipientDid,
                Instant.parse("2026-11-22T00:00:00Z"),
                Instant.parse("2027-05-22T00:00:00Z")));
    assertThat(a.statementHash()).isEqualTo(Jws.sha256Hex(anchor));
  }

  @Test
  void anchor_refuses_an_unsigned_credential_and_a_foreign_signer() {
    assertThatThrownBy(
            () ->
                ConsentStatements.anchor(
                    ConsentFixtures.credential(
                            KEYS,
                            ID,
                            KEYS.subjectDid,
                            "2026-11-22T00:00:00Z",
                            "2027-05-22T00:00:00Z")
                        .build(),
                    KEYS.subjectSigner))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("issued: ");
    assertThatThrownBy(() -> ConsentStatements.anchor(ISSUED, KEYS.recipientSigner))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("signer: ");
  }

  @Test
  void revocation_statement_has_the_revocation_typ_and_the_reason_code() throws Exception {
    String rev =
        ConsentStatements.revocation(
            ID,
            ISSUED.credentialHash(),
            KEYS.subjectDid,
            ConsentStatements.Reason.PURPOSE_FULFILLED,
            KEYS.subjectSigner);

    assertThat(Jws.parse(rev).headerText("typ")).contains("consent-revocation+jwt");
    assertThat(payloadOf(rev).toString())
        .isEqualTo(
            "{\"consentId\":\""
                + ID
                + "\",\"credentialHash\":\""
                + ISSUED.credentialHash()
                + "\",\"reason\":\"purpose-fulfilled\",\"subject\":\""
                + KEYS.subjectDid
                + "\"}");
    ConsentStatements.Revocation parsed = ConsentStatements.parseRevocation(rev);
    assertThat(parsed.reason()).contains(ConsentStatements.Reason.PURPOSE_FULFILLED);
    assertThat(parsed.keyId()).isEqualTo(KEYS.subjectSigner.keyId());
    assertThat(parsed.statementHash()).isEqualTo(Jws.sha256Hex(rev));
  }

  @Test
  void revocation_without_a_reason_leaves_the_member_out() throws Exception {
    String rev =
        ConsentStatements.revocation(
            ID, ISSUED.credentialHash(), KEYS.subjectDid, null, KEYS.subjectSigner);

    assertThat(payloadOf(rev).has("reason")).isFalse();
    assertThat(ConsentStatements.parseRevocation(rev).reason()).isEmpty();
  }

  static Stream<Arguments> revocationArguments() {
    String hash = "a".repeat(64);
    return Stream.of(
        Arguments.of("consentId", "urn:uuid:not-a-uuid", hash, KEYS.subjectDid, KEYS.subjectSigner),
        Arguments.of("credentialHash", ID, "A".repeat(64), KEYS.subjectDid, KEYS.subjectSigner),
        Arguments.of("credentialHash", ID, "a".repeat(63), KEYS.subjectDid, KEYS.subjectSigner),
        Arguments.of("subjectDid", ID, hash, "did:web:example.kr", KEYS.subjectSigner),
        Arguments.of("signer", ID, hash, KEYS.fabricDid, KEYS.recipientSigner));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revocationArguments")
  void revocation_refuses_a_malformed_argument_and_names_it(
      String argument, String id, String hash, String subject, Signer signer) {
    assertThatThrownBy(() -> ConsentStatements.revocation(id, hash, subject, null, signer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(argument + ": ");
  }

  private static Arguments anchorRule(
      String rule, Consumer<ObjectNode> edit, RejectionReason code) {
    return Arguments.of(rule, edit, code);
  }

  static Stream<Arguments> anchorShapeRules() {
    return Stream.of(
        anchorRule(
            "an eighth member", p -> p.put("purpose", "x"), RejectionReason.INVALID_STATEMENT),
        anchorRule(
            "a missing member", p -> p.remove("recipient"), RejectionReason.INVALID_STATEMENT),
        anchorRule(
            "a member that is not a string",
            p -> p.put("validFrom", 1795305600),
            RejectionReason.INVALID_STATEMENT),
        anchorRule(
            "an uppercase hash",
            p -> p.put("credentialHash", p.get("credentialHash").asText().toUpperCase(Locale.ROOT)),
            RejectionReason.INVALID_STATEMENT),
        anchorRule(
            "a consent id that is not a urn:uuid",
            p -> p.put("consentId", "consent-1"),
            RejectionReason.INVALID_STATEMENT),
        anchorRule(
            "a provider that is not a DID",
            p -> p.put("provider", "hospital"),
            RejectionReason.INVALID_STATEMENT),
        anchorRule(
            "a time with milliseconds",
            p -> p.put("validUntil", "2027-05-22T00:00:00.000Z"),
            RejectionReason.INVALID_STATEMENT),
        anchorRule(
            "validFrom equal to validUntil",
            p -> p.put("validFrom", "2027-05-22T00:00:00Z"),
            RejectionReason.INVALID_STATEMENT),
        anchorRule(
            "a subject that is not the kid's DID",
            p -> p.put("subject", KEYS.fabricDid),
            RejectionReason.NOT_AUTHORISED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("anchorShapeRules")
  void parse_anchor_refuses_a_statement_of_the_wrong_shape(
      String rule, Consumer<ObjectNode> edit, RejectionReason code) throws Exception {
    ObjectNode payload = payloadOf(ConsentStatements.anchor(ISSUED, KEYS.subjectSigner));
    edit.accept(payload);
    String jws = signAnchor(payload);

    assertThatThrownBy(() -> ConsentStatements.parseAnchor(jws))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(code);
  }

  @Test
  void parse_refuses_a_statement_of_the_other_kind() throws Exception {
    String anchor = ConsentStatements.anchor(ISSUED, KEYS.subjectSigner);
    String rev =
        ConsentStatements.revocation(
            ID, ISSUED.credentialHash(), KEYS.subjectDid, null, KEYS.subjectSigner);

    assertThatThrownBy(() -> ConsentStatements.parseRevocation(anchor))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.WRONG_TYPE);
    assertThatThrownBy(() -> ConsentStatements.parseAnchor(rev))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.WRONG_TYPE);
    assertThatThrownBy(() -> ConsentStatements.parseAnchor(ISSUED.jws()))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.WRONG_TYPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"reason\":\"expired\"}", "{\"note\":\"x\"}", "{\"reason\":1}"})
  void parse_revocation_refuses_an_unknown_reason_or_member(String extra) throws Exception {
    ObjectNode payload =
        payloadOf(
            ConsentStatements.revocation(
                ID, ISSUED.credentialHash(), KEYS.subjectDid, null, KEYS.subjectSigner));
    payload.setAll(Json.parseObject(extra).orElseThrow());
    String jws =
        StatementsAccess.sign(ConsentStatements.REVOCATION_TYP, payload, KEYS.subjectSigner);

    assertThatThrownBy(() -> ConsentStatements.parseRevocation(jws))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_STATEMENT);
  }

  @Test
  void check_anchor_matches_accepts_the_anchor_of_the_credential() throws Exception {
    String anchor = ConsentStatements.anchor(ISSUED, KEYS.subjectSigner);

    ConsentStatements.Anchor a = ConsentStatements.checkAnchorMatches(ISSUED.jws(), anchor);

    assertThat(a.credentialHash()).isEqualTo(ISSUED.credentialHash());
  }

  static Stream<Arguments> mismatches() {
    return Stream.of(
        Arguments.of(
            "consentId", (Consumer<ObjectNode>) p -> p.put("consentId", ConsentFixtures.ID_2)),
        Arguments.of(
            "credentialHash", (Consumer<ObjectNode>) p -> p.put("credentialHash", "0".repeat(64))),
        Arguments.of("provider", (Consumer<ObjectNode>) p -> p.put("provider", KEYS.fabricDid)),
        Arguments.of("recipient", (Consumer<ObjectNode>) p -> p.put("recipient", KEYS.fabricDid)),
        Arguments.of(
            "validFrom", (Consumer<ObjectNode>) p -> p.put("validFrom", "2026-11-21T00:00:00Z")),
        Arguments.of(
            "validUntil", (Consumer<ObjectNode>) p -> p.put("validUntil", "2027-05-23T00:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mismatches")
  void check_anchor_matches_refuses_an_anchor_disagreeing_in_one_member_and_names_it(
      String member, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode payload = payloadOf(ConsentStatements.anchor(ISSUED, KEYS.subjectSigner));
    edit.accept(payload);
    String anchor = signAnchor(payload);

    assertThatThrownBy(() -> ConsentStatements.checkAnchorMatches(ISSUED.jws(), anchor))
        .isInstanceOf(RejectedException.class)
        .hasMessage("Anchor statement rejected: " + member + " disagrees with the credential")
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.STATEMENT_MISMATCH);
  }

  @Test
  void check_anchor_matches_refuses_the_anchor_of_another_subjects_credential() throws Exception {
    ConsentCredential other =
        ConsentFixtures.credential(
                KEYS, ID, KEYS.fabricDid, "2026-11-22T00:00:00Z", "2027-05-22T00:00:00Z")
            .build()
            .issue(KEYS.fabricAssertion);
    String anchor = ConsentStatements.anchor(other, KEYS.fabricAssertion);

    assertThatThrownBy(() -> ConsentStatements.checkAnchorMatches(ISSUED, anchor))
        .hasMessage(
            "Anchor statement rejected: credentialHash, subject disagree with the credential")
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.STATEMENT_MISMATCH);
  }

  @Test
  void check_anchor_matches_passes_on_credential_rejections() {
    assertThatThrownBy(() -> ConsentStatements.checkAnchorMatches("garbage", "garbage"))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.MALFORMED_JWS);
  }

  @Test
  void reason_codes_are_the_three_of_the_protocol() {
    assertThat(Stream.of(ConsentStatements.Reason.values()).map(ConsentStatements.Reason::code))
        .containsExactly("withdrawn", "purpose-fulfilled", "other");
    assertThat(ConsentStatements.Reason.fromCode("expired")).isEmpty();
    assertThat(List.of(ConsentStatements.ANCHOR_TYP, ConsentStatements.REVOCATION_TYP))
        .containsExactly("consent-anchor+jwt", "consent-revocation+jwt");
  }
}
