/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.ConsentCredential.Transmission;
import kr.consentledger.wallet.credential.ConsentCredentialBuilder;
import kr.consentledger.wallet.credential.Credential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsentCredentialTest {
  private static final ConsentFixtures.Keys KEYS = new ConsentFixtures.Keys();
  private static final Instant FROM = Instant.parse("2026-11-22T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2027-05-22T00:00:00Z");
  private static final String ID = "urn:uuid:6f1c3b0e-2f0a-4b7e-9f51-0c7d8a3e2b11";

  /** A valid builder without purposes and data categories. */
  private static ConsentCredentialBuilder base() {
    return ConsentCredential.builder()
        .id(ID)
        .subject(KEYS.subjectDid, "Hong Gildong", "mailto:gd@example.kr")
        .provider(KEYS.providerDid, "Seoul General Hospital")
        .recipient(KEYS.recipientDid, "Example MyData Co.")
        .validFrom(FROM)
        .validUntil(UNTIL)
        .transmission(Transmission.periodic("P1M", UNTIL))
        .retentionPeriod("P1Y")
        .legalBasis("PIPA Art. 35-2")
        .withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents");
  }

  private static ConsentCredentialBuilder valid() {
    return base()
        .purpose("personal health management service", "ServiceProvision", true)
        .dataCategory("health.checkup", true)
        .dataCategory("health.prescription", true, "drugName", "dosage");
  }

  private static Arguments rule(
      String rule,
      Supplier<ConsentCredentialBuilder> builder,
      String member,
      RejectionReason code) {
    return Arguments.of(rule, builder, member, code);
  }

  static Stream<Arguments> builderRules() {
    return Stream.of(
        rule(
            "id must be a lowercase urn:uuid",
            () -> valid().id("urn:uuid:6F1C3B0E-2F0A-4B7E-9F51-0C7D8A3E2B11"),
            "id",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "id must be a urn:uuid",
            () -> valid().id("https://example.kr/consents/1"),
            "id",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "id must be an RFC 4122 UUID (variant bits)",
            () -> valid().id("urn:uuid:6f1c3b0e-2f0a-4b7e-cf51-0c7d8a3e2b11"),
            "id",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "subject is required",
            () -> {
              ConsentCredentialBuilder b =
                  ConsentCredential.builder()
                      .id(ID)
                      .provider(KEYS.providerDid, null)
                      .recipient(KEYS.recipientDid, null);
              return b.validFrom(FROM).validUntil(UNTIL);
            },
            "issuer",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "subject must be a did:fabric or did:key",
            () -> valid().subject("did:web:example.kr", null, null),
            "issuer",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "provider must be a DID",
            () -> valid().provider("Seoul General Hospital", null),
            "credentialSubject.provider.id",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "provider must differ from the subject",
            () -> valid().provider(KEYS.subjectDid, null),
            "credentialSubject.provider.id",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "recipient must differ from the provider",
            () -> valid().recipient(KEYS.providerDid, null),
            "credentialSubject.recipient.id",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "recipient must differ from the subject",
            () -> valid().recipient(KEYS.subjectDid, null),
            "credentialSubject.recipient.id",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "recipient is required",
            () -> valid().recipient("", null),
            "credentialSubject.recipient.id",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "purposes must not be empty",
            () -> base().dataCategory("health.checkup", true),
            "credentialSubject.purposes",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "exactly one purpose is primary, not two",
            () -> valid().purpose("insurance underwriting", "Marketing", true),
            "credentialSubject.purposes",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "exactly one purpose is primary, not none",
            () ->
                base()
                    .purpose("research", "ResearchAndDevelopment", false)
                    .dataCategory("health.checkup", true),
            "credentialSubject.purposes",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "a purpose text must not be empty",
            () ->
                base().purpose(" ", "ServiceProvision", true).dataCategory("health.checkup", true),
            "credentialSubject.purposes[0].purpose",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "a purpose needs a purposeCategory",
            () -> base().purpose("research", "", true).dataCategory("health.checkup", true),
            "credentialSubject.purposes[0].purposeCategory",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "data categories must not be empty",
            () -> base().purpose("research", "ServiceProvision", true),
            "credentialSubject.dataCategories",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "a category is lowercase dotted words",
            () ->
                base().purpose("p", "ServiceProvision", true).dataCategory("Health.Checkup", true),
            "credentialSubject.dataCategories[0].category",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "a category has no empty word",
            () ->
                base().purpose("p", "ServiceProvision", true).dataCategory("health..checkup", true),
            "credentialSubject.dataCategories[0].category",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "categories are unique",
            () -> valid().dataCategory("health.checkup", false),
            "credentialSubject.dataCategories[2].category",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "attributes are non-empty strings",
            () ->
                base()
                    .purpose("p", "ServiceProvision", true)
                    .dataCategory("finance.card.transactions", false, ""),
            "credentialSubject.dataCategories[0].attributes",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "transmission is required",
            () -> {
              ConsentCredentialBuilder b =
                  ConsentCredential.builder()
                      .id(ID)
                      .subject(KEYS.subjectDid, null, null)
                      .provider(KEYS.providerDid, null)
                      .recipient(KEYS.recipientDid, null)
                      .validFrom(FROM)
                      .validUntil(UNTIL)
                      .purpose("p", "ServiceProvision", true)
                      .dataCategory("health.checkup", true);
              return b.retentionPeriod("P1Y")
                  .legalBasis("PIPA")
                  .withdrawal("wallet", null)
                  .statusBaseUrl("https://consent.example.kr/consents");
            },
            "credentialSubject.transmission",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "a periodic cycle is an ISO 8601 duration",
            () -> valid().transmission(Transmission.periodic("monthly", UNTIL)),
            "credentialSubject.transmission.cycle",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "a periodic cycle is not zero",
            () -> valid().transmission(Transmission.periodic("P0D", UNTIL)),
            "credentialSubject.transmission.cycle",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "the mode is one-time or periodic",
            () ->
                valid().transmission(new Transmission("weekly", java.util.Optional.empty(), UNTIL)),
            "credentialSubject.transmission.mode",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "a one-time transmission has no cycle",
            () ->
                valid()
                    .transmission(
                        new Transmission("one-time", java.util.Optional.of("P1M"), UNTIL)),
            "credentialSubject.transmission.cycle",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "endDate is not after validUntil",
            () -> valid().transmission(Transmission.oneTime(UNTIL.plusSeconds(1))),
            "credentialSubject.transmission.endDate",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "endDate is not before validFrom",
            () -> valid().transmission(Transmission.oneTime(FROM.minusSeconds(1))),
            "credentialSubject.transmission.endDate",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "retentionPeriod is an ISO 8601 duration",
            () -> valid().retentionPeriod("1 year"),
            "credentialSubject.retentionPeriod",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "jurisdiction is KR",
            () -> valid().jurisdiction("US"),
            "credentialSubject.jurisdiction",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "legalBasis is not empty",
            () -> valid().legalBasis(""),
            "credentialSubject.legalBasis",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "withdrawal.method is not empty",
            () -> valid().withdrawal("", null),
            "credentialSubject.withdrawal.method",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "validFrom is required",
            () -> {
              ConsentCredentialBuilder b =
                  ConsentCredential.builder().id(ID).subject(KEYS.subjectDid, null, null);
              return b.validUntil(UNTIL);
            },
            "validFrom",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "validUntil is after validFrom, not equal",
            () -> valid().validUntil(FROM).transmission(Transmission.oneTime(FROM)),
            "validUntil",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "validUntil is after validFrom, not before",
            () -> valid().validFrom(UNTIL).validUntil(FROM),
            "validUntil",
            RejectionReason.INVALID_CREDENTIAL),
        rule(
            "the term is at most 365 days by default",
            () -> valid().validUntil(FROM.plus(Duration.ofDays(365)).plusSeconds(1)),
            "validUntil",
            RejectionReason.TERM_TOO_LONG),
        rule(
            "the term is at most the configured maximum",
            () -> valid().maxTerm(Duration.ofDays(90)),
            "validUntil",
            RejectionReason.TERM_TOO_LONG));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builderRules")
  void builder_refuses_a_credential_breaking_a_rule_and_names_the_member(
      String rule,
      Supplier<ConsentCredentialBuilder> builder,
      String member,
      RejectionReason code) {
    assertThatThrownBy(() -> builder.get().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(member + ": ")
        .cause()
        .isInstanceOf(RejectedException.class)
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(code);
  }

  @Test
  void builder_without_a_status_base_url_names_credential_status() {
    ConsentCredentialBuilder b =
        ConsentCredential.builder()
            .id(ID)
            .subject(KEYS.subjectDid, null, null)
            .provider(KEYS.providerDid, null)
            .recipient(KEYS.recipientDid, null)
            .validFrom(FROM)
            .validUntil(UNTIL)
            .purpose("p", "ServiceProvision", true)
            .dataCategory("health.checkup", true)
            .transmission(Transmission.oneTime(UNTIL))
            .retentionPeriod("P1Y")
            .legalBasis("PIPA Art. 35-2")
            .withdrawal("wallet", "https://consent.example.kr/withdraw");

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("credentialStatus: ");
  }

  @Test
  void builder_refuses_a_status_base_url_that_is_not_http() {
    assertThatThrownBy(() -> valid().statusBaseUrl("ftp://consent.example.kr/consents").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("statusBaseUrl: ");
  }

  @Test
  void
      builder_accepts_a_term_of_exactly_365_days_and_a_one_time_transmission_ending_at_validUntil() {
    Instant until = FROM.plus(Duration.ofDays(365));

    ConsentCredential c =
        valid().validUntil(until).transmission(Transmission.oneTime(until)).build();

    assertThat(c.validUntil()).isEqualTo(until);
    assertThat(c.transmission().isPeriodic()).isFalse();
    assertThat(c.transmission().cycle()).isEmpty();
    assertThat(c.toJson()).doesNotContain("\"cycle\"");
  }

  @Test
  void builder_generates_a_random_lowercase_version_4_urn_uuid_when_no_id_is_given() {
    ConsentCredential a = valid().build();
    ConsentCredentialBuilder b = ConsentCredential.builder();

    ConsentCredential generated = fill(b).build();

    assertThat(a.consentId()).isEqualTo(ID);
    assertThat(generated.consentId())
        .matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(fill(ConsentCredential.builder()).build().consentId())
        .isNotEqualTo(generated.consentId());
  }

  private static ConsentCredentialBuilder fill(ConsentCredentialBuilder b) {
    return b.subject(KEYS.subjectDid, null, null)
        .provider(KEYS.providerDid, null)
        .recipient(KEYS.recipientDid, null)
        .validFrom(FROM)
        .validUntil(UNTIL)
        .purpose("p", "ServiceProvision", true)
        .dataCategory("health.checkup", true)
        .transmission(Transmission.oneTime(UNTIL))
        .retentionPeriod("P1Y")
        .legalBasis("PIPA Art. 35-2")
        .withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents/");
  }

  @Test
  void builder_writes_status_and_withdrawal_endpoint_from_the_status_base_url() throws Exception {
    ObjectNode json = Json.parseObject(valid().build().toJson()).orElseThrow();

    assertThat(json.get("credentialStatus").toString())
        .isEqualTo(
            "{\"consentId\":\""
                + ID
                + "\","
                + "\"id\":\"https://consent.example.kr/consents/"
                + ID
                + "/status\",\"type\":\"FabricConsentStatus2026\"}");
    assertThat(json.at("/credentialSubject/withdrawal/endpoint").asText())
        .isEqualTo("https://consent.example.kr/consents/" + ID + "/revocation");
    assertThat(json.at("/credentialSubject/provider/role").asText()).isEqualTo("DataProvider");
    assertThat(json.at("/credentialSubject/recipient/role").asText()).isEqualTo("DataRecipient");
    assertThat(json.get("issuer").asText()).isEqualTo(KEYS.subjectDid);
    assertThat(json.at("/credentialSubject/dataSubject/id").asText()).isEqualTo(KEYS.subjectDid);
  }

  @Test
  void builder_writes_times_in_utc_truncated_to_the_second() {
    ConsentCredential c = valid().validFrom(FROM.plusMillis(900)).build();

    assertThat(c.validFrom()).isEqualTo(FROM);
    assertThat(c.toJson()).contains("\"validFrom\":\"2026-11-22T00:00:00Z\"");
  }

  @Test
  void unsigned_credential_has_no_jws_or_hash() {
    ConsentCredential c = valid().build();

    assertThat(c.isIssued()).isFalse();
    assertThatThrownBy(c::jws).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(c::credentialHash).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void issue_produces_a_vc_jwt_the_verifier_accepts() throws Exception {
    ConsentCredential issued = valid().build().issue(KEYS.subjectSigner);
    Verifier verifier =
        Verifier.builder()
            .resolver(DidResolvers.local())
            .clock(Clock.fixed(FROM.plusSeconds(60), ZoneOffset.UTC))
            .build();

    VerifiableCredential vc = verifier.verifyCredential(issued.jws());

    assertThat(vc.credential().types())
        .containsExactly("VerifiableCredential", "ConsentCredential");
    Jws.Parsed parsed = Jws.parse(issued.jws());
    assertThat(parsed.header().toString())
        .isEqualTo(
            "{\"alg\":\"EdDSA\",\"cty\":\"vc\",\"kid\":\""
                + KEYS.subjectSigner.keyId()
                + "\",\"typ\":\"vc+jwt\"}");
    assertThat(issued.keyId()).isEqualTo(KEYS.subjectSigner.keyId());
    assertThat(issued.verifiableCredential().jws()).isEqualTo(issued.jws());
  }

  @Test
  void a_parsed_consent_credential_is_verified_with_the_jws_its_parser_kept() throws Exception {
    ConsentCredential issued = valid().build().issue(KEYS.subjectSigner);
    ConsentCredential parsed = ConsentCredential.parse(issued.jws());
    ConsentCredential tampered =
        ConsentCredential.parse(
            issued.jws().substring(0, issued.jws().length() - 2)
                + (issued.jws().endsWith("AA") ? "BA" : "AA"));
    DidDocument subject = DidResolvers.local().resolve(KEYS.subjectDid);

    assertThat(Verifier.verifyCredential(parsed.verifiableCredential(), subject).id())
        .isEqualTo(KEYS.subjectSigner.keyId());
    assertThat(parsed.verifiableCredential()).isSameAs(parsed.verifiableCredential());
    assertThatThrownBy(() -> Verifier.verifyCredential(tampered.verifiableCredential(), subject))
        .isInstanceOf(RejectedException.class)
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void a_credential_already_parsed_reads_as_the_same_consent_credential() throws Exception {
    ConsentCredential issued = valid().build().issue(KEYS.subjectSigner);
    VerifiableCredential vc = VerifiableCredential.parse(issued.jws());

    ConsentCredential fromParsed = ConsentCredential.parse(vc, Duration.ofDays(365));
    ConsentCredential fromIssued =
        ConsentCredential.parse(issued.verifiableCredential(), Duration.ofDays(365));

    assertThat(fromParsed.jws()).isEqualTo(issued.jws());
    assertThat(fromParsed.credentialHash()).isEqualTo(issued.credentialHash());
    assertThat(fromParsed.consentId()).isEqualTo(issued.consentId());
    assertThat(fromIssued.credentialHash()).isEqualTo(issued.credentialHash());
    assertThatThrownBy(() -> ConsentCredential.parse(vc, Duration.ofDays(1)))
        .isInstanceOf(RejectedException.class)
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.TERM_TOO_LONG);
  }

  @Test
  void an_unsigned_consent_credential_has_no_verifiable_credential() {
    ConsentCredential unsigned = valid().build();

    assertThat(unsigned.isIssued()).isFalse();
    assertThatThrownBy(unsigned::verifiableCredential).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(unsigned::jws).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void issue_refuses_a_signer_that_is_not_a_key_of_the_subject() {
    assertThatThrownBy(() -> valid().build().issue(KEYS.recipientSigner))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("signer: ");
  }

  @Test
  void credential_hash_is_lowercase_hex_sha256_of_the_compact_jws_ascii_bytes() throws Exception {
    ConsentCredential issued = valid().build().issue(KEYS.subjectSigner);

    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(issued.jws().getBytes(StandardCharsets.US_ASCII)));

    assertThat(issued.credentialHash()).isEqualTo(expected).matches("[0-9a-f]{64}");
  }

  @Test
  void issuing_twice_gives_the_same_jws_and_hash() throws Exception {
    ConsentCredential c = valid().build();

    assertThat(c.issue(KEYS.subjectSigner).credentialHash())
        .isEqualTo(c.issue(KEYS.subjectSigner).credentialHash());
  }

  @Test
  void parse_round_trips_every_accessor() throws Exception {
    ConsentCredential issued = valid().build().issue(KEYS.subjectSigner);

    ConsentCredential parsed = ConsentCredential.parse(issued.jws());

    assertThat(parsed).isEqualTo(issued);
    assertThat(parsed.consentId()).isEqualTo(ID);
    assertThat(parsed.subject()).isEqualTo(KEYS.subjectDid);
    assertThat(parsed.provider()).isEqualTo(KEYS.providerDid);
    assertThat(parsed.recipient()).isEqualTo(KEYS.recipientDid);
    assertThat(parsed.validFrom()).isEqualTo(FROM);
    assertThat(parsed.validUntil()).isEqualTo(UNTIL);
    assertThat(parsed.purposes())
        .containsExactly(
            new ConsentCredential.Purpose(
                "personal health management service", "ServiceProvision", true));
    assertThat(parsed.dataCategories())
        .containsExactly(
            new ConsentCredential.DataCategory("health.checkup", true, List.of()),
            new ConsentCredential.DataCategory(
                "health.prescription", true, List.of("drugName", "dosage")));
    assertThat(parsed.transmission()).isEqualTo(Transmission.periodic("P1M", UNTIL));
    assertThat(parsed.retentionPeriod()).isEqualTo("P1Y");
    assertThat(parsed.legalBasis()).isEqualTo("PIPA Art. 35-2");
    assertThat(parsed.credentialHash()).isEqualTo(issued.credentialHash());
    assertThat(parsed.credential().property("credentialSubject"))
        .get()
        .asString()
        .contains("Hong Gildong");
  }

  @Test
  void parse_accepts_the_protocol_example_with_real_dids() throws Exception {
    ConsentCredential c =
        ConsentCredential.parse(
            signRaw(Json.parseObject(protocolExample()).orElseThrow(), header()));

    assertThat(c.transmission().cycle()).contains("P1M");
    assertThat(c.dataCategories())
        .extracting(ConsentCredential.DataCategory::sensitive)
        .containsOnly(true);
  }

  /** The JSON example of CONSENT-PROTOCOL.md section 2, with the placeholder DIDs replaced. */
  private static String protocolExample() {
    return ("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://consentledger.kr/ns/consent/v1\"],"
            + "\"id\":\"@ID@\",\"type\":[\"VerifiableCredential\",\"ConsentCredential\"],\"issuer\":\"@SUBJECT@\","
            + "\"validFrom\":\"2026-11-22T00:00:00Z\",\"validUntil\":\"2027-05-22T00:00:00Z\","
            + "\"credentialSubject\":{\"id\":\"@SUBJECT@\",\"dataSubject\":{\"id\":\"@SUBJECT@\",\"name\":\"Hong Gildong\","
            + "\"contact\":\"mailto:gd@example.kr\"},\"provider\":{\"id\":\"@PROVIDER@\",\"name\":\"Seoul General Hospital\","
            + "\"role\":\"DataProvider\"},\"recipient\":{\"id\":\"@RECIPIENT@\",\"name\":\"Example MyData Co.\","
            + "\"role\":\"DataRecipient\"},\"purposes\":[{\"purpose\":\"personal health management service\","
            + "\"purposeCategory\":\"ServiceProvision\",\"primary\":true}],\"dataCategories\":[{\"category\":"
            + "\"health.checkup\",\"sensitive\":true},{\"category\":\"health.prescription\",\"sensitive\":true,"
            + "\"attributes\":[\"drugName\",\"dosage\"]}],\"transmission\":{\"mode\":\"periodic\",\"cycle\":\"P1M\","
            + "\"endDate\":\"2027-05-22T00:00:00Z\"},\"retentionPeriod\":\"P1Y\",\"jurisdiction\":\"KR\","
            + "\"legalBasis\":\"PIPA Art. 35-2\",\"withdrawal\":{\"method\":\"wallet\",\"endpoint\":"
            + "\"https://consent.example.kr/consents/@ID@/revocation\"}},\"credentialStatus\":{\"id\":"
            + "\"https://consent.example.kr/consents/@ID@/status\",\"type\":\"FabricConsentStatus2026\","
            + "\"consentId\":\"@ID@\"}}")
        .replace("@SUBJECT@", KEYS.subjectDid)
        .replace("@PROVIDER@", KEYS.providerDid)
        .replace("@RECIPIENT@", KEYS.recipientDid)
        .replace("@ID@", ID);
  }

  private static ObjectNode header() {
    ObjectNode h = Json.object();
    h.put("typ", "vc+jwt");
    h.put("cty", "vc");
    h.put("kid", KEYS.subjectSigner.keyId());
    return h;
  }

  private static String signRaw(ObjectNode payload, ObjectNode header) throws WalletException {
    return Jws.sign(header, Json.canonicalBytes(payload), KEYS.subjectSigner);
  }

  private static Arguments payloadRule(
      String rule, Consumer<ObjectNode> edit, String member, RejectionReason code) {
    return Arguments.of(rule, edit, member, code);
  }

  static Stream<Arguments> payloadRules() {
    String other = DidKey.create(KEYS.fabricKey2.publicKey());
    return Stream.of(
        payloadRule(
            "dataSubject.id differs from the issuer",
            j -> ((ObjectNode) j.at("/credentialSubject/dataSubject")).put("id", other),
            null,
            RejectionReason.SUBJECT_ISSUER_MISMATCH),
        payloadRule(
            "credentialSubject.id differs from the issuer",
            j -> ((ObjectNode) j.get("credentialSubject")).put("id", other),
            null,
            RejectionReason.SUBJECT_ISSUER_MISMATCH),
        payloadRule(
            "issuer is an object",
            j -> j.putObject("issuer").put("id", KEYS.subjectDid),
            "issuer",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "the consent context is missing",
            j -> j.putArray("@context").add(Credential.VC_CONTEXT),
            "@context",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "type lacks ConsentCredential",
            j -> j.putArray("type").add("VerifiableCredential"),
            "type",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "validFrom has a fraction",
            j -> j.put("validFrom", "2026-11-22T00:00:00.5Z"),
            "validFrom",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "validUntil has an offset",
            j -> j.put("validUntil", "2027-05-22T09:00:00+09:00"),
            "validUntil",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "the term is 400 days",
            j -> j.put("validUntil", "2027-12-27T00:00:00Z"),
            "validUntil",
            RejectionReason.TERM_TOO_LONG),
        payloadRule(
            "primary is a string",
            j -> ((ObjectNode) j.at("/credentialSubject/purposes/0")).put("primary", "true"),
            "credentialSubject.purposes[0].primary",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "sensitive is missing",
            j -> ((ObjectNode) j.at("/credentialSubject/dataCategories/0")).remove("sensitive"),
            "credentialSubject.dataCategories[0].sensitive",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "endDate is missing",
            j -> ((ObjectNode) j.at("/credentialSubject/transmission")).remove("endDate"),
            "credentialSubject.transmission.endDate",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "credentialStatus is missing",
            j -> j.remove("credentialStatus"),
            "credentialStatus",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "credentialStatus.consentId differs from id",
            j ->
                ((ObjectNode) j.get("credentialStatus"))
                    .put("consentId", "urn:uuid:0b6c2a1e-8d4f-4c3a-9e21-5f7a9b3c1d02"),
            "credentialStatus.consentId",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "credentialStatus.type is another",
            j -> ((ObjectNode) j.get("credentialStatus")).put("type", "BitstringStatusListEntry"),
            "credentialStatus.type",
            RejectionReason.INVALID_CREDENTIAL),
        payloadRule(
            "a party name is not a string",
            j -> ((ObjectNode) j.at("/credentialSubject/provider")).put("name", 7),
            "credentialSubject.provider.name",
            RejectionReason.INVALID_CREDENTIAL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloadRules")
  void parse_refuses_a_payload_breaking_a_rule_with_the_protocol_code(
      String rule, Consumer<ObjectNode> edit, String member, RejectionReason code)
      throws Exception {
    ObjectNode payload = Json.parseObject(valid().build().toJson()).orElseThrow();
    edit.accept(payload);
    String jws = signRaw(payload, header());

    assertThatThrownBy(() -> ConsentCredential.parse(jws))
        .isInstanceOf(RejectedException.class)
        .satisfies(
            e -> {
              assertThat(((RejectedException) e).reason()).isEqualTo(code);
              if (member != null) {
                assertThat(e.getMessage())
                    .startsWith("Consent credential rejected: " + member + ": ");
              }
            });
  }

  @Test
  void parse_with_a_longer_maximum_term_accepts_what_the_default_refuses() throws Exception {
    ObjectNode payload = Json.parseObject(valid().build().toJson()).orElseThrow();
    payload.put("validUntil", "2027-12-27T00:00:00Z");
    ((ObjectNode) payload.at("/credentialSubject/transmission"))
        .put("endDate", "2027-12-27T00:00:00Z");
    String jws = signRaw(payload, header());

    assertThat(ConsentCredential.parse(jws, Duration.ofDays(500)).validUntil())
        .isEqualTo(Instant.parse("2027-12-27T00:00:00Z"));
    assertThatThrownBy(() -> ConsentCredential.parse(jws))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.TERM_TOO_LONG);
  }

  static Stream<Arguments> headerRules() {
    return Stream.of(
        Arguments.of("typ is vp+jwt", "typ", "vp+jwt", RejectionReason.WRONG_TYPE),
        Arguments.of("cty is missing", "cty", null, RejectionReason.WRONG_TYPE),
        Arguments.of("kid is missing", "kid", null, RejectionReason.UNKNOWN_KEY),
        Arguments.of(
            "kid names another DID's key",
            "kid",
            KEYS.recipientSigner.keyId(),
            RejectionReason.ISSUER_MISMATCH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headerRules")
  void parse_refuses_a_wrong_header(String rule, String member, String value, RejectionReason code)
      throws Exception {
    ObjectNode header = header();
    if (value == null) {
      header.remove(member);
    } else {
      header.put(member, value);
    }
    String jws = signRaw(Json.parseObject(valid().build().toJson()).orElseThrow(), header);

    assertThatThrownBy(() -> ConsentCredential.parse(jws))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(code);
  }

  @Test
  void parse_refuses_text_that_is_not_a_jws() {
    assertThatThrownBy(() -> ConsentCredential.parse("not.a.jws"))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.MALFORMED_JWS);
  }
}
