package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.ConsentServiceConfig;
import kr.consentledger.consent.ConsentServiceVerticle;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.ConsentCredential;
import kr.consentledger.wallet.ConsentStatements;
import kr.consentledger.wallet.DidKey;
import kr.consentledger.wallet.KeyType;
import kr.consentledger.wallet.Signer;
import kr.consentledger.wallet.WalletKeyPair;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Grant and revoke end to end: wallet SDK → consent service over HTTP → PostgreSQL outbox →
 * gateway → the {@code consents} contract → chaincode event → read model.
 */
@ExtendWith({FabricNetworkExtension.class, PostgresExtension.class})
class ConsentServiceLedgerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Vertx vertx;
  private static String base;
  private static GatewayConnection connection;
  private static Contract consents;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(NetworkInfo info, TestDatabase db) throws Exception {
    ConsentServiceConfig config = new ConsentServiceConfig(
        "127.0.0.1", 0,
        new ConsentServiceConfig.Database(db.host(), db.port(), db.createDatabase("consent_ledger"), db.user(), db.password(), 4),
        new ConsentServiceConfig.Ledger(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT,
            info.channel(), info.chaincode(), 0, Duration.ofMillis(500)),
        Duration.ofDays(365), 50, Duration.ofMillis(200), Duration.ofMinutes(2), 4);
    vertx = Vertx.vertx();
    ConsentServiceVerticle verticle = new ConsentServiceVerticle(config);
    vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + verticle.actualPort();
    connection = GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT);
    consents = connection.network(info.channel()).getContract(info.chaincode(), "consents");
  }

  @AfterAll
  static void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private record Party(String did, Signer signer) {
    static Party didKey(KeyType type) {
      WalletKeyPair key = WalletKeyPair.generate(type);
      String did = DidKey.create(key.publicKey());
      return new Party(did, key.signer(did + "#" + did.substring("did:key:".length())));
    }
  }

  @Test
  void a_consent_is_anchored_then_withdrawn_and_the_read_model_follows_the_ledger() throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.P256);
    Party recipient = Party.didKey(KeyType.SECP256K1);
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential consent = ConsentCredential.builder()
        .subject(subject.did(), "Test Subject", "mailto:subject@example.kr")
        .provider(provider.did(), "Test Hospital")
        .recipient(recipient.did(), "Test MyData Co.")
        .validFrom(from)
        .validUntil(from.plus(90, ChronoUnit.DAYS))
        .purpose("health management", "ServiceProvision", true)
        .dataCategory("health.checkup", true)
        .transmission(ConsentCredential.Transmission.oneTime(from.plus(30, ChronoUnit.DAYS)))
        .retentionPeriod("P1Y")
        .legalBasis("PIPA Art. 35-2")
        .withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents")
        .build()
        .issue(subject.signer());
    String body = JSON.createObjectNode()
        .put("credential", consent.jws())
        .put("anchor", ConsentStatements.anchor(consent, subject.signer()))
        .toString();

    HttpResponse<String> accepted = post("/consents", body);
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode given = awaitStatus(consent.consentId(), "ConsentGiven");
    JsonNode onLedger = JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()));

    assertThat(given.get("transactionId").asText()).isEqualTo(onLedger.get("anchorTxId").asText());
    assertThat(given.get("blockNumber").asLong()).isPositive();
    assertThat(given.get("credentialHash").asText()).isEqualTo(consent.credentialHash());
    assertThat(onLedger.get("status").asText()).isEqualTo("ConsentGiven");
    assertThat(post("/consents", body).statusCode()).isEqualTo(200);

    String revocation = ConsentStatements.revocation(consent.consentId(), consent.credentialHash(), subject.did(),
        ConsentStatements.Reason.WITHDRAWN, subject.signer());
    HttpResponse<String> revoked = post("/consents/" + consent.consentId() + "/revocation",
        JSON.createObjectNode().put("revocation", revocation).toString());
    assertThat(revoked.statusCode()).isEqualTo(202);
    JsonNode withdrawn = awaitStatus(consent.consentId(), "ConsentWithdrawn");
    JsonNode ledgerAfter = JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()));

    assertThat(ledgerAfter.get("status").asText()).isEqualTo("ConsentWithdrawn");
    assertThat(withdrawn.get("transactionId").asText()).isEqualTo(ledgerAfter.get("revokeTxId").asText());
  }

  @Test
  void a_revocation_signed_by_the_provider_is_refused_before_it_reaches_the_ledger() throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential consent = ConsentCredential.builder()
        .subject(subject.did(), "S", "mailto:s@example.kr").provider(provider.did(), "P").recipient(recipient.did(), "R")
        .validFrom(from).validUntil(from.plus(30, ChronoUnit.DAYS))
        .purpose("p", "ServiceProvision", true).dataCategory("finance.card.transactions", false)
        .transmission(ConsentCredential.Transmission.oneTime(from.plus(10, ChronoUnit.DAYS)))
        .retentionPeriod("P1M").legalBasis("Credit Information Act").withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents").build().issue(subject.signer());
    post("/consents", JSON.createObjectNode().put("credential", consent.jws())
        .put("anchor", ConsentStatements.anchor(consent, subject.signer())).toString());
    awaitStatus(consent.consentId(), "ConsentGiven");

    // The SDK refuses to sign for someone else, so the forgery is signed by hand.
    String forged = kr.consentledger.consent.testing.Wallet.sign("consent-revocation+jwt", null,
        new io.vertx.core.json.JsonObject().put("consentId", consent.consentId())
            .put("credentialHash", consent.credentialHash()).put("subject", subject.did()).put("reason", "withdrawn"),
        provider.signer());
    HttpResponse<String> r = post("/consents/" + consent.consentId() + "/revocation",
        JSON.createObjectNode().put("revocation", forged).toString());

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("NOT_AUTHORISED");
    assertThat(JSON.readTree(consents.evaluateTransaction("Status", consent.consentId())).get("status").asText())
        .isEqualTo("ConsentGiven");
  }

  @Test
  void the_subject_lists_its_consent_and_erases_the_credential_while_the_ledger_still_proves_it()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.P256);
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential consent = ConsentCredential.builder()
        .subject(subject.did(), "Kim Erase", "mailto:erase@example.kr").provider(provider.did(), "P").recipient(recipient.did(), "R")
        .validFrom(from).validUntil(from.plus(30, ChronoUnit.DAYS))
        .purpose("insurance quote", "ServiceProvision", true).dataCategory("health.checkup", true)
        .transmission(ConsentCredential.Transmission.oneTime(from.plus(10, ChronoUnit.DAYS)))
        .retentionPeriod("P1M").legalBasis("PIPA Art. 35-2").withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents").build().issue(subject.signer());
    assertThat(post("/consents", JSON.createObjectNode().put("credential", consent.jws())
        .put("anchor", ConsentStatements.anchor(consent, subject.signer())).toString()).statusCode()).isEqualTo(202);
    awaitStatus(consent.consentId(), "ConsentGiven");
    String token = didAuth(subject);
    Party stranger = Party.didKey(KeyType.ED25519);

    JsonNode mine = JSON.readTree(send("GET", "/consents", null, token).body()).get("consents");
    HttpResponse<String> anonymous = send("GET", "/consents", null, null);
    HttpResponse<String> strangerErase =
        send("DELETE", "/consents/" + consent.consentId() + "/credential", null, didAuth(stranger));

    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).get("consentId").asText()).isEqualTo(consent.consentId());
    assertThat(mine.get(0).get("status").asText()).isEqualTo("ConsentGiven");
    assertThat(mine.get(0).get("credential").asText()).isEqualTo(consent.jws());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anonymous.body()).get("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(strangerErase.statusCode()).isEqualTo(403);

    HttpResponse<String> erased = send("DELETE", "/consents/" + consent.consentId() + "/credential", null, token);
    JsonNode after = JSON.readTree(send("GET", "/consents", null, token).body()).get("consents").get(0);
    JsonNode onLedger = JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()));

    assertThat(erased.statusCode()).isEqualTo(204);
    assertThat(after.get("credentialErased").asBoolean()).isTrue();
    assertThat(after.path("credential").isNull() || after.path("credential").isMissingNode()).isTrue();
    // The ledger still proves that a credential with this hash was consented to, by this subject.
    assertThat(onLedger.get("credentialHash").asText()).isEqualTo(consent.credentialHash());
    assertThat(onLedger.get("subject").asText()).isEqualTo(subject.did());
    assertThat(onLedger.get("status").asText()).isEqualTo("ConsentGiven");
  }

  private String didAuth(Party party) throws Exception {
    HttpResponse<String> challenge =
        send("POST", "/auth/challenges", JSON.createObjectNode().put("did", party.did()).toString(), null);
    assertThat(challenge.statusCode()).isEqualTo(201);
    return kr.consentledger.wallet.DidAuth.token(party.did(), JSON.readTree(challenge.body()).get("challenge").asText(),
        kr.consentledger.wallet.DidAuth.CONSENT_SERVICE, party.signer(), java.time.Clock.systemUTC(),
        Duration.ofSeconds(120));
  }

  private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", kr.consentledger.wallet.DidAuth.SCHEME + " " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitStatus(String consentId, String status) throws Exception {
    JsonNode last = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/consents/" + consentId)).build(),
          HttpResponse.BodyHandlers.ofString());
      last = JSON.readTree(r.body());
      if (r.statusCode() == 200 && status.equals(last.path("status").asText())) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("consent " + consentId + " did not reach " + status + "; last: " + last);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
