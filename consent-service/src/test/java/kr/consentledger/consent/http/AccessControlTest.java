/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who reaches what (issue 5): one consent of subject A naming provider P and recipient R, and every
 * role (A, another subject B, P, another provider Q, R, an auditor, nobody) against every route
 * that shows or changes someone's data. Each cell is the status the role must get.
 */
class AccessControlTest {
  private ApiFixture f;
  private final Map<String, Wallet> roles = new LinkedHashMap<>();
  private String consentId;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture();
    roles.put("subject", f.wallet);
    roles.put("otherSubject", new Wallet());
    roles.put("provider", f.provider);
    roles.put("otherProvider", new Wallet());
    roles.put("recipient", f.recipient);
    roles.put("auditor", new Wallet());
    roles.values().forEach(w -> f.resolver.register(w.document));
    f.registry.register(f.provider.did, "provider");
    f.registry.register(roles.get("otherProvider").did, "provider");
    f.registry.register(f.recipient.did, "recipient");
    f.registry.register(roles.get("auditor").did, "auditor");
    consentId = Wallet.newConsentId();
    JsonObject submission = f.submission(f.credential(consentId));
    assertThat(f.post("/consents", submission.encode()).statusCode()).isEqualTo(202);
    f.registry.consents.put(
        consentId,
        new RegistryLedger.LedgerConsent(
            consentId,
            Wallet.hash(submission.getString("credential")),
            f.provider.did,
            f.recipient.did,
            "ConsentGiven"));
    f.audit.histories.put(
        consentId,
        new JsonArray()
            .add(
                new JsonObject()
                    .put("txId", "a".repeat(64))
                    .put("timestamp", "2026-11-21T10:00:00Z")
                    .put("blockNumber", 5)
                    .put(
                        "record",
                        new JsonObject()
                            .put("subject", f.wallet.did)
                            .put("status", "ConsentGiven"))));
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private HttpResponse<String> as(String role, String method, String path) throws Exception {
    String auth = role.equals("nobody") ? null : f.didAuth(roles.get(role));
    return switch (method) {
      case "GET" -> f.get(path, auth);
      case "DELETE" -> f.delete(path, auth);
      default -> auth == null ? f.post(path, body(path)) : f.postWith(path, body(path), auth);
    };
  }

  /** A body of the right shape, so that the request reaches authorisation. */
  private String body(String path) {
    if (!path.equals("/verifications")) {
      return "{}";
    }
    return new JsonObject()
        .put("presentation", "a.b.c")
        .put("receipt", "a.b.c")
        .put(
            "transmission",
            new JsonObject()
                .put("recipient", f.recipient.did)
                .put("categories", new JsonArray().add("health.checkup"))
                .put("purpose", "ServiceProvision"))
        .encode();
  }

  private void expect(String method, String path, Map<String, Integer> statuses) throws Exception {
    for (Map.Entry<String, Integer> e : statuses.entrySet()) {
      HttpResponse<String> r = as(e.getKey(), method, path);
      assertThat(r.statusCode())
          .as(e.getKey() + " " + method + " " + path + ": " + r.body())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void the_receipts_of_a_consent_are_for_its_subject_provider_and_recipient_only()
      throws Exception {
    expect(
        "GET",
        "/consents/" + consentId + "/receipts",
        Map.of(
            "subject",
            200,
            "provider",
            200,
            "recipient",
            200,
            "otherSubject",
            403,
            "otherProvider",
            403,
            "auditor",
            403,
            "nobody",
            401));
  }

  @Test
  void a_subject_lists_only_the_receipts_of_its_own_consents() throws Exception {
    f.storage
        .data()
        .receipts
        .put(
            "urn:uuid:00000000-0000-4000-8000-000000000009",
            new kr.consentledger.consent.ReceiptStore.Receipt(
                "urn:uuid:00000000-0000-4000-8000-000000000009",
                consentId,
                f.provider.did,
                f.recipient.did,
                List.of("health.checkup"),
                "0".repeat(64),
                ApiFixture.NOW.minusSeconds(60),
                "a".repeat(64),
                9));
    HttpResponse<String> mine = as("subject", "GET", "/receipts");
    assertThat(mine.statusCode()).isEqualTo(200);
    JsonArray list = new JsonObject(mine.body()).getJsonArray("receipts");
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0).getString("consentId")).isEqualTo(consentId);
    for (String role : List.of("otherSubject", "provider", "recipient", "auditor")) {
      HttpResponse<String> r = as(role, "GET", "/receipts");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getJsonArray("receipts")).as(role).isEmpty();
    }
    assertThat(as("nobody", "GET", "/receipts").statusCode()).isEqualTo(401);
    assertThat(as("subject", "GET", "/receipts?size=501").statusCode()).isEqualTo(400);
  }

  @Test
  void a_subject_lists_only_its_own_consents() throws Exception {
    for (String role : List.of("otherSubject", "provider", "recipient", "auditor")) {
      HttpResponse<String> r = as(role, "GET", "/consents");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).as(role).doesNotContain(consentId);
    }
    assertThat(as("subject", "GET", "/consents").body()).contains(consentId);
    assertThat(as("nobody", "GET", "/consents").statusCode()).isEqualTo(401);
  }

  @Test
  void only_the_subject_erases_its_credential() throws Exception {
    String path = "/consents/" + consentId + "/credential";
    expect(
        "DELETE",
        path,
        Map.of(
            "otherSubject",
            403,
            "provider",
            403,
            "otherProvider",
            403,
            "recipient",
            403,
            "auditor",
            403,
            "nobody",
            401));
    assertThat(f.storage.data().credentials.get(consentId).jws()).isNotNull();
    expect("DELETE", path, Map.of("subject", 204));
  }

  @Test
  void only_active_providers_verify_and_only_auditors_audit() throws Exception {
    expect(
        "POST",
        "/verifications",
        Map.of(
            "subject", 403, "otherSubject", 403, "recipient", 403, "auditor", 403, "nobody", 401));
    String party =
        "/audit/parties/" + URLEncoder.encode(f.wallet.did, StandardCharsets.UTF_8) + "/history";
    for (String path : List.of("/audit/consents/" + consentId + "/history", party)) {
      expect(
          "GET",
          path,
          Map.of(
              "subject",
              403,
              "otherSubject",
              403,
              "provider",
              403,
              "otherProvider",
              403,
              "recipient",
              403,
              "nobody",
              401,
              "auditor",
              200));
    }
    expect(
        "POST",
        "/audit/integrity",
        Map.of("subject", 403, "provider", 403, "recipient", 403, "nobody", 401, "auditor", 202));
    String job = "/audit/integrity/" + f.audit.jobs.keySet().iterator().next();
    for (String path : List.of(job, job + "/mismatches")) {
      expect(
          "GET",
          path,
          Map.of("subject", 403, "provider", 403, "recipient", 403, "nobody", 401, "auditor", 200));
    }
  }
}
