/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.credential.VerifiableCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsentApiTest {
  private ApiFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ApiFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void a_valid_submission_is_accepted_as_pending_with_a_location_and_one_anchor_in_the_outbox()
      throws Exception {
    String id = Wallet.newConsentId();
    JsonObject body = f.submission(f.credential(id));

    HttpResponse<String> r = f.post("/consents", body.encode());

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.headers().firstValue("Location")).hasValue("/consents/" + id);
    JsonObject json = new JsonObject(r.body());
    assertThat(json.getString("consentId")).isEqualTo(id);
    assertThat(json.getString("status")).isEqualTo("pending");
    assertThat(json.containsKey("transactionId")).isTrue();
    assertThat(json.getValue("transactionId")).isNull();
    assertThat(f.storage.data().credentials.get(id).jws()).isEqualTo(body.getString("credential"));
    assertThat(f.storage.data().outbox.values())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.kind()).isEqualTo(OutboxItem.Kind.ANCHOR);
              assertThat(i.statement()).isEqualTo(body.getString("anchor"));
              assertThat(i.state()).isEqualTo(OutboxItem.State.PENDING);
            });
  }

  @Test
  void the_same_credential_again_is_answered_200_with_the_current_state_and_stores_nothing_more()
      throws Exception {
    String id = Wallet.newConsentId();
    JsonObject body = f.submission(f.credential(id));
    f.post("/consents", body.encode());
    f.runOutbox();

    HttpResponse<String> again = f.post("/consents", body.encode());

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getString("status")).isEqualTo("ConsentGiven");
    assertThat(f.storage.data().outbox).hasSize(1);
    assertThat(f.ledger.calls).hasSize(1);
  }

  @Test
  void the_status_shows_the_ledger_transaction_and_no_personal_fields_once_anchored()
      throws Exception {
    String id = Wallet.newConsentId();
    JsonObject body = f.submission(f.credential(id));
    f.post("/consents", body.encode());
    f.runOutbox();

    HttpResponse<String> r = f.get("/consents/" + id, null);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject json = new JsonObject(r.body());
    assertThat(json.getString("status")).isEqualTo("ConsentGiven");
    assertThat(json.getString("transactionId")).isEqualTo("tx1");
    assertThat(json.getLong("blockNumber")).isEqualTo(11L);
    assertThat(json.getString("credentialHash"))
        .isEqualTo(Wallet.hash(body.getString("credential")));
    assertThat(r.body()).doesNotContain("Hong Gildong").doesNotContain(f.wallet.did);
  }

  @Test
  void the_status_url_written_in_the_credential_answers_as_the_consent_does() throws Exception {
    String id = Wallet.newConsentId();
    JsonObject body = f.submission(f.credential(id));
    f.post("/consents", body.encode());
    f.runOutbox();
    String statusUrl =
        new JsonObject(
                VerifiableCredential.parse(body.getString("credential"))
                    .credential()
                    .credentialStatus()
                    .orElseThrow())
            .getString("id");
    String path = java.net.URI.create(statusUrl).getPath();

    HttpResponse<String> byStatusUrl = f.get(path, null);
    HttpResponse<String> byConsent = f.get("/consents/" + id, null);

    assertThat(path).isEqualTo("/consents/" + id + "/status");
    assertThat(byStatusUrl.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(byStatusUrl.body())).isEqualTo(new JsonObject(byConsent.body()));
    assertThat(new JsonObject(byStatusUrl.body()).getString("status")).isEqualTo("ConsentGiven");
  }

  @Test
  void a_revocation_is_accepted_then_the_consent_is_withdrawn_after_the_outbox_runs()
      throws Exception {
    String id = Wallet.newConsentId();
    JsonObject body = f.submission(f.credential(id));
    f.post("/consents", body.encode());
    String revocation =
        f.wallet.signRevocation(
            Wallet.revocationFor(id, body.getString("credential"), f.wallet.did));

    HttpResponse<String> r =
        f.post(
            "/consents/" + id + "/revocation",
            new JsonObject().put("revocation", revocation).encode());
    HttpResponse<String> repeated =
        f.post(
            "/consents/" + id + "/revocation",
            new JsonObject().put("revocation", revocation).encode());
    f.runOutbox();
    f.runOutbox();

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(new JsonObject(r.body()).getJsonObject("revocation").getString("status"))
        .isEqualTo("pending");
    assertThat(repeated.statusCode()).isEqualTo(202);
    assertThat(f.storage.data().outbox.values())
        .extracting(OutboxItem::kind)
        .containsExactly(OutboxItem.Kind.ANCHOR, OutboxItem.Kind.REVOKE);
    JsonObject status = new JsonObject(f.get("/consents/" + id, null).body());
    assertThat(status.getString("status")).isEqualTo("ConsentWithdrawn");
    assertThat(status.getString("transactionId")).isEqualTo("tx2");
  }

  @Test
  void the_subject_lists_its_consents_with_credentials_and_erasing_keeps_hash_and_status()
      throws Exception {
    String id = Wallet.newConsentId();
    JsonObject body = f.submission(f.credential(id));
    f.post("/consents", body.encode());
    String auth = f.didAuth(f.wallet);

    JsonArray before = new JsonObject(f.get("/consents", auth).body()).getJsonArray("consents");
    HttpResponse<String> erased = f.delete("/consents/" + id + "/credential", auth);
    JsonArray after = new JsonObject(f.get("/consents", auth).body()).getJsonArray("consents");

    assertThat(before).hasSize(1);
    assertThat(before.getJsonObject(0).getString("credential"))
        .isEqualTo(body.getString("credential"));
    assertThat(erased.statusCode()).isEqualTo(204);
    assertThat(after.getJsonObject(0).getValue("credential")).isNull();
    assertThat(after.getJsonObject(0).getBoolean("credentialErased")).isTrue();
    assertThat(after.getJsonObject(0).getString("credentialHash"))
        .isEqualTo(Wallet.hash(body.getString("credential")));
    assertThat(after.getJsonObject(0).getString("status")).isEqualTo("pending");
    assertThat(f.storage.data().credentials.get(id).erased()).isTrue();
  }

  @Test
  void another_did_sees_none_of_the_subjects_consents() throws Exception {
    f.post("/consents", f.submission(f.credential(Wallet.newConsentId())).encode());
    f.resolver.register(f.provider.document);

    HttpResponse<String> r = f.get("/consents", f.didAuth(f.provider));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonArray("consents")).isEmpty();
  }

  @Test
  void the_openapi_description_is_served_as_yaml() throws Exception {
    HttpResponse<String> r = f.get("/openapi.yaml", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/yaml");
    assertThat(r.body()).startsWith("openapi: 3.1.0").contains("operationId: submitConsent");
  }
}
