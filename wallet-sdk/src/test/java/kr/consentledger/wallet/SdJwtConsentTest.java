/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.SdJwt;
import kr.consentledger.wallet.credential.SdJwtConsent;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;

/** The consent credential as an SD-JWT VC (RFC 9901, SD-JWT VC) with key binding. */
class SdJwtConsentTest {
  static final ConsentFixtures.Keys KEYS = new ConsentFixtures.Keys();
  static final WalletKeyPair HOLDER =
      GoldenFixtures.fixedKey(ConsentFixtures.NAMESPACE, KeyType.ED25519, "sd-jwt-holder");
  static final String HOLDER_DID = DidKey.create(HOLDER.publicKey());
  static final Signer HOLDER_SIGNER =
      HOLDER.signer(HOLDER_DID + "#" + HOLDER.publicKey().toMultibase());
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String NONCE = "sd-jwt-challenge-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The SD-JWT VC of the protocol's example consent, with fixed salts (Ed25519: same bytes). */
  static SdJwtConsent example() throws Exception {
    ConsentCredential c =
        ConsentFixtures.credential(
                KEYS,
                ConsentFixtures.ID_1,
                KEYS.subjectDid,
                "2026-11-22T00:00:00Z",
                "2027-05-22T00:00:00Z")
            .build()
            .issue(KEYS.subjectSigner);
    Iterator<String> salts = List.of("2GLC42sKQveCfGfryNRN9w", "eluV5Og3gSNII8EYnsxA_A").iterator();
    return SdJwtConsent.issue(c, HOLDER.publicKey(), KEYS.subjectSigner, NOW, salts::next);
  }

  static SdJwtConsent.Verified verify(String presentation) throws Exception {
    return SdJwtConsent.verifyPresentation(
        presentation, KEYS.providerDid, NONCE, DidResolvers.local(), CLOCK, Duration.ofMinutes(1));
  }

  @Test
  void the_rfc_9901_disclosure_examples_give_the_published_digests() throws Exception {
    // RFC 9901 §4.2.1 (an object property), §4.2.3 (its digest) and §4.2.2 (an array element).
    SdJwt.Disclosure d =
        SdJwt.Disclosure.parse(
            "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0");
    assertThat(d.salt()).isEqualTo("_26bc4LT-ac6q2KI6cBW5es");
    assertThat(d.name()).contains("family_name");
    assertThat(d.value().asText()).isEqualTo("Möbius");
    assertThat(d.digest()).isEqualTo("X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
    assertThat(SdJwt.digest("WyI2cU1RdlJMNWhhaiIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0"))
        .isEqualTo("uutlBuYeMDyjLLTpf6Jxi7yNkEF35jdyWMn9U7b_RYY");
    SdJwt.Disclosure element =
        SdJwt.Disclosure.parse("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0");
    assertThat(element.name()).isEmpty();
    assertThat(element.digest()).isEqualTo("w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs");
  }

  @Test
  void processing_replaces_disclosed_digests_drops_undisclosed_array_elements_and_decoys()
      throws Exception {
    ObjectNode payload =
        (ObjectNode)
            JSON.readTree(
                "{\"_sd_alg\":\"sha-256\",\"_sd\":[\"X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0\","
                    + "\"decoyDigestNotDisclosed\"],\"nationalities\":["
                    + "{\"...\":\"w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs\"},"
                    + "{\"...\":\"notDisclosed\"},\"DE\"]}");
    ObjectNode out =
        SdJwt.process(
            payload,
            List.of(
                "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0",
                "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0"));
    assertThat(out)
        .isEqualTo(JSON.readTree("{\"family_name\":\"Möbius\",\"nationalities\":[\"FR\",\"DE\"]}"));
  }

  @Test
  void a_provider_verifies_a_presentation_that_discloses_no_personal_claim() throws Exception {
    SdJwtConsent sd = example();
    String p = sd.present(Set.of(), KEYS.providerDid, NONCE, NOW, HOLDER_SIGNER);

    SdJwtConsent.Verified v = verify(p);

    assertThat(p.split("~", -1)).hasSize(2);
    assertThat(v.consentId()).isEqualTo(ConsentFixtures.ID_1);
    assertThat(v.subject()).isEqualTo(KEYS.subjectDid);
    assertThat(v.provider()).isEqualTo(KEYS.providerDid);
    assertThat(v.recipient()).isEqualTo(KEYS.recipientDid);
    assertThat(v.holderKey()).isEqualTo(HOLDER.publicKey());
    assertThat(v.claims().at("/credentialSubject/dataSubject").toString())
        .isEqualTo("{\"id\":\"" + KEYS.subjectDid + "\"}");
    assertThat(v.claims().at("/credentialSubject/dataCategories").size()).isEqualTo(2);
    assertThat(v.claims().has("_sd_alg")).isFalse();
    assertThat(p).doesNotContain("Hong").doesNotContain("gd@example");
  }

  @Test
  void a_presentation_with_the_name_discloses_the_name_only_and_is_bound_to_the_anchor()
      throws Exception {
    SdJwtConsent sd = example();
    String p = sd.present(Set.of("name"), KEYS.providerDid, NONCE, NOW, HOLDER_SIGNER);

    SdJwtConsent.Verified v = verify(p);

    assertThat(v.claims().at("/credentialSubject/dataSubject/name").asText())
        .isEqualTo("Hong Gildong");
    assertThat(v.claims().at("/credentialSubject/dataSubject").has("contact")).isFalse();
    String anchored = anchoredHash();
    v.requireAnchor(anchored);
    ConsentCredential c =
        ConsentFixtures.credential(
                KEYS,
                ConsentFixtures.ID_1,
                KEYS.subjectDid,
                "2026-11-22T00:00:00Z",
                "2027-05-22T00:00:00Z")
            .build()
            .issue(KEYS.subjectSigner);
    v.requireAnchor(
        c.consentId(),
        c.credentialHash(),
        c.subject(),
        c.provider(),
        c.recipient(),
        c.validFrom(),
        c.validUntil());
    assertThatThrownBy(
            () ->
                v.requireAnchor(
                    c.consentId(),
                    c.credentialHash(),
                    c.subject(),
                    c.recipient(),
                    c.provider(),
                    c.validFrom(),
                    c.validUntil()))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATEMENT_MISMATCH));
    assertThatThrownBy(() -> v.requireAnchor("00".repeat(32)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATEMENT_MISMATCH));
  }

  private static String anchoredHash() throws Exception {
    return ConsentFixtures.credential(
            KEYS,
            ConsentFixtures.ID_1,
            KEYS.subjectDid,
            "2026-11-22T00:00:00Z",
            "2027-05-22T00:00:00Z")
        .build()
        .issue(KEYS.subjectSigner)
        .credentialHash();
  }

  @Test
  void the_holder_keeps_every_disclosure_and_reads_them_back() throws Exception {
    SdJwtConsent sd = example();
    SdJwtConsent back = SdJwtConsent.parse(sd.serialize());
    assertThat(back.disclosures()).isEqualTo(sd.disclosures()).containsOnlyKeys("name", "contact");
    assertThat(back.issuerJwt()).isEqualTo(sd.issuerJwt());
  }

  @Test
  void a_tampered_disclosure_is_refused() throws Exception {
    SdJwtConsent sd = example();
    String name = sd.disclosures().get("name");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(name), StandardCharsets.UTF_8)
                    .replace("Hong Gildong", "Kim Cheolsu")
                    .getBytes(StandardCharsets.UTF_8));
    String p = sd.present(Set.of("name"), KEYS.providerDid, NONCE, NOW, HOLDER_SIGNER);
    // Re-bind with a fresh KB-JWT so only the Disclosure is wrong.
    String swapped = p.substring(0, p.lastIndexOf('~') + 1).replace(name, forged);
    String rebound = rebind(swapped);

    assertRejected(rebound, RejectionReason.MALFORMED_CREDENTIAL);
    // Without re-binding too; and a Disclosure dropped after binding breaks sd_hash.
    assertRejected(p.replace(name, forged), RejectionReason.MALFORMED_CREDENTIAL);
    assertRejected(p.replace(name + "~", ""), RejectionReason.MALFORMED_PRESENTATION);
  }

  @Test
  void a_duplicated_disclosure_is_refused() throws Exception {
    SdJwtConsent sd = example();
    String name = sd.disclosures().get("name");
    String sdJwt = sd.issuerJwt() + "~" + name + "~" + name + "~";

    assertRejected(rebind(sdJwt), RejectionReason.MALFORMED_CREDENTIAL);
  }

  @Test
  void a_presentation_for_another_provider_nonce_or_without_key_binding_is_refused()
      throws Exception {
    SdJwtConsent sd = example();
    assertRejected(
        sd.present(Set.of(), KEYS.recipientDid, NONCE, NOW, HOLDER_SIGNER),
        RejectionReason.WRONG_AUDIENCE);
    assertRejected(
        sd.present(Set.of(), KEYS.providerDid, "other", NOW, HOLDER_SIGNER),
        RejectionReason.WRONG_NONCE);
    assertRejected(
        sd.present(Set.of(), KEYS.providerDid, NONCE, NOW.minusSeconds(3600), HOLDER_SIGNER),
        RejectionReason.EXPIRED);
    assertRejected(sd.serialize(), RejectionReason.MALFORMED_PRESENTATION);
    assertRejected(
        sd.present(Set.of(), KEYS.providerDid, NONCE, NOW, KEYS.subjectSigner),
        RejectionReason.BAD_SIGNATURE);
    assertRejected("no-tilde", RejectionReason.MALFORMED_PRESENTATION);
    assertThatThrownBy(() -> sd.present(Set.of("age"), KEYS.providerDid, NONCE, NOW, HOLDER_SIGNER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_issuer_jwt_signed_by_another_key_or_of_another_type_is_refused() throws Exception {
    SdJwtConsent sd = example();
    String[] jwt = sd.issuerJwt().split("\\.");
    String other = example().issuerJwt();
    // Another issuer-signed JWT's signature on this payload.
    String forged = jwt[0] + "." + jwt[1] + "." + other.split("\\.")[2] + "x";
    assertThatThrownBy(() -> verify(rebind(forged + "~"))).isInstanceOf(RejectedException.class);
    String vcJwt =
        ConsentFixtures.credential(
                KEYS,
                ConsentFixtures.ID_1,
                KEYS.subjectDid,
                "2026-11-22T00:00:00Z",
                "2027-05-22T00:00:00Z")
            .build()
            .issue(KEYS.subjectSigner)
            .jws();
    assertRejected(rebind(vcJwt + "~"), RejectionReason.UNSUPPORTED_HEADER);
  }

  @Test
  void the_protocol_example_is_the_sd_jwt_vc_and_presentation_the_sdk_makes() throws Exception {
    SdJwtConsent sd = example();
    String presentation = sd.present(Set.of("name"), KEYS.providerDid, NONCE, NOW, HOLDER_SIGNER);
    String[] jwt = sd.issuerJwt().split("\\.");
    String kb = presentation.substring(presentation.lastIndexOf('~') + 1);
    String doc =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "ledger-chaincode", "CONSENT-PROTOCOL.md"),
            StandardCharsets.UTF_8);

    assertThat(ProtocolExamplesTest.example(doc, "sd-jwt-vc")).isEqualTo(sd.serialize());
    assertThat(JSON.readTree(ProtocolExamplesTest.example(doc, "sd-jwt-header")))
        .isEqualTo(JSON.readTree(decode(jwt[0])));
    assertThat(JSON.readTree(ProtocolExamplesTest.example(doc, "sd-jwt-payload")))
        .isEqualTo(JSON.readTree(decode(jwt[1])));
    assertThat(ProtocolExamplesTest.example(doc, "sd-jwt-disclosure-name"))
        .isEqualTo(sd.disclosures().get("name"));
    assertThat(ProtocolExamplesTest.example(doc, "sd-jwt-disclosure-name-json"))
        .isEqualTo(decode(sd.disclosures().get("name")));
    assertThat(ProtocolExamplesTest.example(doc, "sd-jwt-presentation")).isEqualTo(presentation);
    assertThat(JSON.readTree(ProtocolExamplesTest.example(doc, "sd-jwt-kb-payload")))
        .isEqualTo(JSON.readTree(decode(kb.split("\\.")[1])));
    assertThat(verify(ProtocolExamplesTest.example(doc, "sd-jwt-presentation")).credentialHash())
        .isEqualTo(anchoredHash());
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  private static String rebind(String sdJwt) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode kb = JSON.createObjectNode();
    kb.put("aud", KEYS.providerDid);
    kb.put("iat", NOW.getEpochSecond());
    kb.put("nonce", NONCE);
    kb.put("sd_hash", SdJwt.digest(sdJwt));
    return sdJwt
        + kr.consentledger.wallet.internal.jws.Jws.sign(
            JSON.createObjectNode().put("typ", "kb+jwt"),
            JSON.writeValueAsBytes(kb),
            HOLDER_SIGNER);
  }

  @Test
  void a_verifier_reporting_each_check_reads_and_verifies_a_presentation_step_by_step()
      throws Exception {
    SdJwtConsent sd = example();
    String p = sd.present(Set.of("name"), KEYS.providerDid, NONCE, NOW, HOLDER_SIGNER);
    SdJwtConsent.Presentation read = SdJwtConsent.read(p);

    assertThat(read.presentation()).isEqualTo(p);
    assertThat(read.issuerJwt()).isEqualTo(sd.issuerJwt());
    assertThat(read.issuer()).isEqualTo(KEYS.subjectDid);
    assertThat(read.consentId()).isEqualTo(ConsentFixtures.ID_1);
    assertThat(read.credentialHash()).isEqualTo(verify(p).credentialHash());
    assertThat(read.audience()).contains(KEYS.providerDid);
    assertThat(read.nonce()).contains(NONCE);
    assertThat(read.holderKey()).isEqualTo(HOLDER.publicKey());
    assertThat(read.claims().at("/credentialSubject/dataSubject/name").asText())
        .isEqualTo("Hong Gildong");
    read.verifyIssuerSignature(DidResolvers.local().resolve(KEYS.subjectDid));
    read.verifyKeyBinding(NOW, Duration.ZERO);

    assertThatThrownBy(() -> read.verifyIssuerSignature(DidResolvers.local().resolve(HOLDER_DID)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.ISSUER_MISMATCH));
    assertThatThrownBy(() -> read.verifyKeyBinding(NOW.plusSeconds(3600), Duration.ZERO))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.EXPIRED));
    SdJwtConsent.Presentation forged =
        SdJwtConsent.read(sd.present(Set.of(), KEYS.providerDid, NONCE, NOW, KEYS.subjectSigner));
    assertThatThrownBy(() -> forged.verifyKeyBinding(NOW, Duration.ZERO))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
  }

  private static void assertRejected(String presentation, RejectionReason reason) {
    assertThatThrownBy(() -> verify(presentation))
        .isInstanceOfSatisfying(
            RejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
