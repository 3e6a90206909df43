/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.gateway.LedgerTarget;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.resolver.boot.DidResolverVerticle;
import kr.consentledger.resolver.boot.ResolverConfig;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidOperation;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** did:fabric end to end: wallet SDK → gateway → chaincode → resolver over HTTP. */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class})
class DidResolutionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESOLUTION = "application/did-resolution";
  private static final String DOCUMENT = "application/did+json";

  private static Vertx vertx;
  private static GatewayConnection connection;
  private static Contract dids;
  private static String base;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * did-resolver on a free loopback port, reading did:fabric documents through {@code info}'s
   * network as org1's client user (cache of 1000 documents, 4 ledger workers).
   */
  static ResolverConfig onNetwork(NetworkInfo info) {
    return new ResolverConfig(
        "127.0.0.1",
        0,
        new LedgerTarget(
            info.organization("org1").userEndpoint(),
            GatewayTimeouts.DEFAULT,
            info.channel(),
            info.chaincode(),
            Duration.ofMillis(500)),
        1000,
        4);
  }

  @BeforeAll
  static void start(NetworkInfo info) throws Exception {
    ResolverConfig config = onNetwork(info);
    vertx = Vertx.vertx();
    DidResolverVerticle verticle = new DidResolverVerticle(config);
    vertx
        .deployVerticle(verticle)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + verticle.actualPort() + "/1.0/identifiers/";
    // The test writes as org2's client, the resolver reads through org1's peer.
    connection =
        GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT);
    dids = connection.network(info.channel()).getContract(info.chaincode(), "dids");
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

  @Test
  void a_did_is_created_rotated_and_deactivated_and_every_version_resolves_over_http()
      throws Exception {
    WalletKeyPair key1 = WalletKeyPair.generate(KeyType.ED25519);
    WalletKeyPair key2 = WalletKeyPair.generate(KeyType.P256);
    DidDocument doc1 = DidFabric.newDocument(key1.publicKey()).build();
    String did = doc1.id();

    // 1. create with the SDK, resolve over HTTP
    DidOperation create = DidFabric.create(doc1, key1.signer(did + "#key-1"), null);
    dids.submitTransaction("Create", create.jws());
    HttpResponse<String> created = get(did, "", RESOLUTION);
    assertThat(created.statusCode()).isEqualTo(200);
    JsonNode v1 = JSON.readTree(created.body());
    assertThat(v1.at("/didDocument/id").asText()).isEqualTo(did);
    assertThat(v1.at("/didDocumentMetadata/versionId").asText()).isEqualTo(create.versionId());
    assertThat(v1.at("/didDocument/verificationMethod/0/id").asText()).isEqualTo(did + "#key-1");

    // 2. rotate key-1 out, key-2 in; the cached result is replaced within one second of commit
    DidDocument doc2 =
        doc1.toBuilder()
            .addVerificationMethod(
                "#key-2",
                key2.publicKey(),
                VerificationRelationship.AUTHENTICATION,
                VerificationRelationship.ASSERTION_METHOD)
            .removeVerificationMethod("#key-1")
            .build();
    DidState s1 = new DidState(did, doc1, create.versionId(), false);
    DidOperation rotate = DidFabric.update(s1, doc2, key1.signer(did + "#key-1"), null);
    dids.submitTransaction("Update", rotate.jws());
    long committed = System.nanoTime();
    JsonNode current = null;
    while (System.nanoTime() - committed < TimeUnit.SECONDS.toNanos(1)) {
      current = JSON.readTree(get(did, "", DOCUMENT).body());
      if (current.toString().contains(did + "#key-2")) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(current.toString()).contains(did + "#key-2").doesNotContain(did + "#key-1");

    HttpResponse<String> old = get(did, "?versionId=" + create.versionId(), RESOLUTION);
    assertThat(old.statusCode()).isEqualTo(200);
    JsonNode oldResult = JSON.readTree(old.body());
    assertThat(oldResult.at("/didDocument/verificationMethod/0/id").asText())
        .isEqualTo(did + "#key-1");
    assertThat(oldResult.at("/didDocumentMetadata/nextVersionId").asText())
        .isEqualTo(rotate.versionId());

    // 3. deactivate: 410 and deactivated true
    DidState s2 = new DidState(did, doc2, rotate.versionId(), false);
    dids.submitTransaction(
        "Deactivate", DidFabric.deactivate(s2, key2.signer(did + "#key-2"), null).jws());
    HttpResponse<String> gone = awaitStatus(did, 410);
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(JSON.readTree(gone.body()).at("/didDocumentMetadata/deactivated").asBoolean())
        .isTrue();
  }

  @Test
  void an_update_signed_by_a_key_that_does_not_control_the_did_is_refused_by_the_chaincode()
      throws Exception {
    // The SDK refuses to sign such an update, so the golden fixture's operation goes straight to
    // the gateway, past any service check.
    String create = fixtureOperation("01-create.json");
    String hijack = fixtureOperation("04-invalid-non-controller-update.json");
    try {
      dids.submitTransaction("Create", create);
    } catch (GatewayException e) {
      assertThat(details(e)).contains("DID_ALREADY_EXISTS"); // a rerun on the same ledger
    }

    assertThatThrownBy(() -> dids.submitTransaction("Update", hijack))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(details(e)).contains("NOT_CONTROLLER"));
  }

  @Test
  void an_unknown_did_is_404_and_a_malformed_one_400() throws Exception {
    String unknown = DidFabric.didFor(WalletKeyPair.generate(KeyType.ED25519).publicKey());
    assertThat(get(unknown, "", RESOLUTION).statusCode()).isEqualTo(404);
    assertThat(get("did:fabric:0OIl", "", RESOLUTION).statusCode()).isEqualTo(400);
  }

  private HttpResponse<String> awaitStatus(String did, int status) throws Exception {
    HttpResponse<String> r = null;
    for (int i = 0; i < 50; i++) {
      r = get(did, "", RESOLUTION);
      if (r.statusCode() == status) {
        break;
      }
      Thread.sleep(20);
    }
    return r;
  }

  private HttpResponse<String> get(String did, String query, String accept) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(base + URLEncoder.encode(did, StandardCharsets.UTF_8) + query))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(30))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String details(GatewayException e) {
    return e.getDetails().toString() + " " + e.getMessage();
  }

  private static String fixtureOperation(String file) throws Exception {
    Path dir =
        Path.of(
            System.getProperty("didFabricFixtures", "../wallet-sdk/src/test/resources/did-fabric"));
    return JSON.readTree(dir.resolve(file).toFile()).get("operation").asText();
  }
}
