/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.AuditStore;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The auditor API over HTTP, with fakes behind it: who may call it, and what it answers. */
class AuditApiTest {
  private static final String TX1 = "a".repeat(64);
  private static final String TX2 = "b".repeat(64);
  private static final String TX3 = "c".repeat(64);

  private ApiFixture f;
  private Wallet auditor;
  private String consentId;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture();
    auditor = new Wallet();
    for (Wallet w : List.of(f.provider, f.recipient, auditor)) {
      f.resolver.register(w.document);
    }
    f.registry.register(f.provider.did, "provider");
    f.registry.register(f.recipient.did, "recipient");
    f.registry.register(auditor.did, "auditor");
    consentId = Wallet.newConsentId();
    JsonObject record =
        new JsonObject()
            .put("consentId", consentId)
            .put("credentialHash", "h".repeat(64))
            .put("subject", f.wallet.did)
            .put("provider", f.provider.did)
            .put("recipient", f.recipient.did)
            .put("status", "ConsentGiven")
            .put("anchorStatementHash", "1".repeat(64));
    f.audit.histories.put(
        consentId,
        new JsonArray()
            .add(
                new JsonObject()
                    .put("txId", TX1)
                    .put("timestamp", "2026-11-21T10:00:00Z")
                    .put("blockNumber", 7)
                    .put("record", record))
            .add(
                new JsonObject()
                    .put("txId", TX3)
                    .put("timestamp", "2026-11-21T12:00:00Z")
                    .put("blockNumber", 9)
                    .put(
                        "record",
                        record
                            .copy()
                            .put("status", "ConsentWithdrawn")
                            .put("revocationReason", "withdrawn")
                            .put("revocationStatementHash", "2".repeat(64)))));
    f.audit.receipts.put(
        consentId,
        new JsonArray()
            .add(
                new JsonObject()
                    .put("receiptId", "urn:uuid:00000000-0000-4000-8000-000000000001")
                    .put("consentId", consentId)
                    .put("provider", f.provider.did)
                    .put("recipient", f.recipient.did)
                    .put(
                        "categories",
                        new JsonArray().add("health.checkup").add("health.prescription"))
                    .put("recordedAt", "2026-11-21T11:00:00Z")
                    .put("txId", TX2)
                    .put("blockNumber", 8)));
    f.audit.proofs.put(
        TX1,
        new JsonObject()
            .put("transactionId", TX1)
            .put("blockNumber", 7)
            .put("dataHashMatches", true));
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private String party(Wallet w) {
    return "/audit/parties/" + URLEncoder.encode(w.did, StandardCharsets.UTF_8) + "/history";
  }

  private List<String> routes() {
    return List.of(
        "/audit/consents/" + consentId + "/history",
        party(f.wallet),
        "/audit/transactions/" + TX1 + "/proof",
        "POST /audit/integrity");
  }

  private HttpResponse<String> call(String route, String authorization) throws Exception {
    if (route.startsWith("POST ")) {
      return authorization == null
          ? f.post(route.substring(5), "")
          : f.postWith(route.substring(5), "", authorization);
    }
    return f.get(route, authorization);
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("code")).isEqualTo(code);
  }

  @Test
  void only_an_active_registered_auditor_reaches_the_audit_routes() throws Exception {
    for (String route : routes()) {
      assertProblem(call(route, null), 401, "UNAUTHENTICATED");
      for (Wallet w : List.of(f.wallet, f.provider, f.recipient)) {
        assertProblem(call(route, f.didAuth(w)), 403, "FORBIDDEN");
      }
      assertThat(call(route, f.didAuth(auditor)).statusCode())
          .as(route)
          .isEqualTo(route.startsWith("POST ") ? 202 : 200);
    }
    f.registry.participants.put(
        auditor.did, new RegistryLedger.Participant(auditor.did, "auditor", "suspended"));
    for (String route : routes()) {
      assertProblem(call(route, f.didAuth(auditor)), 403, "FORBIDDEN");
    }
  }

  @Test
  void the_history_of_a_consent_lists_state_changes_and_receipts_in_block_order_with_their_signers()
      throws Exception {
    HttpResponse<String> r = f.get("/audit/consents/" + consentId + "/history", f.didAuth(auditor));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject h = new JsonObject(r.body());
    assertThat(h.getString("subject")).isEqualTo(f.wallet.did);
    assertThat(h.getString("status")).isEqualTo("ConsentWithdrawn");
    JsonArray entries = h.getJsonArray("entries");
    assertThat(entries.stream().map(e -> ((JsonObject) e).getString("event")))
        .containsExactly("anchored", "receipt", "revoked");
    assertThat(entries.stream().map(e -> ((JsonObject) e).getString("transactionId")))
        .containsExactly(TX1, TX2, TX3);
    assertThat(entries.stream().map(e -> ((JsonObject) e).getLong("blockNumber")))
        .containsExactly(7L, 8L, 9L);
    assertThat(entries.getJsonObject(0).getJsonArray("signers").getList())
        .containsExactly(f.wallet.did);
    assertThat(entries.getJsonObject(1).getJsonArray("signers").getList())
        .containsExactly(f.provider.did);
    assertThat(entries.getJsonObject(2).getString("reason")).isEqualTo("withdrawn");
    assertThat(entries.getJsonObject(2).getString("statementHash")).isEqualTo("2".repeat(64));

    assertProblem(
        f.get("/audit/consents/" + Wallet.newConsentId() + "/history", f.didAuth(auditor)),
        404,
        "CONSENT_NOT_FOUND");
    assertProblem(
        f.get("/audit/consents/not-an-id/history", f.didAuth(auditor)), 400, "VALIDATION_FAILED");
  }

  @Test
  void the_history_exports_as_csv_by_query_or_by_accept_header() throws Exception {
    HttpResponse<String> r =
        f.get("/audit/consents/" + consentId + "/history?format=csv", f.didAuth(auditor));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(AuditRouter.CSV);
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(r.body()))
            .getRecords();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).get("event")).isEqualTo("receipt");
    assertThat(rows.get(1).get("categories")).isEqualTo("health.checkup health.prescription");
    assertThat(rows.get(1).get("transactionId")).isEqualTo(TX2);
    assertThat(rows.get(0).get("signers")).isEqualTo(f.wallet.did);

    f.audit.activity =
        new JsonObject()
            .put("total", 1)
            .put(
                "consents",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("consentId", consentId)
                            .put("status", "ConsentGiven")
                            .put("roles", new JsonArray().add("subject"))
                            .put("subject", f.wallet.did)
                            .put("provider", f.provider.did)
                            .put("recipient", f.recipient.did)
                            .put("updatedAt", "2026-11-21T10:00:00Z")
                            .put("transactionId", TX1)
                            .put("blockNumber", 7)
                            .put("receipts", f.audit.receipts.get(consentId).copy())));
    HttpResponse<String> p =
        f.send(
            java.net.http.HttpRequest.newBuilder(f.uri(party(f.wallet)))
                .header("Accept", "text/csv")
                .header("Authorization", f.didAuth(auditor))
                .GET()
                .build());
    assertThat(p.statusCode()).isEqualTo(200);
    assertThat(p.headers().firstValue("X-Total-Count")).hasValue("1");
    List<CSVRecord> partyRows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(p.body()))
            .getRecords();
    assertThat(partyRows).extracting(x -> x.get("entry")).containsExactly("consent", "receipt");
    assertThat(partyRows.get(0).get("roles")).isEqualTo("subject");
  }

  @Test
  void party_history_takes_a_time_range_and_a_page_and_refuses_bad_ones() throws Exception {
    HttpResponse<String> r =
        f.get(
            party(f.provider) + "?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&page=2&size=10",
            f.didAuth(auditor));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(f.audit.lastPartyQuery)
        .containsExactly(
            f.provider.did,
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:00:00Z"),
            2,
            10);
    JsonObject page = new JsonObject(r.body());
    assertThat(page.getInteger("page")).isEqualTo(2);
    assertThat(page.getInteger("size")).isEqualTo(10);

    assertThat(f.get(party(f.provider), f.didAuth(auditor)).statusCode()).isEqualTo(200);
    assertThat(f.audit.lastPartyQuery.subList(3, 5)).containsExactly(0, 100);

    String token = f.didAuth(auditor);
    assertProblem(
        f.get(party(f.provider) + "?from=2026-12-01T00:00:00Z&to=2026-01-01T00:00:00Z", token),
        400,
        "VALIDATION_FAILED");
    assertProblem(f.get(party(f.provider) + "?size=501", token), 400, "VALIDATION_FAILED");
    assertProblem(f.get(party(f.provider) + "?page=-1", token), 400, "VALIDATION_FAILED");
    assertProblem(f.get(party(f.provider) + "?from=yesterday", token), 400, "VALIDATION_FAILED");
    assertProblem(f.get(party(f.provider) + "?format=xml", token), 400, "VALIDATION_FAILED");
    assertProblem(f.get("/audit/parties/not-a-did/history", token), 400, "VALIDATION_FAILED");
  }

  @Test
  void a_ledger_that_does_not_answer_is_a_503_problem_never_a_500() throws Exception {
    f.audit.ledgerFailure =
        new kr.consentledger.consent.LedgerException(true, null, null, "deadline exceeded", null);
    assertProblem(
        f.get("/audit/consents/" + consentId + "/history", f.didAuth(auditor)),
        503,
        "SERVICE_UNAVAILABLE");
    assertProblem(
        f.get("/audit/transactions/" + TX1 + "/proof", f.didAuth(auditor)),
        503,
        "SERVICE_UNAVAILABLE");
  }

  @Test
  void the_proof_of_an_unknown_transaction_is_not_found() throws Exception {
    HttpResponse<String> r = f.get("/audit/transactions/" + TX1 + "/proof", f.didAuth(auditor));
    assertThat(new JsonObject(r.body()).getBoolean("dataHashMatches")).isTrue();
    assertProblem(
        f.get("/audit/transactions/" + TX2 + "/proof", f.didAuth(auditor)),
        404,
        "TRANSACTION_NOT_FOUND");
    assertProblem(
        f.get("/audit/transactions/xyz/proof", f.didAuth(auditor)), 400, "VALIDATION_FAILED");
  }

  @Test
  void the_integrity_check_recomputes_every_stored_hash_and_names_each_mismatch() throws Exception {
    String good = "eyJhIjoxfQ.eyJiIjoyfQ.c2ln";
    String changed = "eyJhIjoxfQ.eyJiIjozfQ.c2ln";
    String pending = "eyJhIjoxfQ.eyJiIjo0fQ.c2ln";
    String[] ids = new String[20];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Wallet.newConsentId();
    }
    // 17 consistent ones (more than one parallel chunk), one changed credential, one changed hash
    // column, one pending.
    for (int i = 0; i < 17; i++) {
      f.audit.stored.add(
          new AuditStore.StoredHash(ids[i], good, Wallet.hash(good), Wallet.hash(good)));
      f.registry.consents.put(ids[i], ledger(ids[i], Wallet.hash(good)));
    }
    f.audit.stored.add(
        new AuditStore.StoredHash(ids[17], changed, Wallet.hash(good), Wallet.hash(good)));
    f.registry.consents.put(ids[17], ledger(ids[17], Wallet.hash(good)));
    f.audit.stored.add(new AuditStore.StoredHash(ids[18], good, "0".repeat(64), Wallet.hash(good)));
    f.registry.consents.put(ids[18], ledger(ids[18], Wallet.hash(good)));
    f.audit.stored.add(
        new AuditStore.StoredHash(ids[19], pending, Wallet.hash(pending), Wallet.hash(pending)));

    HttpResponse<String> started = f.postWith("/audit/integrity", "", f.didAuth(auditor));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    JsonObject job = new JsonObject(started.body());
    assertThat(location).isEqualTo("/audit/integrity/" + job.getString("jobId"));
    assertThat(job.getLong("total")).isEqualTo(20);
    assertThat(job.getString("report")).isEqualTo(location + "/mismatches");

    JsonObject done = awaitJob(location);
    assertThat(done.getString("state")).isEqualTo("completed");
    assertThat(done.getLong("checked")).isEqualTo(20);
    assertThat(done.getLong("consistent")).isEqualTo(17);
    assertThat(done.getLong("pending")).isEqualTo(1);
    assertThat(done.getLong("mismatches")).isEqualTo(2);
    // 20 credentials in pages of 7: three pages, never the whole table at once.
    assertThat(f.audit.pagesRead).isEqualTo(3);

    // The report, one mismatch a page, following the cursor.
    HttpResponse<String> first = f.get(location + "/mismatches?size=1", f.didAuth(auditor));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonObject page1 = new JsonObject(first.body());
    JsonArray m1 = page1.getJsonArray("mismatches");
    assertThat(m1).hasSize(1);
    assertThat(first.headers().firstValue("Link").orElse("")).contains("rel=\"next\"");
    HttpResponse<String> second =
        f.get(location + "/mismatches?size=1&after=" + page1.getString("next"), f.didAuth(auditor));
    JsonObject page2 = new JsonObject(second.body());
    JsonArray m2 = page2.getJsonArray("mismatches");
    assertThat(m2).hasSize(1);
    JsonObject third =
        new JsonObject(
            f.get(
                    location + "/mismatches?size=1&after=" + page2.getString("next"),
                    f.didAuth(auditor))
                .body());
    assertThat(third.getJsonArray("mismatches")).isEmpty();
    assertThat(third.getString("next")).isNull();

    boolean changedFirst = m1.getJsonObject(0).getString("consentId").equals(ids[17]);
    JsonObject changedOne = changedFirst ? m1.getJsonObject(0) : m2.getJsonObject(0);
    JsonObject hashOne = changedFirst ? m2.getJsonObject(0) : m1.getJsonObject(0);
    assertThat(changedOne.getString("consentId")).isEqualTo(ids[17]);
    assertThat(changedOne.getString("code")).isEqualTo("CREDENTIAL_MODIFIED");
    assertThat(changedOne.getString("computedHash")).isEqualTo(Wallet.hash(changed));
    assertThat(changedOne.getString("ledgerHash")).isEqualTo(Wallet.hash(good));
    assertThat(hashOne.getString("consentId")).isEqualTo(ids[18]);
    assertThat(hashOne.getString("code")).isEqualTo("STORED_HASH_MODIFIED");
  }

  @Test
  void an_unknown_integrity_job_is_not_found_and_a_report_page_is_capped() throws Exception {
    String unknown = "/audit/integrity/00000000-0000-4000-8000-000000000000";
    assertProblem(f.get(unknown, f.didAuth(auditor)), 404, "JOB_NOT_FOUND");
    assertProblem(f.get(unknown + "/mismatches", f.didAuth(auditor)), 404, "JOB_NOT_FOUND");
    assertProblem(
        f.get("/audit/integrity/not-a-job", f.didAuth(auditor)), 400, "VALIDATION_FAILED");
    String location =
        f.postWith("/audit/integrity", "", f.didAuth(auditor))
            .headers()
            .firstValue("Location")
            .orElseThrow();
    assertProblem(
        f.get(location + "/mismatches?size=501", f.didAuth(auditor)), 400, "VALIDATION_FAILED");
  }

  @Test
  void a_job_left_running_by_a_stopped_service_is_marked_interrupted() throws Exception {
    kr.consentledger.consent.IntegrityJob left =
        kr.consentledger.consent.IntegrityJob.started(
            "11111111-1111-4111-8111-111111111111", auditor.did, 5, ApiFixture.NOW);
    f.audit.createJob(left);
    var jobs =
        new kr.consentledger.consent.core.IntegrityJobs(f.vertx, f.registry, f.audit, f.clock, 500);
    assertThat(jobs.recover().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isEqualTo(1);
    JsonObject job =
        new JsonObject(f.get("/audit/integrity/" + left.jobId(), f.didAuth(auditor)).body());
    assertThat(job.getString("state")).isEqualTo("interrupted");
    assertThat(job.getString("error")).contains("stopped");
  }

  private JsonObject awaitJob(String location) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonObject job;
    do {
      job = new JsonObject(f.get(location, f.didAuth(auditor)).body());
      if (!"running".equals(job.getString("state"))) {
        return job;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return job;
  }

  private RegistryLedger.LedgerConsent ledger(String id, String hash) {
    return new RegistryLedger.LedgerConsent(
        id, hash, f.provider.did, f.recipient.did, "ConsentGiven");
  }
}
