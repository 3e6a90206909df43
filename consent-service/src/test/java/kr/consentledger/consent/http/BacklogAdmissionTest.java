/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admission control on the outbox backlog: while it is over its bound (the fixture's: 1,000 items),
 * new consents, revocations and provider verifications get 503 OVERLOADED with Retry-After and
 * nothing is stored; reads are still served; under the bound all is accepted.
 */
class BacklogAdmissionTest {
  private ApiFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ApiFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private static void assertOverloaded(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 30));
    JsonObject problem = new JsonObject(r.body());
    assertThat(problem.getString("code")).isEqualTo("OVERLOADED");
    assertThat(problem.getString("type")).isEqualTo("https://consentledger.kr/problems/overloaded");
    assertThat(problem.getInteger("status")).isEqualTo(503);
  }

  @Test
  void a_consent_over_the_backlog_bound_is_refused_with_retry_after_and_nothing_is_stored()
      throws Exception {
    f.backlog.observe(1000);
    String id = Wallet.newConsentId();

    HttpResponse<String> r = f.post("/consents", f.submission(f.credential(id)).encode());

    assertOverloaded(r);
    assertThat(f.storage.data().credentials).isEmpty();
    assertThat(f.storage.data().states).isEmpty();
    assertThat(f.storage.data().outbox).isEmpty();
  }

  @Test
  void once_the_backlog_drains_below_its_bound_consents_are_accepted_again() throws Exception {
    f.backlog.observe(1000);
    HttpResponse<String> refused =
        f.post("/consents", f.submission(f.credential(Wallet.newConsentId())).encode());
    f.backlog.drained(1);

    HttpResponse<String> accepted =
        f.post("/consents", f.submission(f.credential(Wallet.newConsentId())).encode());

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(f.storage.data().outbox).hasSize(1);
  }

  @Test
  void revocations_and_verifications_are_refused_too_while_reads_are_served() throws Exception {
    String id = Wallet.newConsentId();
    JsonObject submission = f.submission(f.credential(id));
    assertThat(f.post("/consents", submission.encode()).statusCode()).isEqualTo(202);
    String credential = submission.getString("credential");
    String revocation = f.wallet.signRevocation(Wallet.revocationFor(id, credential, f.wallet.did));
    f.resolver.register(f.provider.document);
    f.resolver.register(f.recipient.document);
    f.registry.register(f.provider.did, "provider");
    String vp =
        VerifiablePresentation.builder()
            .holder(f.recipient.did)
            .credential(VerifiableCredential.parse(credential))
            .audience(f.provider.did)
            .nonce("n-1")
            .sign(f.recipient.authSigner())
            .jws();
    String receipt =
        ReceiptStatements.receipt(
            null,
            id,
            f.provider.did,
            f.recipient.did,
            List.of("health.checkup"),
            ReceiptStatements.presentationHash(vp),
            f.provider.assertionSigner());
    JsonObject verification =
        new JsonObject()
            .put("presentation", vp)
            .put("receipt", receipt)
            .put(
                "transmission",
                new JsonObject()
                    .put("recipient", f.recipient.did)
                    .put("categories", new JsonArray().add("health.checkup"))
                    .put("purpose", "ServiceProvision"));
    String token = f.didAuth(f.provider);
    f.backlog.observe(5000);

    HttpResponse<String> revoke =
        f.post(
            "/consents/" + id + "/revocation",
            new JsonObject().put("revocation", revocation).encode());
    HttpResponse<String> verify = f.postWith("/verifications", verification.encode(), token);
    HttpResponse<String> read = f.get("/consents/" + id, null);

    assertOverloaded(revoke);
    assertOverloaded(verify);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(f.storage.data().outbox).hasSize(1);
    assertThat(f.storage.data().nonces).isEmpty();
  }
}
