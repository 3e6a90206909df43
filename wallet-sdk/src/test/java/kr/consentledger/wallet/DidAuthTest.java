/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DidAuthTest {
  private static final ConsentFixtures.Keys KEYS = new ConsentFixtures.Keys();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.750Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String CHALLENGE = "q1Xm9v3c0bYV7rNf2kq8d0Zl4pW6sT1uH5jE3aC9xGo";

  @Test
  void token_signs_iss_aud_challenge_iat_and_exp_with_the_didauth_typ() throws Exception {
    String token =
        DidAuth.token(
            KEYS.fabricDid,
            CHALLENGE,
            DidAuth.CONSENT_SERVICE,
            KEYS.fabricAuthOnly,
            CLOCK,
            Duration.ofSeconds(120));

    Jws.Parsed parsed = Jws.parse(token);
    long iat = NOW.getEpochSecond();
    assertThat(parsed.header().toString())
        .isEqualTo(
            "{\"alg\":\"EdDSA\",\"kid\":\""
                + KEYS.fabricAuthOnly.keyId()
                + "\",\"typ\":\"didauth+jwt\"}");
    assertThat(parsed.payloadObject().orElseThrow().toString())
        .isEqualTo(
            "{\"aud\":\"consent-service\","
                + "\"challenge\":\""
                + CHALLENGE
                + "\",\"exp\":"
                + (iat + 120)
                + ",\"iat\":"
                + iat
                + ",\"iss\":\""
                + KEYS.fabricDid
                + "\"}");
    parsed.verify(KEYS.fabricKey2.publicKey());
  }

  @Test
  void parse_returns_the_members_of_a_token() throws Exception {
    String token =
        DidAuth.token(
            KEYS.subjectDid,
            CHALLENGE,
            DidAuth.CONSENT_SERVICE,
            KEYS.subjectSigner,
            CLOCK,
            DidAuth.MAX_TTL);

    DidAuth.Token t = DidAuth.parse(token);

    assertThat(t)
        .isEqualTo(
            new DidAuth.Token(
                token,
                KEYS.subjectSigner.keyId(),
                KEYS.subjectDid,
                "consent-service",
                CHALLENGE,
                Instant.ofEpochSecond(NOW.getEpochSecond()),
                Instant.ofEpochSecond(NOW.getEpochSecond() + 300)));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 301, 3600})
  void token_refuses_a_lifetime_outside_one_to_300_seconds(long seconds) {
    assertThatThrownBy(
            () ->
                DidAuth.token(
                    KEYS.subjectDid,
                    CHALLENGE,
                    DidAuth.CONSENT_SERVICE,
                    KEYS.subjectSigner,
                    CLOCK,
                    Duration.ofSeconds(seconds)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ttl: ");
  }

  @Test
  void token_refuses_a_signer_of_another_did_a_bad_challenge_and_an_empty_audience() {
    assertThatThrownBy(
            () ->
                DidAuth.token(
                    KEYS.subjectDid,
                    CHALLENGE,
                    DidAuth.CONSENT_SERVICE,
                    KEYS.recipientSigner,
                    CLOCK,
                    Duration.ofSeconds(60)))
        .hasMessageStartingWith("signer: ");
    assertThatThrownBy(
            () ->
                DidAuth.token(
                    KEYS.subjectDid,
                    "not base64url!",
                    DidAuth.CONSENT_SERVICE,
                    KEYS.subjectSigner,
                    CLOCK,
                    Duration.ofSeconds(60)))
        .hasMessageStartingWith("challenge: ");
    assertThatThrownBy(
            () ->
                DidAuth.token(
                    KEYS.subjectDid,
                    CHALLENGE,
                    " ",
                    KEYS.subjectSigner,
                    CLOCK,
                    Duration.ofSeconds(60)))
        .hasMessageStartingWith("audience: ");
    assertThatThrownBy(
            () ->
                DidAuth.token(
                    "alice",
                    CHALLENGE,
                    DidAuth.CONSENT_SERVICE,
                    KEYS.subjectSigner,
                    CLOCK,
                    Duration.ofSeconds(60)))
        .hasMessageStartingWith("did: ");
  }

  private static Arguments tokenRule(String rule, Consumer<ObjectNode> edit, RejectionReason code) {
    return Arguments.of(rule, edit, code);
  }

  static Stream<Arguments> tokenRules() {
    return Stream.of(
        tokenRule(
            "exp more than 300 s after iat",
            p -> p.put("exp", p.get("iat").asLong() + 301),
            RejectionReason.INVALID_TOKEN),
        tokenRule(
            "exp equal to iat",
            p -> p.put("exp", p.get("iat").asLong()),
            RejectionReason.INVALID_TOKEN),
        tokenRule(
            "iat as a decimal",
            p -> p.put("iat", new java.math.BigDecimal("1795341600.5")),
            RejectionReason.INVALID_TOKEN),
        tokenRule(
            "exp as a string", p -> p.put("exp", "1795341900"), RejectionReason.INVALID_TOKEN),
        tokenRule("no challenge", p -> p.remove("challenge"), RejectionReason.INVALID_TOKEN),
        tokenRule(
            "aud as an array",
            p -> p.putArray("aud").add("consent-service"),
            RejectionReason.INVALID_TOKEN),
        tokenRule("iss not a DID", p -> p.put("iss", "alice"), RejectionReason.INVALID_TOKEN),
        tokenRule(
            "iss another DID than the kid's",
            p -> p.put("iss", KEYS.fabricDid),
            RejectionReason.NOT_AUTHORISED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenRules")
  void parse_refuses_a_malformed_token(String rule, Consumer<ObjectNode> edit, RejectionReason code)
      throws Exception {
    ObjectNode payload =
        Jws.parse(
                DidAuth.token(
                    KEYS.subjectDid,
                    CHALLENGE,
                    DidAuth.CONSENT_SERVICE,
                    KEYS.subjectSigner,
                    CLOCK,
                    Duration.ofSeconds(60)))
            .payloadObject()
            .orElseThrow();
    edit.accept(payload);
    ObjectNode header = Json.object();
    header.put("typ", DidAuth.TYP);
    header.put("kid", KEYS.subjectSigner.keyId());
    String token = Jws.sign(header, Json.canonicalBytes(payload), KEYS.subjectSigner);

    assertThatThrownBy(() -> DidAuth.parse(token))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(code);
  }

  @Test
  void parse_refuses_another_typ() throws Exception {
    String anchor =
        ConsentStatements.revocation(
            ConsentFixtures.ID_1, "a".repeat(64), KEYS.subjectDid, null, KEYS.subjectSigner);

    assertThatThrownBy(() -> DidAuth.parse(anchor))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.WRONG_TYPE);
  }

  private static String tokenAt(long iatOffset, long ttl, Long nbfOffset) throws Exception {
    long iat = NOW.getEpochSecond() + iatOffset;
    ObjectNode payload =
        Jws.parse(
                DidAuth.token(
                    KEYS.subjectDid,
                    CHALLENGE,
                    DidAuth.CONSENT_SERVICE,
                    KEYS.subjectSigner,
                    CLOCK,
                    Duration.ofSeconds(60)))
            .payloadObject()
            .orElseThrow();
    payload.put("iat", iat);
    payload.put("exp", iat + ttl);
    if (nbfOffset != null) {
      payload.put("nbf", NOW.getEpochSecond() + nbfOffset);
    }
    ObjectNode header = Json.object();
    header.put("typ", DidAuth.TYP);
    header.put("kid", KEYS.subjectSigner.keyId());
    return Jws.sign(header, Json.canonicalBytes(payload), KEYS.subjectSigner);
  }

  @Test
  void a_token_issued_an_hour_in_the_future_is_not_yet_valid() throws Exception {
    String token = tokenAt(3600, 60, null);

    assertThatThrownBy(() -> DidAuth.parse(token, NOW))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.NOT_YET_VALID);
  }

  @Test
  void iat_may_be_ahead_by_the_60_second_skew_but_not_more() throws Exception {
    assertThat(DidAuth.parse(tokenAt(60, 60, null), NOW).issuedAt().getEpochSecond())
        .isEqualTo(NOW.getEpochSecond() + 60);
    assertThatThrownBy(() -> DidAuth.parse(tokenAt(61, 60, null), NOW))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.NOT_YET_VALID);
  }

  @Test
  void nbf_beyond_the_skew_is_not_yet_valid_and_nbf_at_or_after_exp_is_invalid() throws Exception {
    assertThat(DidAuth.parse(tokenAt(0, 300, 60L), NOW).keyId())
        .isEqualTo(KEYS.subjectSigner.keyId());
    assertThatThrownBy(() -> DidAuth.parse(tokenAt(0, 300, 200L), NOW))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.NOT_YET_VALID);
    assertThatThrownBy(() -> DidAuth.parse(tokenAt(0, 100, 100L)))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_TOKEN);
  }

  @Test
  void a_token_at_or_after_its_exp_is_expired() throws Exception {
    String token = tokenAt(-120, 120, null);

    assertThatThrownBy(() -> DidAuth.parse(token, NOW))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.EXPIRED);
  }
}
