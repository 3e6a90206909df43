/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.MirrorSettings;
import kr.consentledger.consent.testing.NodeInterop;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.BlockProof;
import kr.consentledger.network.gateway.BlockReader;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.SdJwtConsent;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidOperation;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Provider verification end to end (issue 5): participants registered by the org admin, a consent
 * anchored through the service, the recipient presents to the provider, the provider verifies:
 * allow and a receipt recorded by the {@code receipts} contract, then one deny per check.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class ProviderVerificationIT {
  private static final ObjectMapper JSON = ServiceUnderTest.JSON;
  private static ServiceUnderTest service;
  private static GatewayConnection admin;
  private static Contract participants;
  private static String channel;

  @BeforeAll
  static void start(NetworkInfo info, TestDatabase db) throws Exception {
    service = ServiceUnderTest.start(info, db, "consent_verify");
    channel = info.channel();
    admin =
        GatewayConnection.open(info.organization("org1").adminEndpoint(), GatewayTimeouts.DEFAULT);
    participants = admin.network(info.channel()).getContract(info.chaincode(), "participants");
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private ConsentCredential grant(Party subject, Party provider, Party recipient, Instant until)
      throws Exception {
    ConsentCredential consent = subject.consentFor(provider, recipient, until, true);
    HttpResponse<String> accepted = service.submit(consent, subject);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return consent;
  }

  private static String present(
      Party holder, VerifiableCredential vc, String audience, String nonce) throws Exception {
    return VerifiablePresentation.builder()
        .holder(holder.did())
        .credential(vc)
        .audience(audience)
        .nonce(nonce)
        .sign(holder.signer())
        .jws();
  }

  private JsonNode verify(
      Party provider,
      Party recipient,
      String consentId,
      String vp,
      List<String> categories,
      String purpose)
      throws Exception {
    return verify(provider, recipient, consentId, vp, categories, purpose, null);
  }

  private JsonNode verify(
      Party provider,
      Party recipient,
      String consentId,
      String vp,
      List<String> categories,
      String purpose,
      String ledgerRead)
      throws Exception {
    String receipt =
        ReceiptStatements.receipt(
            null,
            consentId,
            provider.did(),
            recipient.did(),
            categories,
            ReceiptStatements.presentationHash(vp),
            provider.signer());
    var body = JSON.createObjectNode().put("presentation", vp).put("receipt", receipt);
    if (ledgerRead != null) {
      body.put("ledgerRead", ledgerRead);
    }
    var t =
        body.putObject("transmission").put("recipient", recipient.did()).put("purpose", purpose);
    var cats = t.putArray("categories");
    categories.forEach(cats::add);
    HttpResponse<String> r =
        service.send("POST", "/verifications", body.toString(), service.didAuth(provider));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static void assertDenied(JsonNode result, String code) {
    assertThat(result.get("decision").asText()).as(result.toString()).isEqualTo("deny");
    boolean found = false;
    for (JsonNode c : result.get("checks")) {
      if ("fail".equals(c.get("result").asText()) && code.equals(c.path("code").asText())) {
        found = true;
      }
    }
    assertThat(found).as("expected " + code + " in " + result).isTrue();
  }

  /** The registrar's request body for a signed did:fabric operation. */
  private static String registration(String operation, String did) {
    var body = JSON.createObjectNode();
    body.putNull("jobId");
    if (did != null) {
      body.put("did", did);
    }
    body.putObject("options");
    body.putObject("secret").put("signedOperation", operation);
    return body.toString();
  }

  @Test
  void a_consent_signed_before_its_subject_rotated_its_did_fabric_key_is_still_allowed()
      throws Exception {
    WalletKeyPair key1 = WalletKeyPair.generate(KeyType.ED25519);
    DidDocument doc = DidFabric.newDocument(key1.publicKey()).build();
    String did = doc.id();
    Signer signer1 = key1.signer(did + "#key-1");
    DidOperation create = DidFabric.create(doc, signer1, null);
    HttpResponse<String> created =
        service.post("/1.0/create?method=fabric", registration(create.jws(), null));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Party subject = new Party(key1, did, signer1);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.P256);
    participants.submitTransaction("Register", provider.did(), "provider", "Rotation Hospital");
    participants.submitTransaction("Register", recipient.did(), "recipient", "Rotation MyData Co.");
    ConsentCredential consent =
        grant(
            subject,
            provider,
            recipient,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(90, ChronoUnit.DAYS));
    service.awaitStatus(consent.consentId(), "ConsentGiven");
    // The ledger keeps times to the second and counts a version written in the anchoring's second
    // as in force then; the anchoring was proposed before now, so a rotation from the next second
    // on is after it.
    long anchoredBy = Instant.now().getEpochSecond();
    while (Instant.now().getEpochSecond() <= anchoredBy) {
      Thread.sleep(20);
    }

    // #key-1, which signed the consent, rotated out for #key-2.
    WalletKeyPair key2 = WalletKeyPair.generate(KeyType.P256);
    DidDocument rotated =
        doc.toBuilder()
            .addVerificationMethod(
                "#key-2",
                key2.publicKey(),
                VerificationRelationship.AUTHENTICATION,
                VerificationRelationship.ASSERTION_METHOD)
            .removeVerificationMethod("#key-1")
            .build();
    DidOperation update =
        DidFabric.update(new DidState(did, doc, create.versionId(), false), rotated, signer1, null);
    HttpResponse<String> updated = service.post("/1.0/update", registration(update.jws(), did));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

    // Presented after the rotation: checked against the subject's document at the anchoring.
    String vp =
        present(
            recipient,
            consent.verifiableCredential(),
            provider.did(),
            UUID.randomUUID().toString());
    JsonNode allowed =
        verify(
            provider,
            recipient,
            consent.consentId(),
            vp,
            List.of("health.checkup"),
            "ServiceProvision");
    assertThat(allowed.get("decision").asText()).as(allowed.toString()).isEqualTo("allow");

    // The old key can no longer make a consent: the service refuses it against the current
    // document (and the chaincode would, for its anchor).
    ConsentCredential late =
        subject.consentFor(provider, recipient, Instant.now().plus(30, ChronoUnit.DAYS), false);
    HttpResponse<String> refused = service.submit(late, subject);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("NOT_AUTHORISED");
  }

  @Test
  void a_provider_verifies_a_presentation_records_a_receipt_and_denies_each_violation()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    Party stranger = Party.didKey(KeyType.ED25519);
    participants.submitTransaction("Register", provider.did(), "provider", "Test Hospital");
    participants.submitTransaction("Register", recipient.did(), "recipient", "Test MyData Co.");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential consent = grant(subject, provider, recipient, now.plus(90, ChronoUnit.DAYS));
    ConsentCredential shortLived = grant(subject, provider, recipient, now.plusSeconds(15));
    ConsentCredential toRevoke = grant(subject, provider, recipient, now.plus(30, ChronoUnit.DAYS));
    service.awaitStatus(consent.consentId(), "ConsentGiven");
    service.awaitStatus(shortLived.consentId(), "ConsentGiven");
    service.awaitStatus(toRevoke.consentId(), "ConsentGiven");
    List<String> x = List.of("health.checkup");
    VerifiableCredential vc = consent.verifiableCredential();

    // A participant that is not an active provider may not verify.
    String nonce0 = UUID.randomUUID().toString();
    String vp0 = present(recipient, vc, recipient.did(), nonce0);
    String receipt0 =
        ReceiptStatements.receipt(
            null,
            consent.consentId(),
            recipient.did(),
            recipient.did(),
            x,
            ReceiptStatements.presentationHash(vp0),
            recipient.signer());
    var forbiddenBody = JSON.createObjectNode().put("presentation", vp0).put("receipt", receipt0);
    forbiddenBody
        .putObject("transmission")
        .put("recipient", recipient.did())
        .put("purpose", "ServiceProvision")
        .putArray("categories")
        .add("health.checkup");
    HttpResponse<String> forbidden =
        service.send(
            "POST", "/verifications", forbiddenBody.toString(), service.didAuth(recipient));
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(forbidden.body()).get("code").asText()).isEqualTo("FORBIDDEN");

    // Allow, and the receipt reaches the ledger and the read model.
    String nonce = UUID.randomUUID().toString();
    String vp = present(recipient, vc, provider.did(), nonce);
    JsonNode allowed = verify(provider, recipient, consent.consentId(), vp, x, "ServiceProvision");
    assertThat(allowed.get("decision").asText()).as(allowed.toString()).isEqualTo("allow");
    assertThat(allowed.get("consentId").asText()).isEqualTo(consent.consentId());
    String receiptId = allowed.get("receiptId").asText();
    JsonNode receipts = awaitReceipt(subject, consent.consentId(), receiptId);
    assertThat(receipts.get("provider").asText()).isEqualTo(provider.did());
    assertThat(receipts.get("recipient").asText()).isEqualTo(recipient.did());
    assertThat(receipts.get("blockNumber").asLong()).isPositive();
    assertThat(receipts.get("transactionId").asText()).isNotBlank();

    // One deny per check.
    assertDenied(
        verify(
            provider,
            recipient,
            consent.consentId(),
            present(recipient, vc, provider.did(), UUID.randomUUID().toString()),
            List.of("health.genome"),
            "ServiceProvision"),
        "CATEGORY_NOT_COVERED");
    assertDenied(
        verify(
            provider,
            recipient,
            consent.consentId(),
            present(recipient, vc, provider.did(), UUID.randomUUID().toString()),
            x,
            "Marketing"),
        "PURPOSE_NOT_COVERED");
    assertDenied(
        verify(provider, recipient, consent.consentId(), vp, x, "ServiceProvision"),
        "NONCE_REPLAYED");
    assertDenied(
        verify(
            provider,
            recipient,
            consent.consentId(),
            present(recipient, vc, "did:web:other.example.kr", UUID.randomUUID().toString()),
            x,
            "ServiceProvision"),
        "WRONG_AUDIENCE");
    assertDenied(
        verify(
            provider,
            recipient,
            consent.consentId(),
            present(stranger, vc, provider.did(), UUID.randomUUID().toString()),
            x,
            "ServiceProvision"),
        "HOLDER_NOT_AUTHORISED");
    String[] parts = consent.jws().split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("health.prescription", "health.genome");
    parts[1] =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    VerifiableCredential tampered = VerifiableCredential.parse(String.join(".", parts));
    assertDenied(
        verify(
            provider,
            recipient,
            consent.consentId(),
            present(recipient, tampered, provider.did(), UUID.randomUUID().toString()),
            x,
            "ServiceProvision"),
        "BAD_SIGNATURE");

    // Expired: anchored with validUntil a few seconds ahead, verified after it.
    long wait = shortLived.validUntil().toEpochMilli() - System.currentTimeMillis() + 1500;
    if (wait > 0) {
      Thread.sleep(wait);
    }
    assertDenied(
        verify(
            provider,
            recipient,
            shortLived.consentId(),
            present(
                recipient,
                shortLived.verifiableCredential(),
                provider.did(),
                UUID.randomUUID().toString()),
            x,
            "ServiceProvision"),
        "EXPIRED");

    // Revoked one second ago.
    String revocation =
        ConsentStatements.revocation(
            toRevoke.consentId(),
            toRevoke.credentialHash(),
            subject.did(),
            ConsentStatements.Reason.WITHDRAWN,
            subject.signer());
    assertThat(
            service
                .send(
                    "POST",
                    "/consents/" + toRevoke.consentId() + "/revocation",
                    JSON.createObjectNode().put("revocation", revocation).toString(),
                    null)
                .statusCode())
        .isEqualTo(202);
    service.awaitStatus(toRevoke.consentId(), "ConsentWithdrawn");
    Thread.sleep(1000);
    assertDenied(
        verify(
            provider,
            recipient,
            toRevoke.consentId(),
            present(
                recipient,
                toRevoke.verifiableCredential(),
                provider.did(),
                UUID.randomUUID().toString()),
            x,
            "ServiceProvision"),
        "CONSENT_WITHDRAWN");

    // A consent that names another provider.
    Party otherProvider = Party.didKey(KeyType.ED25519);
    participants.submitTransaction("Register", otherProvider.did(), "provider", "Other Hospital");
    assertDenied(
        verify(
            otherProvider,
            recipient,
            consent.consentId(),
            present(recipient, vc, otherProvider.did(), UUID.randomUUID().toString()),
            x,
            "ServiceProvision"),
        "WRONG_PROVIDER");

    // A suspended recipient: the mirror the verification reads promises state at most its bound
    // behind the peer, so the check starts after that.
    participants.submitTransaction("SetStatus", recipient.did(), "suspended");
    Thread.sleep(MirrorSettings.DEFAULTS.maxLag().toMillis() + 100);
    assertDenied(
        verify(
            provider,
            recipient,
            consent.consentId(),
            present(recipient, vc, provider.did(), UUID.randomUUID().toString()),
            x,
            "ServiceProvision"),
        "RECIPIENT_NOT_ACTIVE");

    // The subject lists its data-usage history; a stranger may not.
    HttpResponse<String> history =
        service.send(
            "GET",
            "/consents/" + consent.consentId() + "/receipts",
            null,
            service.didAuth(subject));
    assertThat(history.statusCode()).isEqualTo(200);
    JsonNode list = JSON.readTree(history.body()).get("receipts");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("receiptId").asText()).isEqualTo(receiptId);
    assertThat(list.get(0).get("categories").get(0).asText()).isEqualTo("health.checkup");
    assertThat(
            service
                .send(
                    "GET",
                    "/consents/" + consent.consentId() + "/receipts",
                    null,
                    service.didAuth(stranger))
                .statusCode())
        .isEqualTo(403);
    // Its data-usage history across all its consents, newest first.
    HttpResponse<String> mine = service.send("GET", "/receipts", null, service.didAuth(subject));
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
    JsonNode all = JSON.readTree(mine.body()).get("receipts");
    assertThat(all).hasSize(1);
    assertThat(all.get(0).get("receiptId").asText()).isEqualTo(receiptId);
    assertThat(all.get(0).get("consentId").asText()).isEqualTo(consent.consentId());
    assertThat(
            JSON.readTree(service.send("GET", "/receipts", null, service.didAuth(stranger)).body())
                .get("receipts"))
        .isEmpty();
    // A provider cannot read the receipts of a consent that does not name it.
    assertThat(
            service
                .send(
                    "GET",
                    "/consents/" + consent.consentId() + "/receipts",
                    null,
                    service.didAuth(otherProvider))
                .statusCode())
        .isEqualTo(403);

    auditorSees(subject, provider, recipient, consent, toRevoke, receiptId);
  }

  /** Steps 5 and 6: the auditor's history matches qscc, the proofs check, tampering is caught. */
  private void auditorSees(
      Party subject,
      Party provider,
      Party recipient,
      ConsentCredential consent,
      ConsentCredential revoked,
      String receiptId)
      throws Exception {
    Party auditor = Party.didKey(KeyType.P256);
    String historyPath = "/audit/consents/" + consent.consentId() + "/history";
    // No other role reaches the auditor's routes, and a DID that is not yet registered is refused
    // too.
    assertProblem(service.send("GET", historyPath, null, null), 401, "UNAUTHENTICATED");
    for (Party p : List.of(subject, provider, recipient, auditor)) {
      assertProblem(service.send("GET", historyPath, null, service.didAuth(p)), 403, "FORBIDDEN");
      assertProblem(
          service.send("POST", "/audit/integrity", "{}", service.didAuth(p)), 403, "FORBIDDEN");
    }
    participants.submitTransaction("Register", auditor.did(), "auditor", "Test Auditor");

    HttpResponse<String> h = service.send("GET", historyPath, null, service.didAuth(auditor));
    assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
    JsonNode entries = JSON.readTree(h.body()).get("entries");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).get("event").asText()).isEqualTo("anchored");
    assertThat(entries.get(0).get("signers").get(0).asText()).isEqualTo(subject.did());
    assertThat(entries.get(1).get("event").asText()).isEqualTo("receipt");
    assertThat(entries.get(1).get("receiptId").asText()).isEqualTo(receiptId);
    assertThat(entries.get(1).get("signers").get(0).asText()).isEqualTo(provider.did());
    JsonNode revokedEntries =
        JSON.readTree(
                service
                    .send(
                        "GET",
                        "/audit/consents/" + revoked.consentId() + "/history",
                        null,
                        service.didAuth(auditor))
                    .body())
            .get("entries");
    assertThat(revokedEntries)
        .extracting(e -> e.get("event").asText())
        .containsExactly("anchored", "revoked");

    // Every transaction id and block number agrees with qscc, read by the org admin's own gateway
    // connection.
    BlockReader qscc = BlockReader.of(admin.network(channel));
    for (JsonNode e :
        List.of(entries.get(0), entries.get(1), revokedEntries.get(0), revokedEntries.get(1))) {
      String txId = e.get("transactionId").asText();
      Block block = qscc.blockOf(txId);
      assertThat(block.getHeader().getNumber()).as(txId).isEqualTo(e.get("blockNumber").asLong());
      BlockProof own = BlockProof.of(block, txId);
      assertThat(own.validationCode()).isZero();
      assertThat(own.dataHashMatches()).isTrue();
    }

    // The proof: the same block bytes qscc returns, hashes that chain to the next block.
    String receiptTx = entries.get(1).get("transactionId").asText();
    HttpResponse<String> pr =
        service.send(
            "GET", "/audit/transactions/" + receiptTx + "/proof", null, service.didAuth(auditor));
    assertThat(pr.statusCode()).as(pr.body()).isEqualTo(200);
    JsonNode proof = JSON.readTree(pr.body());
    Block served = Block.parseFrom(Base64.getDecoder().decode(proof.get("block").asText()));
    assertThat(served).isEqualTo(qscc.blockOf(receiptTx));
    assertThat(proof.get("dataHashMatches").asBoolean()).isTrue();
    assertThat(proof.get("headerHash").asText())
        .isEqualTo(HexFormat.of().formatHex(BlockProof.headerHash(served.getHeader())));
    long height = qscc.chainInfo().getHeight();
    assertThat(proof.get("chainHeight").asLong()).isLessThanOrEqualTo(height);
    if (served.getHeader().getNumber() + 1 < proof.get("chainHeight").asLong()) {
      assertThat(proof.get("nextBlockPreviousHash").asText())
          .isEqualTo(proof.get("headerHash").asText());
      assertThat(
              HexFormat.of()
                  .formatHex(
                      qscc.block(served.getHeader().getNumber() + 1)
                          .getHeader()
                          .getPreviousHash()
                          .toByteArray()))
          .isEqualTo(proof.get("headerHash").asText());
    }
    assertProblem(
        service.send(
            "GET",
            "/audit/transactions/" + "0".repeat(64) + "/proof",
            null,
            service.didAuth(auditor)),
        404,
        "TRANSACTION_NOT_FOUND");

    // The provider's activity, paged, and as CSV.
    String party = "/audit/parties/" + provider.did() + "/history?size=2";
    JsonNode page =
        JSON.readTree(service.send("GET", party, null, service.didAuth(auditor)).body());
    assertThat(page.get("total").asInt()).isEqualTo(3);
    assertThat(page.get("consents")).hasSize(2);
    JsonNode page1 =
        JSON.readTree(
            service.send("GET", party + "&page=1", null, service.didAuth(auditor)).body());
    assertThat(page1.get("consents")).hasSize(1);
    HttpResponse<String> csv =
        service.send(
            "GET",
            "/audit/parties/" + provider.did() + "/history?format=csv",
            null,
            service.didAuth(auditor));
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body())
        .contains(receiptId)
        .contains(consent.consentId())
        .contains(revoked.consentId());

    // Integrity: consistent, then a credential changed in PostgreSQL is caught.
    JsonNode clean = integrityReport(auditor);
    assertThat(clean.get("mismatches")).as(clean.toString()).isEmpty();
    assertThat(clean.get("consistent").asInt()).isGreaterThanOrEqualTo(3);
    String[] parts = consent.jws().split("\\.");
    String forged =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("health.checkup", "health.genome");
    parts[1] =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(forged.getBytes(StandardCharsets.UTF_8));
    try (Connection c =
            DriverManager.getConnection(service.jdbcUrl, service.dbUser, service.dbPassword);
        PreparedStatement u =
            c.prepareStatement("UPDATE credentials SET jws = ? WHERE consent_id = ?")) {
      u.setString(1, String.join(".", parts));
      u.setString(2, consent.consentId());
      assertThat(u.executeUpdate()).isEqualTo(1);
    }
    JsonNode caught = integrityReport(auditor);
    assertThat(caught.get("mismatches")).as(caught.toString()).hasSize(1);
    assertThat(caught.get("mismatches").get(0).get("consentId").asText())
        .isEqualTo(consent.consentId());
    assertThat(caught.get("mismatches").get(0).get("code").asText())
        .isEqualTo("CREDENTIAL_MODIFIED");
    assertThat(caught.get("mismatches").get(0).get("ledgerHash").asText())
        .isEqualTo(consent.credentialHash());
  }

  /**
   * Runs an integrity job to its end and gives its counts with its mismatches (the first page of
   * the report) as {@code mismatches}.
   */
  private JsonNode integrityReport(Party auditor) throws Exception {
    HttpResponse<String> started =
        service.send("POST", "/audit/integrity", "{}", service.didAuth(auditor));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode job = JSON.readTree(started.body());
    while ("running".equals(job.get("state").asText()) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      job = JSON.readTree(service.send("GET", location, null, service.didAuth(auditor)).body());
    }
    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("completed");
    JsonNode report =
        JSON.readTree(
            service
                .send("GET", location + "/mismatches?size=500", null, service.didAuth(auditor))
                .body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) job)
        .set("mismatches", report.get("mismatches"));
    return job;
  }

  /**
   * Issue 14, part 3: {@code @sd-jwt/sd-jwt-vc} ({@code interop/sd-jwt-vc-present.mjs}) as the
   * recipient's wallet makes the key-binding presentation of our SD-JWT VC of an anchored consent;
   * POST /verifications allows it (with a receipt) and denies it with a tampered Disclosure.
   */
  @Test
  void an_sd_jwt_vc_presentation_made_by_sd_jwt_vc_is_allowed_and_a_tampered_one_denied()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    participants.submitTransaction("Register", provider.did(), "provider", "SD-JWT Hospital");
    participants.submitTransaction("Register", recipient.did(), "recipient", "SD-JWT MyData Co.");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential consent = grant(subject, provider, recipient, now.plus(90, ChronoUnit.DAYS));
    SdJwtConsent sd =
        SdJwtConsent.issue(consent, recipient.key().publicKey(), subject.signer(), now);
    String nonce = UUID.randomUUID().toString();
    var input =
        JSON.createObjectNode()
            .put("sdJwt", sd.serialize())
            .put("audience", provider.did())
            .put("nonce", nonce);
    input.set("holderJwk", JSON.readTree(recipient.key().toPrivateJwk()));
    input.putArray("disclose").add("name");
    NodeInterop.Result node =
        NodeInterop.node("sd-jwt-vc-present.mjs", input.toString(), java.util.Map.of());
    System.out.printf("[interop] node sd-jwt-vc-present.mjs: %d ms%n", node.millis());
    assertThat(node.exit()).as(node.stderr()).isZero();
    String presentation = JSON.readTree(node.stdout()).path("presentation").asText();
    assertThat(presentation.split("~", -1)).hasSize(3);
    service.awaitStatus(consent.consentId(), "ConsentGiven");

    List<String> x = List.of("health.checkup");
    JsonNode allowed =
        verify(provider, recipient, consent.consentId(), presentation, x, "ServiceProvision");
    assertThat(allowed.get("decision").asText()).as(allowed.toString()).isEqualTo("allow");
    assertThat(allowed.get("consentId").asText()).isEqualTo(consent.consentId());
    assertThat(allowed.path("receiptId").asText()).isNotBlank();
    // The anchor's members as the live ledger reads them too (consents:Status), not only the
    // mirror's: our own SDK's presentation, disclosing nothing personal.
    JsonNode live =
        verify(
            provider,
            recipient,
            consent.consentId(),
            sd.present(
                Set.of(), provider.did(), UUID.randomUUID().toString(), now, recipient.signer()),
            x,
            "ServiceProvision",
            "live");
    assertThat(live.get("decision").asText()).as(live.toString()).isEqualTo("allow");
    assertThat(live.get("ledgerRead").asText()).isEqualTo("live");
    assertThat(allowed.get("ledgerRead").asText()).isEqualTo("mirror");

    String disclosure = presentation.split("~", -1)[1];
    String tampered =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(disclosure), StandardCharsets.UTF_8)
                    .replace("Test Subject", "Someone Else")
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(tampered).isNotEqualTo(disclosure);
    assertDenied(
        verify(
            provider,
            recipient,
            consent.consentId(),
            presentation.replace(disclosure, tampered),
            x,
            "ServiceProvision"),
        "INVALID_CREDENTIAL");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo(code);
  }

  private JsonNode awaitReceipt(Party subject, String consentId, String receiptId)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          service.send(
              "GET", "/consents/" + consentId + "/receipts", null, service.didAuth(subject));
      last = r.body();
      if (r.statusCode() == 200) {
        for (JsonNode n : JSON.readTree(r.body()).get("receipts")) {
          if (receiptId.equals(n.get("receiptId").asText())) {
            return n;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("receipt " + receiptId + " not recorded; last: " + last);
  }
}
