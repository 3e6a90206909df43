/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.StatusListEntry;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidOperation;
import kr.consentledger.wallet.did.VerificationRelationship;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCommandsTest {
  static final String PROVIDER = "did:key:z6MkgQx6XbN68cDgeR9oEkinYuh5JGqyzKhQttzCzmvizt4H";
  static final String RECIPIENT = "did:key:z6MkwWfjtR17UGGQxrjy3aMQg2Yg3Ygz3AbBNMdr47bHkuXQ";

  @TempDir Path dir;
  ServiceStub stub;
  WalletRun w;
  String subject;
  JsonNode consent;
  String id;

  @BeforeEach
  void start() throws Exception {
    stub = new ServiceStub();
    w = new WalletRun(dir);
    w.env.put("CONSENT_WALLET_SERVICE", stub.url());
    w.env.put("CONSENT_WALLET_RESOLVER", stub.url() + "/1.0/identifiers/");
    subject = w.json("keys", "create", "alice").get("didKey").asText();
    consent = w.json(WalletRun.createConsent("alice", PROVIDER, RECIPIENT));
    id = consent.get("consentId").asText();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private String state(String status) {
    return "{\"consentId\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\",\"transactionId\":null,"
        + "\"credentialHash\":\""
        + consent.get("credentialHash").asText()
        + "\",\"provider\":\""
        + PROVIDER
        + "\",\"recipient\":\""
        + RECIPIENT
        + "\"}";
  }

  /** The DID-auth header of a request: a token of the subject's did:key, signature verified. */
  private DidAuth.Token authenticated(ServiceStub.Request r) throws Exception {
    assertThat(r.authorization()).startsWith("DIDAuth ");
    DidAuth.Token t = DidAuth.parse(r.authorization().substring(8), Instant.now());
    Verifier.verifyJws(
        t.jws(), DidKey.resolve(t.issuer()), t.keyId(), VerificationRelationship.AUTHENTICATION);
    assertThat(t.issuer()).isEqualTo(subject);
    assertThat(t.audience()).isEqualTo(DidAuth.CONSENT_SERVICE);
    assertThat(stub.last("POST", "/auth/challenges").body()).contains(subject);
    return t;
  }

  @Test
  void submitPostsTheCredentialAndAnchorOfAConsentMadeHere() throws Exception {
    stub.answer("POST /consents", 202, state("pending"));

    w.run("consent", "submit", id);

    assertThat(w.code).isZero();
    assertThat(w.out).contains(id + ": pending");
    JsonNode body = Output.parse(stub.last("POST", "/consents").body());
    assertThat(body.get("credential").asText()).isEqualTo(consent.get("credential").asText());
    assertThat(body.get("anchor").asText()).isEqualTo(consent.get("anchor").asText());
  }

  @Test
  void createWithSubmitSignsAndSubmitsInOneCommand() throws Exception {
    stub.answer("POST /consents", 202, "{\"consentId\":\"x\",\"status\":\"pending\"}");

    JsonNode out = w.json(WalletRun.createConsent("alice", PROVIDER, RECIPIENT, "--submit"));

    assertThat(out.at("/submitted/status").asText()).isEqualTo("pending");
    assertThat(Output.parse(stub.last("POST", "/consents").body()).get("credential").asText())
        .isEqualTo(out.get("credential").asText());
  }

  @Test
  void createReservesAStatusListIndexWithDidAuthAndSignsItIntoTheCredential() throws Exception {
    ConsentCredential c = ConsentCredential.parse(consent.get("credential").asText());

    StatusListEntry entry = c.statusListEntry().orElseThrow();
    assertThat(entry.statusListCredential()).isEqualTo(stub.url() + "/status-lists/1");
    assertThat(entry.statusListIndex()).isEqualTo(94567);
    assertThat(consent.at("/statusListEntry/statusListIndex").asText()).isEqualTo("94567");
    authenticated(stub.last("POST", "/status-list-reservations"));
    Verifier.verifyCredential(c.verifiableCredential(), DidKey.resolve(subject));
    ConsentStatements.checkAnchorMatches(c, consent.get("anchor").asText());
    // Reserved before it was signed: the reservation is the first request after the challenge.
    assertThat(stub.requests)
        .extracting(ServiceStub.Request::path)
        .containsExactly("/auth/challenges", "/status-list-reservations");
  }

  @Test
  void noStatusListCreatesOfflineWithoutAskingTheService() throws Exception {
    int before = stub.requests.size();

    JsonNode made =
        w.json(WalletRun.createConsent("alice", PROVIDER, RECIPIENT, "--no-status-list"));

    assertThat(stub.requests).hasSize(before);
    assertThat(ConsentCredential.parse(made.get("credential").asText()).statusListEntry())
        .isEmpty();
    assertThat(made.has("statusListEntry")).isFalse();
  }

  @Test
  void aRefusedReservationSignsNothingAndSaysWhy() throws Exception {
    stub.handlers.remove("POST /status-list-reservations");
    stub.problem("POST /status-list-reservations", 401, "UNAUTHENTICATED", "no such challenge");
    long kept;
    try (var files = java.nio.file.Files.list(dir.resolve("consents"))) {
      kept = files.count();
    }

    w.run(WalletRun.createConsent("alice", PROVIDER, RECIPIENT, "--submit"));

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: UNAUTHENTICATED: no such challenge");
    try (var files = java.nio.file.Files.list(dir.resolve("consents"))) {
      assertThat(files.count()).isEqualTo(kept);
    }
    assertThat(stub.requests).noneMatch(r -> r.path().equals("/consents"));
  }

  @Test
  void aRefusalPrintsTheProblemCodeAndDetailOnStandardErrorWithExitCode1() {
    stub.problem(
        "POST /consents", 422, "BAD_SIGNATURE", "the credential's signature does not verify");

    w.run("--json", "consent", "submit", id);

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err)
        .startsWith("error: BAD_SIGNATURE: the credential's signature does not verify");
    assertThat(Output.parse(w.out).get("status").asInt()).isEqualTo(422);
  }

  @Test
  void statusReadsTheConsentWithoutAuthentication() {
    stub.answer("GET /consents/" + id, 200, state("ConsentGiven"));

    w.run("consent", "status", id);

    assertThat(w.code).isZero();
    assertThat(w.out).startsWith(id + ": ConsentGiven").contains("provider: " + PROVIDER);
    assertThat(stub.last("GET", "/consents/").authorization()).isNull();
  }

  @Test
  void anUnknownConsentIsRefusedWithConsentNotFound() {
    stub.problem(
        "GET /consents/urn:uuid:00000000-0000-4000-8000-000000000000",
        404,
        "CONSENT_NOT_FOUND",
        "unknown");

    w.run("consent", "status", "urn:uuid:00000000-0000-4000-8000-000000000000");

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: CONSENT_NOT_FOUND: unknown");
  }

  @Test
  void listAuthenticatesWithDidAuthAndPrintsATable() throws Exception {
    stub.answer(
        "GET /consents?page=0&size=100",
        200,
        "{\"page\":0,\"size\":100,\"consents\":[" + state("ConsentGiven") + "]}");

    w.run("consent", "list", "--key", "alice");

    assertThat(w.code).isZero();
    assertThat(w.out).contains("CONSENT", "STATUS", id, "ConsentGiven", PROVIDER);
    DidAuth.Token t = authenticated(stub.last("GET", "/consents?"));
    assertThat(t.challenge()).isEqualTo("Y2hhbGxlbmdlLWNoYWxsZW5nZS1jaGFsbGVuZ2UtMzI");
  }

  @Test
  void revokeSignsARevocationOfTheAnchoredHashWithTheKeyThatSignedTheConsent() throws Exception {
    stub.answer("POST /consents/" + id + "/revocation", 202, state("ConsentGiven"));

    w.run("consent", "revoke", id, "--reason", "purpose-fulfilled");

    assertThat(w.code).isZero();
    String statement =
        Output.parse(stub.last("POST", "/consents/" + id + "/revocation").body())
            .get("revocation")
            .asText();
    ConsentStatements.Revocation r = ConsentStatements.parseRevocation(statement);
    assertThat(r.consentId()).isEqualTo(id);
    assertThat(r.subject()).isEqualTo(subject);
    assertThat(r.credentialHash()).isEqualTo(consent.get("credentialHash").asText());
    assertThat(r.reason()).contains(ConsentStatements.Reason.PURPOSE_FULFILLED);
    Verifier.verifyJws(
        statement, DidKey.resolve(subject), r.keyId(), VerificationRelationship.AUTHENTICATION);
  }

  @Test
  void revokingAConsentNotMadeHereReadsItsHashFromTheService() throws Exception {
    String other = "urn:uuid:11111111-2222-4333-8444-555555555555";
    String hash = "ab".repeat(32);
    stub.answer(
        "GET /consents/" + other,
        200,
        "{\"consentId\":\""
            + other
            + "\",\"status\":\"ConsentGiven\",\"credentialHash\":\""
            + hash
            + "\"}");
    stub.answer(
        "POST /consents/" + other + "/revocation",
        202,
        "{\"consentId\":\"" + other + "\",\"status\":\"ConsentGiven\"}");

    w.run("consent", "revoke", other, "--key", "alice");

    assertThat(w.code).isZero();
    String statement =
        Output.parse(stub.last("POST", "/consents/" + other).body()).get("revocation").asText();
    assertThat(ConsentStatements.parseRevocation(statement).credentialHash()).isEqualTo(hash);
  }

  @Test
  void eraseDeletesTheStoredCredentialWithDidAuth() throws Exception {
    stub.answers.put(
        "DELETE /consents/" + id + "/credential",
        new ServiceStub.Answer(204, "application/json", ""));

    w.run("consent", "erase", id);

    assertThat(w.code).isZero();
    assertThat(w.out).contains("erased");
    authenticated(stub.last("DELETE", "/consents/" + id));
  }

  @Test
  void eraseOfAnotherSubjectsConsentIsRefusedWithForbidden() {
    stub.problem("DELETE /consents/" + id + "/credential", 403, "FORBIDDEN", "not the subject");

    w.run("consent", "erase", id);

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: FORBIDDEN: not the subject");
  }

  @Test
  void receiptsPrintTheDataUsageHistoryAsATable() throws Exception {
    stub.answer(
        "GET /consents/" + id + "/receipts?page=0&size=100",
        200,
        "{\"consentId\":\""
            + id
            + "\",\"page\":0,\"size\":100,\"receipts\":[{\"receiptId\":\"urn:uuid:r1\","
            + "\"provider\":\""
            + PROVIDER
            + "\",\"recipient\":\""
            + RECIPIENT
            + "\","
            + "\"categories\":[\"health.checkup\",\"health.prescription\"],"
            + "\"recordedAt\":\"2026-12-04T10:00:00Z\",\"transactionId\":\"ab\",\"blockNumber\":42}]}");

    w.run("consent", "receipts", id);

    assertThat(w.code).isZero();
    String[] lines = w.out.strip().split("\n");
    assertThat(lines[0]).startsWith("RECORDED").contains("PROVIDER", "RECIPIENT", "DATA", "BLOCK");
    assertThat(lines[1])
        .startsWith("2026-12-04T10:00:00Z")
        .contains(PROVIDER, RECIPIENT, "health.checkup, health.prescription", "42");
    authenticated(stub.last("GET", "/consents/" + id + "/receipts"));
  }

  @Test
  void receiptsWithoutAnIdAreThoseOfAllYourConsents() {
    stub.answer(
        "GET /receipts?page=0&size=100",
        200,
        "{\"subject\":\"s\",\"page\":0,\"size\":100,\"receipts\":[]}");

    w.run("consent", "receipts", "--key", "alice");

    assertThat(w.code).isZero();
    assertThat(w.out).contains("no receipts");
  }

  @Test
  void presentFetchesYourConsentFromTheServiceWhenTheWalletDoesNotHaveIt() throws Exception {
    String other = "urn:uuid:11111111-2222-4333-8444-555555555555";
    stub.answer(
        "GET /consents?page=0&size=500",
        200,
        "{\"page\":0,\"size\":500,\"consents\":[{\"consentId\":\""
            + other
            + "\",\"credential\":\""
            + consent.get("credential").asText()
            + "\"}]}");

    JsonNode out =
        w.json("present", "--key", "alice", "--to", PROVIDER, "--nonce", "n", "--consent", other);

    assertThat(out.get("presentation").asText()).startsWith("ey");
  }

  @Test
  void didResolveAsksTheResolverAndPrintsTheResolutionResult() {
    stub.answer(
        "GET /1.0/identifiers/" + PROVIDER,
        200,
        "{\"didDocument\":{\"id\":\""
            + PROVIDER
            + "\"},\"didResolutionMetadata\":{},\"didDocumentMetadata\":{}}");

    w.run("did", "resolve", PROVIDER, "--document");

    assertThat(w.code).isZero();
    assertThat(Output.parse(w.out).get("id").asText()).isEqualTo(PROVIDER);
  }

  @Test
  void aDidFabricIsRegisteredAndDeactivatedThroughTheServicesRegistrar() throws Exception {
    stub.answer(
        "POST /1.0/create?method=fabric",
        201,
        "{\"jobId\":null,\"didState\":{\"state\":\"finished\"},"
            + "\"didRegistrationMetadata\":{\"transactionId\":\"tx-create\",\"blockNumber\":3}}");

    JsonNode created = w.json("did", "create", "--key", "alice", "--method", "fabric");

    String did = created.get("did").asText();
    assertThat(did).startsWith("did:fabric:");
    JsonNode body = Output.parse(stub.last("POST", "/1.0/create").body());
    DidOperation create = DidOperation.parse(body.at("/secret/signedOperation").asText());
    assertThat(create.type()).isEqualTo(DidOperation.Type.CREATE);
    assertThat(create.did()).isEqualTo(did);
    assertThat(w.json("did", "show").toString()).contains(did);

    // The wallet resolves the version it wrote (create's) by id.
    stub.answers.put(
        "GET /1.0/identifiers/" + did + "?versionId=" + create.versionId(),
        new ServiceStub.Answer(
            200,
            "application/did-resolution",
            "{\"didDocument\":"
                + create.document().orElseThrow().toJson()
                + ",\"didResolutionMetadata\":{},\"didDocumentMetadata\":{\"versionId\":\""
                + create.versionId()
                + "\"}}"));
    stub.answer(
        "POST /1.0/deactivate",
        200,
        "{\"jobId\":null,\"didState\":{\"state\":\"finished\"},"
            + "\"didRegistrationMetadata\":{\"transactionId\":\"tx-off\",\"blockNumber\":4}}");

    w.run("did", "deactivate", did);

    assertThat(w.code).as(w.err).isZero();
    JsonNode off = Output.parse(stub.last("POST", "/1.0/deactivate").body());
    assertThat(off.get("did").asText()).isEqualTo(did);
    DidOperation deactivate = DidOperation.parse(off.at("/secret/signedOperation").asText());
    assertThat(deactivate.type()).isEqualTo(DidOperation.Type.DEACTIVATE);
    assertThat(deactivate.did()).isEqualTo(did);
  }

  @Test
  void aDidTheResolverDoesNotKnowIsRefusedWithItsError() {
    stub.answers.put(
        "GET /1.0/identifiers/did:fabric:3nnuwrWM2keSbKbqNdJbFB",
        new ServiceStub.Answer(
            404,
            "application/did-resolution",
            "{\"didResolutionMetadata\":{\"error\":\"notFound\",\"errorMessage\":\"the DID is not"
                + " on the ledger\"},\"didDocument\":null}"));

    w.run("did", "resolve", "did:fabric:3nnuwrWM2keSbKbqNdJbFB");

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: notFound: the DID is not on the ledger");
  }

  @Test
  void aServiceThatDoesNotAnswerIsRefusedAsUnreachable() {
    String url = stub.url();
    stub.close();

    w.run("consent", "status", id, "--service", url);

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: UNREACHABLE:");
  }

  @Test
  void aCaFileThatIsNotACertificateIsAUsageError() throws Exception {
    Path bad = dir.resolve("ca.crt");
    java.nio.file.Files.writeString(bad, "not a certificate");

    w.run("consent", "status", id, "--ca", bad.toString());

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("--ca");
  }
}
