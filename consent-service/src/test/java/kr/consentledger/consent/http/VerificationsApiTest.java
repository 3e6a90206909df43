/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.ReceiptStore;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /verifications and GET /consents/{id}/receipts over HTTP, with fakes behind them. */
class VerificationsApiTest {
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

  private JsonObject body(Wallet signer, String nonce) throws Exception {
    String vp =
        VerifiablePresentation.builder()
            .holder(f.recipient.did)
            .credential(VerifiableCredential.parse(credential))
            .audience(f.provider.did)
            .nonce(nonce)
            .sign(f.recipient.authSigner())
            .jws();
    String receipt =
        ReceiptStatements.receipt(
            null,
            consentId,
            signer.did,
            f.recipient.did,
            List.of("health.checkup"),
            ReceiptStatements.presentationHash(vp),
            signer.assertionSigner());
    return new JsonObject()
        .put("presentation", vp)
        .put("receipt", receipt)
        .put(
            "transmission",
            new JsonObject()
                .put("recipient", f.recipient.did)
                .put("categories", new JsonArray().add("health.checkup"))
                .put("purpose", "ServiceProvision"));
  }

  private HttpResponse<String> verify(Wallet caller, JsonObject body) throws Exception {
    return f.postWith("/verifications", body.encode(), f.didAuth(caller));
  }

  @Test
  void allow_answers_every_check_and_puts_the_receipt_in_the_outbox() throws Exception {
    HttpResponse<String> r = verify(f.provider, body(f.provider, UUID.randomUUID().toString()));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject result = new JsonObject(r.body());
    assertThat(result.getString("decision")).as(r.body()).isEqualTo("allow");
    assertThat(result.getString("consentId")).isEqualTo(consentId);
    assertThat(result.getJsonArray("checks")).hasSize(12);
    assertThat(result.getString("receiptId")).startsWith("urn:uuid:");
    assertThat(f.storage.data().outbox.values()).anyMatch(i -> i.kind() == OutboxItem.Kind.RECEIPT);

    f.runOutbox(); // the anchor
    f.runOutbox(); // the receipt
    assertThat(f.ledger.calls).anyMatch(c -> c.kind() == OutboxItem.Kind.RECEIPT);
    assertThat(f.storage.data().outbox.values())
        .filteredOn(i -> i.kind() == OutboxItem.Kind.RECEIPT)
        .allMatch(i -> i.state() == OutboxItem.State.DONE);
  }

  @Test
  void a_denied_verification_stores_nothing_in_the_outbox() throws Exception {
    JsonObject body = body(f.provider, UUID.randomUUID().toString());
    body.getJsonObject("transmission").put("purpose", "Marketing");
    JsonObject result = new JsonObject(verify(f.provider, body).body());

    assertThat(result.getString("decision")).isEqualTo("deny");
    assertThat(result.getValue("receiptId")).isNull();
    assertThat(
            result.getJsonArray("checks").stream()
                .map(o -> (JsonObject) o)
                .filter(c -> "fail".equals(c.getString("result")))
                .map(c -> c.getString("code")))
        .containsExactly("PURPOSE_NOT_COVERED");
    assertThat(f.storage.data().outbox.values())
        .noneMatch(i -> i.kind() == OutboxItem.Kind.RECEIPT);
  }

  @Test
  void a_caller_that_is_not_an_active_provider_is_forbidden() throws Exception {
    HttpResponse<String> byRecipient =
        verify(f.recipient, body(f.recipient, UUID.randomUUID().toString()));
    f.registry.participants.put(
        f.provider.did, new RegistryLedger.Participant(f.provider.did, "provider", "suspended"));
    HttpResponse<String> bySuspended =
        verify(f.provider, body(f.provider, UUID.randomUUID().toString()));

    assertThat(byRecipient.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(byRecipient.body()).getString("code")).isEqualTo("FORBIDDEN");
    assertThat(bySuspended.statusCode()).isEqualTo(403);
  }

  @Test
  void requests_without_auth_or_with_an_unreadable_body_are_problems() throws Exception {
    HttpResponse<String> anonymous = f.post("/verifications", body(f.provider, "n").encode());
    HttpResponse<String> notJson = f.postWith("/verifications", "{not json", f.didAuth(f.provider));
    HttpResponse<String> missing =
        f.postWith("/verifications", "{\"presentation\":\"x\"}", f.didAuth(f.provider));
    HttpResponse<String> garbage =
        f.postWith(
            "/verifications",
            body(f.provider, "n2").put("presentation", "not-a-jws").encode(),
            f.didAuth(f.provider));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(garbage.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(garbage.body()).getString("decision")).isEqualTo("deny");
  }

  @Test
  void receipts_are_listed_for_the_subject_provider_and_recipient_only() throws Exception {
    f.storage
        .stores()
        .receipts()
        .record(
            new ReceiptStore.Receipt(
                "urn:uuid:" + UUID.randomUUID(),
                consentId,
                f.provider.did,
                f.recipient.did,
                List.of("health.checkup"),
                "0".repeat(64),
                Instant.parse("2026-11-22T00:00:05Z"),
                "tx9",
                12))
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    HttpResponse<String> subject =
        f.get("/consents/" + consentId + "/receipts", f.didAuth(f.wallet));
    HttpResponse<String> provider =
        f.get("/consents/" + consentId + "/receipts", f.didAuth(f.provider));
    HttpResponse<String> stranger =
        f.get("/consents/" + consentId + "/receipts", f.didAuth(new Wallet()));

    assertThat(subject.statusCode()).isEqualTo(200);
    JsonObject first = new JsonObject(subject.body()).getJsonArray("receipts").getJsonObject(0);
    assertThat(first.getString("recordedAt")).isEqualTo("2026-11-22T00:00:05Z");
    assertThat(first.getLong("blockNumber")).isEqualTo(12L);
    assertThat(first.getString("transactionId")).isEqualTo("tx9");
    assertThat(provider.statusCode()).isEqualTo(200);
    assertThat(stranger.statusCode()).isIn(401, 403);
  }
}
