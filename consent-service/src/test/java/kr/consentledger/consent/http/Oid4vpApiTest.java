/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.consent.Oid4vpRequestObject;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.keys.Signer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenID4VP verifier routes over HTTP, with fakes behind them. */
class Oid4vpApiTest {
  private ApiFixture f;
  private String consentId;
  private String credential;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture();
    consentId = Wallet.newConsentId();
    credential = f.anchoredConsent(consentId);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private HttpResponse<String> create(Wallet caller, String recipient) throws Exception {
    JsonObject body =
        new JsonObject()
            .put(
                "transmission",
                new JsonObject()
                    .put("recipient", recipient)
                    .put("categories", new JsonArray().add("health.checkup"))
                    .put("purpose", "ServiceProvision"));
    return f.postWith("/oid4vp/requests", body.encode(), f.didAuth(caller));
  }

  private JsonObject request() throws Exception {
    return request(f.recipient.did);
  }

  /** Creates a request and signs its request object with the provider's key. */
  private JsonObject request(String recipient) throws Exception {
    HttpResponse<String> r = create(f.provider, recipient);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject created = new JsonObject(r.body());
    assertThat(created.getString("status")).isEqualTo("created");
    HttpResponse<String> signed = sign(created, f.provider);
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    return new JsonObject(signed.body());
  }

  private HttpResponse<String> sign(JsonObject created, Wallet signer) throws Exception {
    return sign(created, signer.authSigner());
  }

  private HttpResponse<String> sign(JsonObject created, Signer signer) throws Exception {
    String jws =
        Oid4vpRequestObject.sign(created.getJsonObject("requestObjectPayload").encode(), signer);
    return f.send(
        HttpRequest.newBuilder(
                f.uri("/oid4vp/requests/" + created.getString("id") + "/request-object"))
            .header("Content-Type", "application/json")
            .header("Authorization", f.didAuth(f.provider))
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("requestObject", jws).encode()))
            .build());
  }

  private String presentation(String audience, String nonce) throws Exception {
    return VerifiablePresentation.builder()
        .holder(f.recipient.did)
        .credential(VerifiableCredential.parse(credential))
        .audience(audience)
        .nonce(nonce)
        .sign(f.recipient.authSigner())
        .jws();
  }

  private HttpResponse<String> respond(String responseUri, String form) throws Exception {
    return f.send(
        HttpRequest.newBuilder(URI.create(responseUri))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  private static String form(String vp, String state) {
    return "vp_token="
        + URLEncoder.encode(
            new JsonObject().put("consent", new JsonArray().add(vp)).encode(),
            StandardCharsets.UTF_8)
        + "&state="
        + URLEncoder.encode(state, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> decide(String id) throws Exception {
    JsonObject read = new JsonObject(f.get("/oid4vp/requests/" + id, f.didAuth(f.provider)).body());
    String receipt =
        ReceiptStatements.receipt(
            null,
            consentId,
            f.provider.did,
            f.recipient.did,
            List.of("health.checkup"),
            read.getString("presentationHash", "0".repeat(64)),
            f.provider.assertionSigner());
    return f.postWith(
        "/oid4vp/requests/" + id + "/decision",
        new JsonObject().put("receipt", receipt).encode(),
        f.didAuth(f.provider));
  }

  private static List<String> failed(JsonObject result) {
    return result.getJsonArray("checks").stream()
        .map(o -> (JsonObject) o)
        .filter(c -> "fail".equals(c.getString("result")))
        .map(c -> c.getString("code"))
        .toList();
  }

  @Test
  void a_provider_gets_an_authorization_request_bound_to_its_did_with_a_dcql_query()
      throws Exception {
    JsonObject created = request();
    JsonObject ar = created.getJsonObject("authorizationRequest");

    assertThat(created.getString("status")).isEqualTo("pending");
    assertThat(created.getString("requestUri"))
        .isEqualTo(f.base() + "/oid4vp/request-objects/" + created.getString("id"));
    assertThat(ar.getString("client_id")).isEqualTo("decentralized_identifier:" + f.provider.did);
    assertThat(ar.getString("response_type")).isEqualTo("vp_token");
    assertThat(ar.getString("response_mode")).isEqualTo("direct_post");
    assertThat(ar.getString("response_uri"))
        .isEqualTo(f.base() + "/oid4vp/responses/" + created.getString("id"));
    assertThat(ar.getString("nonce")).hasSize(43);
    JsonObject query = ar.getJsonObject("dcql_query").getJsonArray("credentials").getJsonObject(0);
    assertThat(query.getString("id")).isEqualTo("consent");
    assertThat(query.getString("format")).isEqualTo("jwt_vc_json");
    assertThat(query.getJsonArray("claims").encode())
        .contains(f.recipient.did, "health.checkup", "ServiceProvision");
    assertThat(created.getString("walletUrl"))
        .startsWith("openid4vp://?client_id=decentralized_identifier%3A");
  }

  @Test
  void a_wallet_answer_then_the_provider_decision_allows_and_queues_the_receipt() throws Exception {
    JsonObject created = request();
    JsonObject ar = created.getJsonObject("authorizationRequest");
    String vp = presentation(ar.getString("client_id"), ar.getString("nonce"));

    HttpResponse<String> posted =
        respond(ar.getString("response_uri"), form(vp, ar.getString("state")));
    HttpResponse<String> decided = decide(created.getString("id"));

    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(posted.body()).isEqualTo("{}");
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    JsonObject result = new JsonObject(decided.body());
    assertThat(result.getString("decision")).as(decided.body()).isEqualTo("allow");
    assertThat(result.getJsonArray("checks")).hasSize(13);
    assertThat(result.getString("receiptId")).startsWith("urn:uuid:");
    assertThat(f.storage.data().outbox.values()).anyMatch(i -> i.kind() == OutboxItem.Kind.RECEIPT);
    JsonObject read =
        new JsonObject(
            f.get("/oid4vp/requests/" + created.getString("id"), f.didAuth(f.provider)).body());
    // CONSENT-PROTOCOL.md §8b's decision example has this answer's members and checks.
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "<!-- example oid4vp-decision -->\\s*```json\\n(.*?)\\n```",
                java.util.regex.Pattern.DOTALL)
            .matcher(
                java.nio.file.Files.readString(
                    java.nio.file.Path.of("..", "ledger-chaincode", "CONSENT-PROTOCOL.md")));
    assertThat(m.find()).isTrue();
    JsonObject documented = new JsonObject(m.group(1));
    assertThat(result.fieldNames()).containsExactlyInAnyOrderElementsOf(documented.fieldNames());
    assertThat(result.getJsonArray("checks")).isEqualTo(documented.getJsonArray("checks"));
    assertThat(read.getString("status")).isEqualTo("decided");
    assertThat(read.getJsonObject("decision").getString("decision")).isEqualTo("allow");
  }

  @Test
  void the_sdk_wallet_answers_the_wallet_url_and_the_decision_allows() throws Exception {
    JsonObject created = request();
    kr.consentledger.wallet.consent.Oid4vpWallet.AuthorizationRequest r =
        kr.consentledger.wallet.consent.Oid4vpWallet.resolve(
            created.getString("walletUrl"),
            uri -> {
              try {
                HttpResponse<String> got = f.send(HttpRequest.newBuilder(uri).GET().build());
                assertThat(got.headers().firstValue("Content-Type"))
                    .hasValue("application/oauth-authz-req+jwt");
                return got.body();
              } catch (Exception e) {
                throw new kr.consentledger.wallet.WalletException(e.getMessage(), e);
              }
            },
            did -> f.provider.document,
            ApiFixture.NOW);
    kr.consentledger.wallet.consent.Oid4vpWallet.Response response =
        kr.consentledger.wallet.consent.Oid4vpWallet.respond(
            r,
            kr.consentledger.wallet.credential.ConsentCredential.parse(credential),
            f.recipient.did,
            f.recipient.authSigner());

    HttpResponse<String> posted = respond(response.responseUri().toString(), response.formBody());
    JsonObject result = new JsonObject(decide(created.getString("id")).body());

    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(result.getString("decision")).as(result.encode()).isEqualTo("allow");
  }

  @Test
  void a_wallet_answering_with_the_sd_jwt_vc_is_allowed_and_shows_the_provider_nothing_personal()
      throws Exception {
    kr.consentledger.wallet.credential.ConsentCredential parsed =
        kr.consentledger.wallet.credential.ConsentCredential.parse(credential);
    f.registry.consents.put(
        consentId,
        new RegistryLedger.LedgerConsent(
            consentId,
            Wallet.hash(credential),
            f.provider.did,
            f.recipient.did,
            "ConsentGiven",
            null,
            f.wallet.did,
            parsed.validFrom(),
            parsed.validUntil()));
    JsonObject created = request();
    kr.consentledger.wallet.consent.Oid4vpWallet.AuthorizationRequest r =
        kr.consentledger.wallet.consent.Oid4vpWallet.parse(
            created.getJsonObject("authorizationRequest").encode());
    kr.consentledger.wallet.credential.SdJwtConsent sd =
        kr.consentledger.wallet.credential.SdJwtConsent.issue(
            parsed,
            f.recipient.authSigner().publicKey(),
            f.wallet.assertionSigner(),
            ApiFixture.NOW);
    kr.consentledger.wallet.consent.Oid4vpWallet.Response response =
        kr.consentledger.wallet.consent.Oid4vpWallet.respondSdJwt(
            r, parsed, sd, f.recipient.authSigner(), ApiFixture.NOW);

    HttpResponse<String> posted = respond(response.responseUri().toString(), response.formBody());
    JsonObject read =
        new JsonObject(
            f.get("/oid4vp/requests/" + created.getString("id"), f.didAuth(f.provider)).body());
    JsonObject result = new JsonObject(decide(created.getString("id")).body());

    assertThat(r.sdJwtQueryId()).isEqualTo("consent_sd");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(read.getString("presentation")).isEqualTo(response.presentation());
    assertThat(read.getString("presentation")).doesNotContain(sd.disclosures().values());
    assertThat(result.getString("decision")).as(result.encode()).isEqualTo("allow");
    assertThat(result.getJsonArray("checks")).hasSize(13);
  }

  @Test
  void a_presentation_with_another_nonce_is_denied_with_nonce_mismatch() throws Exception {
    JsonObject created = request();
    JsonObject ar = created.getJsonObject("authorizationRequest");
    String vp = presentation(ar.getString("client_id"), "another-nonce");

    respond(ar.getString("response_uri"), form(vp, ar.getString("state")));
    JsonObject result = new JsonObject(decide(created.getString("id")).body());

    assertThat(result.getString("decision")).isEqualTo("deny");
    assertThat(failed(result)).containsExactly("NONCE_MISMATCH");
    assertThat(result.getString("receiptId")).isNull();
    // A denied transmission leaves no receipt on its way to the ledger.
    assertThat(f.storage.data().outbox.values())
        .noneMatch(i -> i.kind() == OutboxItem.Kind.RECEIPT);
  }

  @Test
  void a_request_for_another_recipient_is_denied_with_wrong_recipient() throws Exception {
    Wallet other = new Wallet();
    f.resolver.register(other.document);
    f.registry.register(other.did, "recipient");
    JsonObject created = request(other.did);
    JsonObject ar = created.getJsonObject("authorizationRequest");
    String vp = presentation(ar.getString("client_id"), ar.getString("nonce"));

    respond(ar.getString("response_uri"), form(vp, ar.getString("state")));
    JsonObject read =
        new JsonObject(
            f.get("/oid4vp/requests/" + created.getString("id"), f.didAuth(f.provider)).body());
    String receipt =
        ReceiptStatements.receipt(
            null,
            consentId,
            f.provider.did,
            other.did,
            List.of("health.checkup"),
            read.getString("presentationHash"),
            f.provider.assertionSigner());
    JsonObject result =
        new JsonObject(
            f.postWith(
                    "/oid4vp/requests/" + created.getString("id") + "/decision",
                    new JsonObject().put("receipt", receipt).encode(),
                    f.didAuth(f.provider))
                .body());

    assertThat(result.getString("decision")).isEqualTo("deny");
    assertThat(failed(result)).containsExactly("WRONG_RECIPIENT");
    assertThat(f.storage.data().outbox.values())
        .noneMatch(i -> i.kind() == OutboxItem.Kind.RECEIPT);
  }

  @Test
  void a_request_is_answered_once_and_decided_once() throws Exception {
    JsonObject created = request();
    JsonObject ar = created.getJsonObject("authorizationRequest");
    String vp = presentation(ar.getString("client_id"), ar.getString("nonce"));
    String id = created.getString("id");

    HttpResponse<String> early = decide(id);
    respond(ar.getString("response_uri"), form(vp, ar.getString("state")));
    HttpResponse<String> again =
        respond(ar.getString("response_uri"), form(vp, ar.getString("state")));
    decide(id);
    HttpResponse<String> twice = decide(id);

    for (HttpResponse<String> r : List.of(early, again, twice)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
      assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("OID4VP_REQUEST_STATE");
    }
  }

  @Test
  void a_wrong_state_an_unknown_request_and_a_bad_vp_token_are_refused() throws Exception {
    JsonObject created = request();
    JsonObject ar = created.getJsonObject("authorizationRequest");
    String vp = presentation(ar.getString("client_id"), ar.getString("nonce"));

    HttpResponse<String> wrongState = respond(ar.getString("response_uri"), form(vp, "other"));
    HttpResponse<String> unknown =
        respond(
            f.base() + "/oid4vp/responses/00000000-0000-4000-8000-000000000000",
            form(vp, ar.getString("state")));
    HttpResponse<String> badToken =
        respond(
            ar.getString("response_uri"),
            "vp_token="
                + URLEncoder.encode(vp, StandardCharsets.UTF_8)
                + "&state="
                + ar.getString("state"));
    HttpResponse<String> empty = respond(ar.getString("response_uri"), "");
    HttpResponse<String> byAnother =
        f.get("/oid4vp/requests/" + created.getString("id"), f.didAuth(f.recipient));

    assertThat(wrongState.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(wrongState.body()).getString("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("code"))
        .isEqualTo("OID4VP_REQUEST_NOT_FOUND");
    assertThat(badToken.statusCode()).isEqualTo(400);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(byAnother.statusCode()).isEqualTo(404);
  }

  @Test
  void malformed_answers_get_problem_json_never_a_500() throws Exception {
    // What schemathesis sent: a request id outside its pattern, a form of odd keys only, and
    // TRACE with a form body.
    HttpResponse<String> badId =
        respond(
            f.base() + "/oid4vp/responses/%C3%87Z%2B%F2%9D%89%AD%F2%AE%A5%A5%F4%8A%80%BCt%2A",
            "vp_token=%F0%AC%9D%AE%C2%9F%C2%8B&state=&error=%40%ED%88%84");
    HttpResponse<String> oddForm =
        respond(
            f.base() + "/oid4vp/responses/5e67191e-657f-2f01-1053-e3f92b210b1e",
            "=null&C%F2%90%A8%A40%C2%B9%1B8=-40&%C2%96%C2%B6=%C2%83&%C2%96%C2%B6=%F2%80%84%92");
    HttpResponse<String> trace =
        f.send(
            HttpRequest.newBuilder(
                    URI.create(f.base() + "/oid4vp/responses/00000000-0000-0000-0000-000000000000"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method("TRACE", HttpRequest.BodyPublishers.ofString("vp_token=&state="))
                .build());

    for (HttpResponse<String> r : List.of(badId, oddForm, trace)) {
      assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
    }
    assertThat(trace.statusCode()).isEqualTo(405);
  }

  @Test
  void the_request_object_must_be_the_requests_payload_signed_by_the_provider_once()
      throws Exception {
    JsonObject created = new JsonObject(create(f.provider, f.recipient.did).body());
    String id = created.getString("id");
    HttpResponse<String> beforeSigning = f.get("/oid4vp/request-objects/" + id, null);
    HttpResponse<String> answeredEarly =
        respond(
            created.getJsonObject("authorizationRequest").getString("response_uri"),
            "error=access_denied&state="
                + URLEncoder.encode(
                    created.getJsonObject("authorizationRequest").getString("state"),
                    StandardCharsets.UTF_8));
    JsonObject changed = created.copy();
    changed.getJsonObject("requestObjectPayload").put("nonce", "chosen-by-someone-else");
    HttpResponse<String> otherPayload = sign(changed, f.provider);
    Signer recipientKey = f.recipient.authSigner();
    Signer forged =
        new Signer() {
          @Override
          public String algorithm() {
            return recipientKey.algorithm();
          }

          @Override
          public String keyId() {
            return f.provider.authSigner().keyId();
          }

          @Override
          public kr.consentledger.wallet.keys.WalletPublicKey publicKey() {
            return recipientKey.publicKey();
          }

          @Override
          public byte[] sign(byte[] input) throws kr.consentledger.wallet.WalletException {
            return recipientKey.sign(input);
          }
        };
    HttpResponse<String> otherSigner = sign(created, forged);
    HttpResponse<String> signed = sign(created, f.provider);
    HttpResponse<String> twice = sign(created, f.provider);
    HttpResponse<String> fetched = f.get("/oid4vp/request-objects/" + id, null);

    assertThat(beforeSigning.statusCode()).isEqualTo(404);
    assertThat(answeredEarly.statusCode()).isEqualTo(409);
    assertThat(otherPayload.statusCode()).as(otherPayload.body()).isEqualTo(400);
    assertThat(new JsonObject(otherPayload.body()).getString("code"))
        .isEqualTo("VALIDATION_FAILED");
    assertThat(otherSigner.statusCode()).as(otherSigner.body()).isBetween(400, 499);
    assertThat(new JsonObject(otherSigner.body()).getString("code")).isEqualTo("BAD_SIGNATURE");
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    assertThat(new JsonObject(signed.body()).getString("walletUrl"))
        .isEqualTo(
            "openid4vp://?client_id="
                + URLEncoder.encode("decentralized_identifier:" + f.provider.did, UTF8)
                + "&request_uri="
                + URLEncoder.encode(f.base() + "/oid4vp/request-objects/" + id, UTF8));
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(fetched.statusCode()).isEqualTo(200);
    kr.consentledger.wallet.consent.Oid4vpRequestObject.Parsed parsed =
        Oid4vpRequestObject.parse(fetched.body());
    assertThat(parsed.keyId()).startsWith(f.provider.did + "#");
    assertThat(new JsonObject(parsed.payloadJson()))
        .isEqualTo(new JsonObject(created.getJsonObject("requestObjectPayload").encode()));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  @Test
  void a_caller_that_is_not_an_active_provider_cannot_create_a_request() throws Exception {
    HttpResponse<String> r = create(f.recipient, f.recipient.did);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("FORBIDDEN");
  }

  @Test
  void a_wallet_error_is_recorded_and_the_decision_is_refused() throws Exception {
    JsonObject created = request();
    JsonObject ar = created.getJsonObject("authorizationRequest");

    HttpResponse<String> posted =
        respond(
            ar.getString("response_uri"),
            "error=access_denied&state="
                + URLEncoder.encode(ar.getString("state"), StandardCharsets.UTF_8));
    HttpResponse<String> decided = decide(created.getString("id"));

    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(decided.statusCode()).isEqualTo(409);
    assertThat(decided.body()).contains("access_denied");
  }
}
