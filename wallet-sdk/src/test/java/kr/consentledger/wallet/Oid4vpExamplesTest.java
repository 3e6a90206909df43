/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import kr.consentledger.wallet.consent.Oid4vpRequestObject;
import kr.consentledger.wallet.consent.Oid4vpWallet;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.did.DidFabric;
import org.junit.jupiter.api.Test;

/**
 * The OpenID4VP worked example of CONSENT-PROTOCOL.md §8b is what the SDK's wallet reads and
 * answers today.
 */
class Oid4vpExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONSENT_PROTOCOL =
      Path.of("..", "ledger-chaincode", "CONSENT-PROTOCOL.md");

  @Test
  void the_oid4vp_example_request_is_answered_with_the_documented_vp_token() throws Exception {
    String doc = Files.readString(CONSENT_PROTOCOL, StandardCharsets.UTF_8);
    ReceiptFixtures.Keys k = new ReceiptFixtures.Keys();
    ConsentCredential consent =
        ReceiptFixtures.consent(
            k,
            ReceiptFixtures.CONSENT_1,
            k.providerDid,
            "Seoul General Hospital",
            k.recipientDid,
            "2026-11-22T00:00:00Z",
            "2027-05-22T00:00:00Z");

    Oid4vpWallet.AuthorizationRequest request =
        Oid4vpWallet.parse(ProtocolExamplesTest.example(doc, "oid4vp-authorization-request"));
    Oid4vpWallet.Response response =
        Oid4vpWallet.respond(request, consent, k.subjectDid, k.subjectSigner);

    assertThat(request.providerDid()).isEqualTo(k.providerDid);
    JsonNode token = JSON.readTree(response.vpToken());
    JsonNode documented = JSON.readTree(ProtocolExamplesTest.example(doc, "oid4vp-vp-token"));
    assertThat(token.fieldNames()).toIterable().containsExactly("consent");
    String jws = token.get("consent").get(0).asText();
    // The document shortens the presentation and ends it with "…".
    assertThat(jws).startsWith(documented.get("consent").get(0).asText().replace("…", ""));
    ObjectNode payload =
        (ObjectNode)
            JSON.readTree(
                new String(
                    Base64.getUrlDecoder().decode(jws.split("\\.", -1)[1]),
                    StandardCharsets.UTF_8));
    ObjectNode documentedPayload =
        (ObjectNode)
            JSON.readTree(ProtocolExamplesTest.example(doc, "oid4vp-presentation-payload"));
    ObjectNode envelope = (ObjectNode) payload.get("verifiableCredential").get(0);
    String shortened =
        documentedPayload.get("verifiableCredential").get(0).get("id").asText().replace("…", "");
    assertThat(envelope.get("id").asText()).startsWith(shortened);
    envelope.put("id", documentedPayload.get("verifiableCredential").get(0).get("id").asText());
    assertThat(payload).isEqualTo(documentedPayload);
    assertThat(response.state()).isEqualTo(request.state());
  }

  @Test
  void the_oid4vp_example_request_object_is_the_request_signed_by_the_provider() throws Exception {
    String doc = Files.readString(CONSENT_PROTOCOL, StandardCharsets.UTF_8);
    ReceiptFixtures.Keys k = new ReceiptFixtures.Keys();
    ObjectNode payload =
        (ObjectNode)
            JSON.readTree(ProtocolExamplesTest.example(doc, "oid4vp-authorization-request"));
    payload.put("aud", Oid4vpRequestObject.AUDIENCE);
    payload.put("iat", 1_795_341_600L);
    payload.put("exp", 1_795_342_200L);

    String jws = Oid4vpRequestObject.sign(payload.toString(), k.providerSigner);
    Oid4vpWallet.AuthorizationRequest read =
        Oid4vpWallet.resolve(
            "openid4vp://?client_id="
                + URLEncoder.encode(payload.get("client_id").asText(), StandardCharsets.UTF_8)
                + "&request="
                + jws,
            uri -> {
              throw new AssertionError("by value");
            },
            did -> DidFabric.newDocument(k.provider.publicKey()).build(),
            Instant.parse("2026-11-22T10:00:00Z"));

    assertThat(JSON.readTree(payload.toString()))
        .isEqualTo(
            JSON.readTree(ProtocolExamplesTest.example(doc, "oid4vp-request-object-payload")));
    assertThat(JSON.readTree(Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.')))))
        .isEqualTo(
            JSON.readTree(ProtocolExamplesTest.example(doc, "oid4vp-request-object-header")));
    assertThat(read)
        .isEqualTo(
            Oid4vpWallet.parse(ProtocolExamplesTest.example(doc, "oid4vp-authorization-request")));
  }
}
