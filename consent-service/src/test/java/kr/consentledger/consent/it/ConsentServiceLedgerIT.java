/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Grant and revoke end to end: wallet SDK → consent service over HTTP → PostgreSQL outbox → gateway
 * → the {@code consents} contract → chaincode event → read model.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class ConsentServiceLedgerIT {
  private static final ObjectMapper JSON = ServiceUnderTest.JSON;
  private static ServiceUnderTest service;
  private static GatewayConnection connection;
  private static Contract consents;

  @BeforeAll
  static void start(NetworkInfo info, TestDatabase db) throws Exception {
    service = ServiceUnderTest.start(info, db, "consent_ledger");
    connection =
        GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT);
    consents = connection.network(info.channel()).getContract(info.chaincode(), "consents");
  }

  @AfterAll
  static void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void a_consent_is_anchored_then_withdrawn_and_the_read_model_follows_the_ledger()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.P256);
    Party recipient = Party.didKey(KeyType.SECP256K1);
    ConsentCredential consent =
        subject.consentFor(provider, recipient, Instant.now().plus(90, ChronoUnit.DAYS), false);
    String body =
        JSON.createObjectNode()
            .put("credential", consent.jws())
            .put("anchor", ConsentStatements.anchor(consent, subject.signer()))
            .toString();

    HttpResponse<String> accepted = service.post("/consents", body);
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode given = service.awaitStatus(consent.consentId(), "ConsentGiven");
    JsonNode onLedger = JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()));

    assertThat(given.get("transactionId").asText()).isEqualTo(onLedger.get("anchorTxId").asText());
    assertThat(given.get("blockNumber").asLong()).isPositive();
    assertThat(given.get("credentialHash").asText()).isEqualTo(consent.credentialHash());
    assertThat(onLedger.get("status").asText()).isEqualTo("ConsentGiven");
    assertThat(service.post("/consents", body).statusCode()).isEqualTo(200);

    String revocation =
        ConsentStatements.revocation(
            consent.consentId(),
            consent.credentialHash(),
            subject.did(),
            ConsentStatements.Reason.WITHDRAWN,
            subject.signer());
    HttpResponse<String> revoked =
        service.post(
            "/consents/" + consent.consentId() + "/revocation",
            JSON.createObjectNode().put("revocation", revocation).toString());
    assertThat(revoked.statusCode()).isEqualTo(202);
    JsonNode withdrawn = service.awaitStatus(consent.consentId(), "ConsentWithdrawn");
    JsonNode ledgerAfter =
        JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()));

    assertThat(ledgerAfter.get("status").asText()).isEqualTo("ConsentWithdrawn");
    assertThat(withdrawn.get("transactionId").asText())
        .isEqualTo(ledgerAfter.get("revokeTxId").asText());
  }

  @Test
  void a_revocation_signed_by_the_provider_is_refused_before_it_reaches_the_ledger()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential consent =
        ConsentCredential.builder()
            .subject(subject.did(), "S", "mailto:s@example.kr")
            .provider(provider.did(), "P")
            .recipient(recipient.did(), "R")
            .validFrom(from)
            .validUntil(from.plus(30, ChronoUnit.DAYS))
            .purpose("p", "ServiceProvision", true)
            .dataCategory("finance.card.transactions", false)
            .transmission(ConsentCredential.Transmission.oneTime(from.plus(10, ChronoUnit.DAYS)))
            .retentionPeriod("P1M")
            .legalBasis("Credit Information Act")
            .withdrawal("wallet", null)
            .statusBaseUrl("https://consent.example.kr/consents")
            .build()
            .issue(subject.signer());
    service.post(
        "/consents",
        JSON.createObjectNode()
            .put("credential", consent.jws())
            .put("anchor", ConsentStatements.anchor(consent, subject.signer()))
            .toString());
    service.awaitStatus(consent.consentId(), "ConsentGiven");

    // The SDK refuses to sign for someone else, so the forgery is signed by hand.
    String forged =
        kr.consentledger.consent.testing.Wallet.sign(
            "consent-revocation+jwt",
            null,
            new io.vertx.core.json.JsonObject()
                .put("consentId", consent.consentId())
                .put("credentialHash", consent.credentialHash())
                .put("subject", subject.did())
                .put("reason", "withdrawn"),
            provider.signer());
    HttpResponse<String> r =
        service.post(
            "/consents/" + consent.consentId() + "/revocation",
            JSON.createObjectNode().put("revocation", forged).toString());

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("NOT_AUTHORISED");
    assertThat(
            JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()))
                .get("status")
                .asText())
        .isEqualTo("ConsentGiven");
  }

  @Test
  void the_subject_lists_its_consent_and_erases_the_credential_while_the_ledger_still_proves_it()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.P256);
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential consent =
        ConsentCredential.builder()
            .subject(subject.did(), "Kim Erase", "mailto:erase@example.kr")
            .provider(provider.did(), "P")
            .recipient(recipient.did(), "R")
            .validFrom(from)
            .validUntil(from.plus(30, ChronoUnit.DAYS))
            .purpose("insurance quote", "ServiceProvision", true)
            .dataCategory("health.checkup", true)
            .transmission(ConsentCredential.Transmission.oneTime(from.plus(10, ChronoUnit.DAYS)))
            .retentionPeriod("P1M")
            .legalBasis("PIPA Art. 35-2")
            .withdrawal("wallet", null)
            .statusBaseUrl("https://consent.example.kr/consents")
            .build()
            .issue(subject.signer());
    assertThat(
            service
                .post(
                    "/consents",
                    JSON.createObjectNode()
                        .put("credential", consent.jws())
                        .put("anchor", ConsentStatements.anchor(consent, subject.signer()))
                        .toString())
                .statusCode())
        .isEqualTo(202);
    service.awaitStatus(consent.consentId(), "ConsentGiven");
    String token = service.didAuth(subject);
    Party stranger = Party.didKey(KeyType.ED25519);

    JsonNode mine =
        JSON.readTree(service.send("GET", "/consents", null, token).body()).get("consents");
    HttpResponse<String> anonymous = service.send("GET", "/consents", null, null);
    HttpResponse<String> strangerErase =
        service.send(
            "DELETE",
            "/consents/" + consent.consentId() + "/credential",
            null,
            service.didAuth(stranger));

    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).get("consentId").asText()).isEqualTo(consent.consentId());
    assertThat(mine.get(0).get("status").asText()).isEqualTo("ConsentGiven");
    assertThat(mine.get(0).get("credential").asText()).isEqualTo(consent.jws());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anonymous.body()).get("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(strangerErase.statusCode()).isEqualTo(403);

    HttpResponse<String> erased =
        service.send("DELETE", "/consents/" + consent.consentId() + "/credential", null, token);
    JsonNode after =
        JSON.readTree(service.send("GET", "/consents", null, token).body()).get("consents").get(0);
    JsonNode onLedger = JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()));

    assertThat(erased.statusCode()).isEqualTo(204);
    assertThat(after.get("credentialErased").asBoolean()).isTrue();
    assertThat(after.path("credential").isNull() || after.path("credential").isMissingNode())
        .isTrue();
    // The ledger still proves that a credential with this hash was consented to, by this subject.
    assertThat(onLedger.get("credentialHash").asText()).isEqualTo(consent.credentialHash());
    assertThat(onLedger.get("subject").asText()).isEqualTo(subject.did());
    assertThat(onLedger.get("status").asText()).isEqualTo("ConsentGiven");
  }

  @Test
  void a_wallet_creates_and_rotates_a_did_fabric_through_the_registrar_and_the_ledger_holds_it(
      NetworkInfo info) throws Exception {
    kr.consentledger.wallet.keys.WalletKeyPair key1 =
        kr.consentledger.wallet.keys.WalletKeyPair.generate(
            kr.consentledger.wallet.keys.KeyType.ED25519);
    kr.consentledger.wallet.did.DidDocument doc =
        kr.consentledger.wallet.did.DidFabric.newDocument(key1.publicKey()).build();
    String did = doc.id();
    String create =
        kr.consentledger.wallet.did.DidFabric.create(doc, key1.signer(did + "#key-1"), null).jws();

    HttpResponse<String> created =
        service.post("/1.0/create?method=fabric", registrarRequest(create, null));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode state = JSON.readTree(created.body());
    assertThat(state.at("/didState/state").asText()).isEqualTo("finished");
    assertThat(state.at("/didState/did").asText()).isEqualTo(did);
    assertThat(state.at("/didRegistrationMetadata/transactionId").asText()).isNotBlank();
    Contract dids = connection.network(info.channel()).getContract(info.chaincode(), "dids");
    JsonNode resolved =
        JSON.readTree(new String(dids.evaluateTransaction("Resolve", did), StandardCharsets.UTF_8));
    assertThat(resolved.at("/didDocument/id").asText()).isEqualTo(did);

    // The same operation again: the ledger refuses it, the service says why.
    HttpResponse<String> again = service.post("/1.0/create", registrarRequest(create, null));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).get("code").asText()).isEqualTo("DID_ALREADY_EXISTS");

    // Rotate: a new key replaces the first, signed by the current one.
    kr.consentledger.wallet.keys.WalletKeyPair key2 =
        kr.consentledger.wallet.keys.WalletKeyPair.generate(
            kr.consentledger.wallet.keys.KeyType.P256);
    kr.consentledger.wallet.did.DidDocument rotated =
        doc.toBuilder()
            .addVerificationMethod(
                "#key-2",
                key2.publicKey(),
                kr.consentledger.wallet.did.VerificationRelationship.AUTHENTICATION,
                kr.consentledger.wallet.did.VerificationRelationship.ASSERTION_METHOD)
            .removeVerificationMethod("#key-1")
            .build();
    kr.consentledger.wallet.did.DidState current =
        new kr.consentledger.wallet.did.DidState(
            did, doc, resolved.at("/didDocumentMetadata/versionId").asText(), false);
    String update =
        kr.consentledger.wallet.did.DidFabric.update(
                current, rotated, key1.signer(did + "#key-1"), null)
            .jws();
    HttpResponse<String> updated = service.post("/1.0/update", registrarRequest(update, did));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(JSON.readTree(updated.body()).at("/didDocumentMetadata/versionId").asText())
        .isNotEqualTo(resolved.at("/didDocumentMetadata/versionId").asText());
  }

  private static String registrarRequest(String jws, String did) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
    body.putNull("jobId");
    body.putObject("options");
    body.putObject("secret").put("signedOperation", jws);
    if (did != null) {
      body.put("did", did);
    }
    return JSON.writeValueAsString(body);
  }
}
