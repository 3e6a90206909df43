/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /credentials/verify and /presentations/verify (W3C VC API shapes). */
class VcApiTest {
  private ApiFixture f;
  private String credential;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture();
    f.resolver.register(f.recipient.document);
    credential = f.submission(f.credential(Wallet.newConsentId())).getString("credential");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private JsonObject post(String path, JsonObject body) throws Exception {
    HttpResponse<String> r = f.post(path, body.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Test
  void a_valid_credential_has_checks_and_no_errors_as_a_string_or_enveloped() throws Exception {
    JsonObject plain =
        post("/credentials/verify", new JsonObject().put("verifiableCredential", credential));
    JsonObject enveloped =
        post(
            "/credentials/verify",
            new JsonObject()
                .put(
                    "verifiableCredential",
                    new JsonObject()
                        .put("type", "EnvelopedVerifiableCredential")
                        .put("id", "data:application/vc+jwt," + credential)));

    assertThat(plain.getJsonArray("errors")).isEmpty();
    assertThat(plain.getJsonArray("warnings")).isEmpty();
    assertThat(plain.getJsonArray("checks").getList()).contains("proof");
    assertThat(enveloped.getJsonArray("errors")).isEmpty();
  }

  @Test
  void a_tampered_credential_is_an_error_not_a_failure_of_the_request() throws Exception {
    String tampered =
        credential.substring(0, credential.length() - 3)
            + (credential.endsWith("AAA") ? "BBB" : "AAA");
    JsonObject r =
        post("/credentials/verify", new JsonObject().put("verifiableCredential", tampered));
    JsonObject garbage =
        post("/credentials/verify", new JsonObject().put("verifiableCredential", "nope"));

    assertThat(r.getJsonArray("errors")).hasSize(1);
    assertThat(r.getJsonArray("errors").getJsonObject(0).getString("check")).isEqualTo("proof");
    assertThat(garbage.getJsonArray("errors")).hasSize(1);
    assertThat(
            f.post("/credentials/verify", "{\"verifiableCredential\":{\"id\":\"http://x\"}}")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void a_presentation_is_checked_with_its_domain_and_challenge() throws Exception {
    String vp =
        VerifiablePresentation.builder()
            .holder(f.recipient.did)
            .credential(VerifiableCredential.parse(credential))
            .audience("did:web:verifier.example.kr")
            .nonce("n-1")
            .sign(f.recipient.authSigner())
            .jws();
    JsonObject ok =
        post(
            "/presentations/verify",
            new JsonObject()
                .put("verifiablePresentation", vp)
                .put(
                    "options",
                    new JsonObject()
                        .put("domain", "did:web:verifier.example.kr")
                        .put("challenge", "n-1")));
    JsonObject wrong =
        post(
            "/presentations/verify",
            new JsonObject()
                .put("verifiablePresentation", vp)
                .put(
                    "options",
                    new JsonObject()
                        .put("domain", "did:web:other.example.kr")
                        .put("challenge", "n-2")));

    assertThat(ok.getJsonArray("errors")).as(ok.encode()).isEmpty();
    assertThat(ok.getJsonArray("checks").getList())
        .contains("proof", "domain", "challenge", "verifiableCredential[0]");
    assertThat(wrong.getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("code")))
        .containsExactlyInAnyOrder("WRONG_AUDIENCE", "WRONG_NONCE");
  }
}
