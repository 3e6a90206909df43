/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.Vectors;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationMethod;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static final String AUDIENCE = "did:web:provider.example.kr";

  private final WalletKeyPair issuerKey = WalletKeyPair.generate(KeyType.P256);
  private final String issuer = DidKey.create(issuerKey.publicKey());
  private final Signer issuerSigner =
      issuerKey.signer(issuer + "#" + issuerKey.publicKey().toMultibase());
  private final WalletKeyPair holderKey = WalletKeyPair.generate(KeyType.ED25519);
  private final String holder = DidKey.create(holderKey.publicKey());
  private final Signer holderSigner =
      holderKey.signer(holder + "#" + holderKey.publicKey().toMultibase());
  private final Verifier verifier =
      Verifier.builder()
          .resolver(DidResolvers.local())
          .clock(Clock.fixed(NOW, ZoneOffset.UTC))
          .build();

  private Credential.Builder consent() {
    return Credential.builder()
        .context("https://consentledger.kr/ns/consent/v1")
        .type("MyDataConsentCredential")
        .id("urn:uuid:5b1f2d0e-7c1a-4a8e-9f53-3d7b2a1c0e11")
        .issuer(issuer)
        .validFrom(NOW.minus(Duration.ofDays(1)))
        .validUntil(NOW.plus(Duration.ofDays(364)))
        .credentialSubject(
            "{\"id\":\""
                + holder
                + "\",\"recipient\":\"did:web:insurer.example.kr\","
                + "\"dataCategories\":[\"checkupResults\"],\"purpose\":{\"category\":\"InsuranceUnderwriting\"}}")
        .credentialStatus(
            "{\"id\":\"https://ledger.example.kr/consents/1\",\"type\":\"ConsentLedgerStatus\"}")
        .property("termsOfUse", "{\"type\":\"MyDataTransmission\",\"lawfulBasis\":\"PIPA-35-2\"}");
  }

  private static RejectionReason reasonOf(ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(RejectedException.class);
    return ((RejectedException) t).reason();
  }

  private static String resign(String payloadJson, Map<String, String> header, Signer signer)
      throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode h = Json.object();
    header.forEach(h::put);
    return Jws.sign(h, payloadJson.getBytes(StandardCharsets.UTF_8), signer);
  }

  private static JsonNode decodePart(String jws, int part) throws Exception {
    return Vectors.MAPPER.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[part]));
  }

  @Test
  void issues_a_vc_jwt_whose_payload_is_the_credential_itself() throws Exception {
    Credential credential = consent().build();

    VerifiableCredential vc = VerifiableCredential.issue(credential, issuerSigner);

    JsonNode header = decodePart(vc.jws(), 0);
    assertThat(header.get("typ").asText()).isEqualTo("vc+jwt");
    assertThat(header.get("cty").asText()).isEqualTo("vc");
    assertThat(header.get("alg").asText()).isEqualTo("ES256");
    assertThat(header.get("kid").asText()).isEqualTo(issuerSigner.keyId());
    assertThat(decodePart(vc.jws(), 1)).isEqualTo(Vectors.MAPPER.readTree(credential.toJson()));
    assertThat(decodePart(vc.jws(), 1).get("@context").get(0).asText())
        .isEqualTo(Credential.VC_CONTEXT);
  }

  @Test
  void verifies_a_credential_and_keeps_extension_members() throws Exception {
    VerifiableCredential vc = VerifiableCredential.issue(consent().build(), issuerSigner);

    VerifiableCredential verified = verifier.verifyCredential(vc.jws());

    assertThat(verified.credential().issuer()).isEqualTo(issuer);
    assertThat(verified.credential().types())
        .containsExactly("VerifiableCredential", "MyDataConsentCredential");
    assertThat(verified.credential().property("termsOfUse"))
        .contains("{\"lawfulBasis\":\"PIPA-35-2\",\"type\":\"MyDataTransmission\"}");
    assertThat(verified.credential().credentialStatus()).isPresent();
    assertThat(verified.credential().validUntil()).contains(NOW.plus(Duration.ofDays(364)));
  }

  @Test
  void rejects_a_credential_before_valid_from() throws Exception {
    String jws =
        VerifiableCredential.issue(consent().validFrom(NOW.plusSeconds(60)).build(), issuerSigner)
            .jws();

    assertThat(reasonOf(() -> verifier.verifyCredential(jws)))
        .isEqualTo(RejectionReason.NOT_YET_VALID);
  }

  @Test
  void accepts_a_credential_within_the_configured_clock_skew() throws Exception {
    String jws =
        VerifiableCredential.issue(consent().validFrom(NOW.plusSeconds(60)).build(), issuerSigner)
            .jws();
    Verifier lenient =
        Verifier.builder()
            .resolver(DidResolvers.local())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .clockSkew(Duration.ofMinutes(2))
            .build();

    assertThat(lenient.verifyCredential(jws).credential().validFrom())
        .contains(NOW.plusSeconds(60));
  }

  @Test
  void rejects_an_expired_credential() throws Exception {
    String jws =
        VerifiableCredential.issue(
                consent()
                    .validFrom(NOW.minus(Duration.ofDays(30)))
                    .validUntil(NOW.minusSeconds(1))
                    .build(),
                issuerSigner)
            .jws();

    assertThat(reasonOf(() -> verifier.verifyCredential(jws))).isEqualTo(RejectionReason.EXPIRED);
  }

  @Test
  void rejects_a_credential_signed_by_someone_other_than_the_issuer() throws Exception {
    String payload = consent().build().toJson();
    String jws =
        resign(
            payload,
            Map.of("typ", "vc+jwt", "cty", "vc", "kid", holderSigner.keyId()),
            holderSigner);

    assertThat(reasonOf(() -> verifier.verifyCredential(jws)))
        .isEqualTo(RejectionReason.ISSUER_MISMATCH);
  }

  @Test
  void verifies_a_parsed_credential_against_its_issuer_document_without_resolving()
      throws Exception {
    VerifiableCredential parsed =
        VerifiableCredential.parse(
            VerifiableCredential.issue(consent().build(), issuerSigner).jws());

    VerificationMethod vm = Verifier.verifyCredential(parsed, DidResolvers.local().resolve(issuer));

    assertThat(vm.publicKey()).isEqualTo(issuerKey.publicKey());
    assertThat(verifier.verifyCredential(parsed)).isSameAs(parsed);
  }

  @Test
  void verifies_an_issued_credential_that_was_never_parsed() throws Exception {
    VerifiableCredential issued = VerifiableCredential.issue(consent().build(), issuerSigner);

    assertThat(Verifier.verifyCredential(issued, DidResolvers.local().resolve(issuer)).id())
        .isEqualTo(issuerSigner.keyId());
  }

  @Test
  void refuses_to_verify_a_parsed_credential_against_another_did_document() throws Exception {
    VerifiableCredential parsed =
        VerifiableCredential.parse(
            VerifiableCredential.issue(consent().build(), issuerSigner).jws());

    assertThat(
            reasonOf(() -> Verifier.verifyCredential(parsed, DidResolvers.local().resolve(holder))))
        .isEqualTo(RejectionReason.INVALID_DOCUMENT);
  }

  @Test
  void refuses_a_parsed_credential_whose_kid_is_not_the_issuers_or_whose_signature_is_forged()
      throws Exception {
    String payload = consent().build().toJson();
    VerifiableCredential byHolder =
        VerifiableCredential.parse(
            resign(
                payload,
                Map.of("typ", "vc+jwt", "cty", "vc", "kid", holderSigner.keyId()),
                holderSigner));
    VerifiableCredential forged =
        VerifiableCredential.parse(
            resign(
                payload,
                Map.of("typ", "vc+jwt", "cty", "vc", "kid", issuerSigner.keyId()),
                WalletKeyPair.generate(KeyType.P256).signer(issuerSigner.keyId())));
    DidDocument issuerDocument = DidResolvers.local().resolve(issuer);

    assertThat(reasonOf(() -> Verifier.verifyCredential(byHolder, issuerDocument)))
        .isEqualTo(RejectionReason.ISSUER_MISMATCH);
    assertThat(reasonOf(() -> Verifier.verifyCredential(forged, issuerDocument)))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void rejects_a_credential_with_a_forged_signature() throws Exception {
    WalletKeyPair forger = WalletKeyPair.generate(KeyType.P256);
    String jws =
        resign(
            consent().build().toJson(),
            Map.of("typ", "vc+jwt", "cty", "vc", "kid", issuerSigner.keyId()),
            forger.signer(issuerSigner.keyId()));

    assertThat(reasonOf(() -> verifier.verifyCredential(jws)))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void rejects_a_credential_whose_kid_is_not_in_the_issuer_document() throws Exception {
    String kid = issuer + "#other";
    String jws =
        resign(
            consent().build().toJson(),
            Map.of("typ", "vc+jwt", "cty", "vc", "kid", kid),
            issuerKey.signer(kid));

    assertThat(reasonOf(() -> verifier.verifyCredential(jws)))
        .isEqualTo(RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void rejects_a_credential_signed_with_a_key_outside_assertion_method() throws Exception {
    WalletKeyPair k = WalletKeyPair.generate(KeyType.ED25519);
    DidDocument doc =
        DidDocument.builder("did:example:issuer")
            .addVerificationMethod(
                "#auth-only", k.publicKey(), VerificationRelationship.AUTHENTICATION)
            .build();
    Verifier v =
        Verifier.builder().resolver(did -> doc).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    String jws =
        VerifiableCredential.issue(
                consent().issuer("did:example:issuer").build(),
                k.signer("did:example:issuer#auth-only"))
            .jws();

    assertThat(reasonOf(() -> v.verifyCredential(jws))).isEqualTo(RejectionReason.NOT_AUTHORISED);
  }

  @Test
  void rejects_a_vp_jwt_offered_as_a_credential() throws Exception {
    String vp =
        VerifiablePresentation.builder()
            .holder(holder)
            .audience(AUDIENCE)
            .nonce("n")
            .sign(holderSigner)
            .jws();

    assertThat(reasonOf(() -> verifier.verifyCredential(vp))).isEqualTo(RejectionReason.WRONG_TYPE);
  }

  @Test
  void rejects_a_credential_without_the_v2_context_first() throws Exception {
    String payload =
        consent()
            .build()
            .toJson()
            .replace(Credential.VC_CONTEXT, "https://www.w3.org/2018/credentials/v1");
    String jws =
        resign(
            payload,
            Map.of("typ", "vc+jwt", "cty", "vc", "kid", issuerSigner.keyId()),
            issuerSigner);

    assertThat(reasonOf(() -> verifier.verifyCredential(jws)))
        .isEqualTo(RejectionReason.MALFORMED_CREDENTIAL);
  }

  @Test
  void rejects_garbage_as_a_malformed_jws() {
    assertThat(reasonOf(() -> verifier.verifyCredential("eyJ.eyJ")))
        .isEqualTo(RejectionReason.MALFORMED_JWS);
  }

  @Test
  void builder_refuses_a_credential_without_a_subject() {
    assertThatThrownBy(() -> Credential.builder().issuer(issuer).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentialSubject");
  }

  private VerifiablePresentation presentation(String audience, String nonce) throws Exception {
    VerifiableCredential vc = VerifiableCredential.issue(consent().build(), issuerSigner);
    return VerifiablePresentation.builder()
        .holder(holder)
        .credential(vc)
        .audience(audience)
        .nonce(nonce)
        .sign(holderSigner);
  }

  @Test
  void makes_a_vp_jwt_with_enveloped_credentials_and_bound_audience_and_nonce() throws Exception {
    VerifiablePresentation vp = presentation(AUDIENCE, "c-123");

    JsonNode header = decodePart(vp.jws(), 0);
    JsonNode payload = decodePart(vp.jws(), 1);
    JsonNode env = payload.get("verifiableCredential").get(0);
    assertThat(header.get("typ").asText()).isEqualTo("vp+jwt");
    assertThat(payload.get("type").get(0).asText()).isEqualTo("VerifiablePresentation");
    assertThat(payload.get("aud").asText()).isEqualTo(AUDIENCE);
    assertThat(payload.get("nonce").asText()).isEqualTo("c-123");
    assertThat(env.get("@context").asText()).isEqualTo(Credential.VC_CONTEXT);
    assertThat(env.get("type").asText()).isEqualTo("EnvelopedVerifiableCredential");
    assertThat(env.get("id").asText())
        .isEqualTo("data:application/vc+jwt," + vp.credentials().get(0).jws());
  }

  @Test
  void verifies_a_presentation_and_its_credentials() throws Exception {
    VerifiablePresentation vp = presentation(AUDIENCE, "c-123");

    VerifiablePresentation verified = verifier.verifyPresentation(vp.jws(), AUDIENCE, "c-123");

    assertThat(verified.holder()).isEqualTo(holder);
    assertThat(verified.credentials()).hasSize(1);
    assertThat(verified.credentials().get(0).credential().issuer()).isEqualTo(issuer);
  }

  @Test
  void rejects_a_presentation_with_a_wrong_audience() throws Exception {
    VerifiablePresentation vp = presentation("did:web:someone-else.example", "c-123");

    assertThat(reasonOf(() -> verifier.verifyPresentation(vp.jws(), AUDIENCE, "c-123")))
        .isEqualTo(RejectionReason.WRONG_AUDIENCE);
  }

  @Test
  void rejects_a_presentation_with_a_wrong_nonce() throws Exception {
    VerifiablePresentation vp = presentation(AUDIENCE, "old-challenge");

    assertThat(reasonOf(() -> verifier.verifyPresentation(vp.jws(), AUDIENCE, "c-123")))
        .isEqualTo(RejectionReason.WRONG_NONCE);
  }

  @Test
  void rejects_a_presentation_signed_by_a_key_of_another_did() throws Exception {
    VerifiableCredential vc = VerifiableCredential.issue(consent().build(), issuerSigner);
    String payload =
        "{\"@context\":[\""
            + Credential.VC_CONTEXT
            + "\"],\"type\":[\"VerifiablePresentation\"],"
            + "\"holder\":\""
            + holder
            + "\",\"aud\":\""
            + AUDIENCE
            + "\",\"nonce\":\"n\","
            + "\"verifiableCredential\":["
            + vc.toEnvelopedJson()
            + "]}";
    String jws =
        resign(payload, Map.of("typ", "vp+jwt", "kid", issuerSigner.keyId()), issuerSigner);

    assertThat(reasonOf(() -> verifier.verifyPresentation(jws, AUDIENCE, "n")))
        .isEqualTo(RejectionReason.HOLDER_MISMATCH);
  }

  @Test
  void rejects_a_presentation_carrying_an_expired_credential_and_names_it() throws Exception {
    VerifiableCredential old =
        VerifiableCredential.issue(
            consent()
                .validFrom(NOW.minus(Duration.ofDays(9)))
                .validUntil(NOW.minus(Duration.ofDays(1)))
                .build(),
            issuerSigner);
    String jws =
        VerifiablePresentation.builder()
            .holder(holder)
            .credential(old)
            .audience(AUDIENCE)
            .nonce("n")
            .sign(holderSigner)
            .jws();

    assertThatThrownBy(() -> verifier.verifyPresentation(jws, AUDIENCE, "n"))
        .hasMessageContaining("verifiableCredential[0]")
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.EXPIRED);
  }

  @Test
  void rejects_a_presentation_whose_signature_was_tampered() throws Exception {
    String jws = presentation(AUDIENCE, "n").jws();
    String[] p = jws.split("\\.");
    String other = presentation("did:web:x.example", "n").jws().split("\\.")[1];

    assertThat(
            reasonOf(
                () -> verifier.verifyPresentation(p[0] + "." + other + "." + p[2], AUDIENCE, "n")))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void builder_refuses_a_presentation_without_nonce() {
    assertThatThrownBy(
            () ->
                VerifiablePresentation.builder()
                    .holder(holder)
                    .audience(AUDIENCE)
                    .sign(holderSigner))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
  }

  @Test
  void verifies_a_credential_issued_by_a_did_fabric_document_through_a_plugged_in_resolver()
      throws Exception {
    WalletKeyPair k = WalletKeyPair.generate(KeyType.SECP256K1);
    String did = DidFabric.didFor(k.publicKey());
    DidState state =
        DidFabric.apply(
            null,
            DidFabric.create(
                    DidFabric.newDocument(k.publicKey()).build(), k.signer(did + "#key-1"), null)
                .jws());
    DidResolver ledger =
        d -> {
          if (!d.equals(state.did())) {
            throw new RejectedException(RejectionReason.DID_NOT_FOUND, d + " not on the ledger");
          }
          return state.document();
        };
    Verifier v =
        Verifier.builder()
            .resolver(DidResolvers.byMethod(Map.of("fabric", ledger, "key", DidKey::resolve)))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    String jws =
        VerifiableCredential.issue(consent().issuer(did).build(), k.signer(did + "#key-1")).jws();

    assertThat(v.verifyCredential(jws).credential().issuer()).isEqualTo(did);
    assertThat(decodePart(jws, 0).get("alg").asText()).isEqualTo("ES256K");
  }
}
