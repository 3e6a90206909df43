/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import kr.consentledger.wallet.consent.Oid4vpWallet;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.SdJwtConsent;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import org.junit.jupiter.api.Test;

class Oid4vpWalletTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ReceiptFixtures.Keys k = new ReceiptFixtures.Keys();

  private ConsentCredential consent() throws Exception {
    return ReceiptFixtures.consent(
        k,
        ReceiptFixtures.CONSENT_1,
        k.providerDid,
        "Seoul General Hospital",
        k.recipientDid,
        "2026-11-22T00:00:00Z",
        "2027-05-22T00:00:00Z");
  }

  private static ObjectNode claim(String value, String... path) {
    ObjectNode c = MAPPER.createObjectNode();
    ArrayNode p = c.putArray("path").add("credentialSubject");
    for (String s : path) {
      if (s == null) {
        p.addNull();
      } else {
        p.add(s);
      }
    }
    c.putArray("values").add(value);
    return c;
  }

  private ObjectNode request(String recipient, String category) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("client_id", "decentralized_identifier:" + k.providerDid);
    r.put("response_type", "vp_token");
    r.put("response_mode", "direct_post");
    r.put("response_uri", "https://consent.example.kr/oid4vp/responses/1");
    r.put("nonce", "n-1");
    r.put("state", "s-1");
    ObjectNode q = r.putObject("dcql_query").putArray("credentials").addObject();
    q.put("id", "consent").put("format", "jwt_vc_json");
    q.putObject("meta")
        .putArray("type_values")
        .addArray()
        .add("VerifiableCredential")
        .add("ConsentCredential");
    q.putArray("claims")
        .add(claim(k.providerDid, "provider", "id"))
        .add(claim(recipient, "recipient", "id"))
        .add(claim(category, "dataCategories", null, "category"))
        .add(claim("ServiceProvision", "purposes", null, "purposeCategory"));
    return r;
  }

  private static String url(ObjectNode r) {
    StringBuilder b = new StringBuilder("openid4vp://?");
    Iterator<Map.Entry<String, JsonNode>> it = r.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String v = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
      b.append(e.getKey()).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      if (it.hasNext()) {
        b.append('&');
      }
    }
    return b.toString();
  }

  @Test
  void a_matching_request_is_answered_with_a_vp_token_for_the_client_id_and_nonce()
      throws Exception {
    Oid4vpWallet.AuthorizationRequest r =
        Oid4vpWallet.parse(url(request(k.recipientDid, "health.checkup")));

    Oid4vpWallet.Response response =
        Oid4vpWallet.respond(r, consent(), k.subjectDid, k.subjectSigner);

    assertThat(r.providerDid()).isEqualTo(k.providerDid);
    JsonNode token = MAPPER.readTree(response.vpToken());
    assertThat(token.fieldNames()).toIterable().containsExactly("consent");
    VerifiablePresentation vp = VerifiablePresentation.parse(token.get("consent").get(0).asText());
    assertThat(vp.audience()).containsExactly("decentralized_identifier:" + k.providerDid);
    assertThat(vp.nonce()).hasValue("n-1");
    assertThat(response.formBody()).startsWith("vp_token=%7B%22consent%22").endsWith("&state=s-1");
    assertThat(response.responseUri()).hasToString("https://consent.example.kr/oid4vp/responses/1");
  }

  @Test
  void a_request_the_consent_does_not_cover_is_refused_before_signing() throws Exception {
    Oid4vpWallet.AuthorizationRequest other =
        Oid4vpWallet.parse(request(k.otherRecipientDid, "health.checkup").toString());
    Oid4vpWallet.AuthorizationRequest category =
        Oid4vpWallet.parse(request(k.recipientDid, "finance.card").toString());

    for (Oid4vpWallet.AuthorizationRequest r :
        new Oid4vpWallet.AuthorizationRequest[] {other, category}) {
      assertThatThrownBy(() -> Oid4vpWallet.respond(r, consent(), k.subjectDid, k.subjectSigner))
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_CREDENTIAL));
    }
  }

  @Test
  void requests_this_wallet_cannot_answer_are_refused_with_the_reason() {
    ObjectNode base = request(k.recipientDid, "health.checkup");
    Map<String, ObjectNode> bad =
        Map.of(
            "response_type", base.deepCopy().put("response_type", "code"),
            "response_mode", base.deepCopy().put("response_mode", "fragment"),
            "client_id", base.deepCopy().put("client_id", "redirect_uri:https://x"),
            "nonce", (ObjectNode) base.deepCopy().without("nonce"),
            "response_uri", base.deepCopy().put("response_uri", "ftp://x"),
            "request_uri", base.deepCopy().put("request_uri", "https://x/r"),
            "format", withFormat(base, "mso_mdoc"),
            "type", withType(base, "IdentityCredential"));
    bad.forEach(
        (what, r) ->
            assertThatThrownBy(() -> Oid4vpWallet.parse(r.toString()))
                .as(what)
                .isInstanceOfSatisfying(
                    RejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_TOKEN)));
    for (String text :
        new String[] {"[]", "not json", "https://x?a=1", "openid4vp://?a=1&a=2", "{"}) {
      assertThatThrownBy(() -> Oid4vpWallet.parse(text))
          .as(text)
          .isInstanceOf(RejectedException.class);
    }
  }

  /** The request with the alternative dc+sd-jwt query and credential_sets, as our verifier asks. */
  private ObjectNode withSdJwtOption(ObjectNode base) {
    ObjectNode r = base.deepCopy();
    ArrayNode credentials = (ArrayNode) r.get("dcql_query").get("credentials");
    ObjectNode sd = credentials.get(0).deepCopy();
    sd.put("id", "consent_sd").put("format", "dc+sd-jwt");
    sd.putObject("meta").putArray("vct_values").add(SdJwtConsent.VCT);
    credentials.add(sd);
    ((ObjectNode) r.get("dcql_query"))
        .putArray("credential_sets")
        .addObject()
        .putArray("options")
        .add(MAPPER.createArrayNode().add("consent"))
        .add(MAPPER.createArrayNode().add("consent_sd"));
    return r;
  }

  @Test
  void a_request_offering_the_sd_jwt_vc_is_answered_with_it_disclosing_nothing_personal()
      throws Exception {
    ConsentCredential consent = consent();
    ObjectNode json = withSdJwtOption(request(k.recipientDid, "health.checkup"));
    Oid4vpWallet.AuthorizationRequest request = Oid4vpWallet.parse(json.toString());
    SdJwtConsent sd =
        SdJwtConsent.issue(
            consent,
            k.recipientSigner.publicKey(),
            k.subjectSigner,
            java.time.Instant.parse("2026-11-22T10:00:00Z"));

    Oid4vpWallet.Response response =
        Oid4vpWallet.respondSdJwt(
            request,
            consent,
            sd,
            k.recipientSigner,
            java.time.Instant.parse("2026-11-22T10:00:00Z"));
    SdJwtConsent.Presentation read = SdJwtConsent.read(response.presentation());
    ObjectNode withoutSdOption = request(k.recipientDid, "health.checkup");
    ObjectNode twoWithoutSets = withSdJwtOption(withoutSdOption);
    ((ObjectNode) twoWithoutSets.get("dcql_query")).remove("credential_sets");

    assertThat(request.sdJwtQueryId()).isEqualTo("consent_sd");
    assertThat(MAPPER.readTree(response.vpToken()).fieldNames())
        .toIterable()
        .containsExactly("consent_sd");
    assertThat(read.audience()).hasValue("decentralized_identifier:" + k.providerDid);
    assertThat(read.nonce()).hasValue("n-1");
    assertThat(response.presentation()).doesNotContain(sd.disclosures().values());
    assertThatThrownBy(
            () ->
                Oid4vpWallet.respondSdJwt(
                    Oid4vpWallet.parse(withoutSdOption.toString()),
                    consent,
                    sd,
                    k.recipientSigner,
                    java.time.Instant.now()))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("dc+sd-jwt");
    assertThatThrownBy(() -> Oid4vpWallet.parse(twoWithoutSets.toString()))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("credential_sets");
  }

  private static ObjectNode withFormat(ObjectNode base, String format) {
    ObjectNode r = base.deepCopy();
    ((ObjectNode) r.get("dcql_query").get("credentials").get(0)).put("format", format);
    return r;
  }

  private static ObjectNode withType(ObjectNode base, String type) {
    ObjectNode r = base.deepCopy();
    ((ObjectNode) r.get("dcql_query").get("credentials").get(0))
        .putObject("meta")
        .putArray("type_values")
        .addArray()
        .add(type);
    return r;
  }
}
