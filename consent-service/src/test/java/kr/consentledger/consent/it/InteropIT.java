/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.testing.NodeInterop;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.Oid4vpRequestObject;
import kr.consentledger.wallet.consent.Oid4vpWallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.SdJwtConsent;
import kr.consentledger.wallet.credential.StatusListCredential;
import kr.consentledger.wallet.credential.StatusListEntry;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, parts 1 and 4, against independent implementations from npm ({@code interop/}, run by
 * {@link NodeInterop}), on one consent-service and one did-resolver (its HTTP API is what the Node
 * checks resolve DIDs through).
 *
 * <p>W3C Bitstring Status List v1.0 on the real network (part 1): a subject reserves indexes
 * (DID-auth), signs consents carrying them, the service binds and anchors them; the published list,
 * signed by the operators' did:fabric (registered by the service at start-up), flips a consent's
 * bit once its withdrawal is committed on the ledger, and Digital Bazaar's
 * {@code @digitalbazaar/vc-bitstring-status-list} (Node, {@code interop/status-list-check.mjs})
 * reads the same statuses, with the list's {@code vc+jwt} verified by {@code jose} through
 * did-resolver's HTTP API.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class InteropIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final KeyType[] SIGNING = {KeyType.ED25519, KeyType.P256, KeyType.SECP256K1};
  private static ServiceUnderTest service;
  private static ServiceProcess resolver;
  private static GatewayConnection events;
  private static CloseableIterator<ChaincodeEvent> stream;
  private static final Map<String, CompletableFuture<Long>> withdrawnAt = new ConcurrentHashMap<>();

  @BeforeAll
  static void start(NetworkInfo info, TestDatabase db) throws Exception {
    Organization org1 = info.organization("org1");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FABRIC_PEER_ENDPOINT", org1.peerAddress());
    env.put("FABRIC_TLS_CA_CERT", org1.peerTlsCa().toString());
    env.put("FABRIC_MSP_ID", org1.mspId());
    env.put("FABRIC_CERT", org1.userCertificate().toString());
    env.put("FABRIC_KEY", org1.userKeyDirectory().toString());
    env.put("FABRIC_CHANNEL", info.channel());
    env.put("FABRIC_CHAINCODE", info.chaincode());
    env.put("DID_RESOLVER_RATE_PER_SECOND", "0");
    env.put("DID_RESOLVER_MAX_EVENT_LOOP_DELAY_MS", "0");
    // did-resolver's JVM starts while consent-service starts in this one.
    ServiceProcess resolving = ServiceProcess.didResolver(env);
    CompletableFuture<ServiceProcess> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return resolving.start();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    service = ServiceUnderTest.start(info, db, "status_lists");
    resolver = started.get(180, TimeUnit.SECONDS);
    service.awaitOperatorRegistered();
    // When each withdrawal reached this process from the peer: the commit, as seen from here.
    events = GatewayConnection.open(org1.userEndpoint(), GatewayTimeouts.DEFAULT);
    stream =
        events
            .network(info.channel())
            .newChaincodeEventsRequest(info.chaincode())
            .build()
            .getEvents();
    Thread reader =
        new Thread(
            () -> {
              try {
                while (stream.hasNext()) {
                  ChaincodeEvent e = stream.next();
                  long now = System.nanoTime();
                  if ("ConsentsChanged".equals(e.getEventName())) {
                    for (JsonNode c :
                        ServiceUnderTest.JSON.readTree(e.getPayload()).path("changes")) {
                      if ("ConsentWithdrawn".equals(c.path("status").asText())) {
                        withdrawnAt
                            .computeIfAbsent(
                                c.path("consentId").asText(), k -> new CompletableFuture<>())
                            .complete(now);
                      }
                    }
                  }
                }
              } catch (Exception closed) {
                // the stream ends when the test closes it
              }
            },
            "interop-it-events");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stream != null) {
      stream.close();
    }
    if (events != null) {
      events.close();
    }
    if (resolver != null) {
      resolver.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void a_withdrawal_on_the_ledger_flips_the_consents_bit_and_an_independent_reader_agrees()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.P256);
    Party recipient = Party.didKey(KeyType.ED25519);
    String token = service.didAuth(subject);
    StatusListEntry first = reserve(token);
    StatusListEntry second = reserve(token);
    assertThat(first.statusListCredential()).isEqualTo(service.base() + "/status-lists/1");
    assertThat(second.statusListIndex()).isNotEqualTo(first.statusListIndex());

    ConsentCredential granted = consent(subject, provider, recipient, first);
    ConsentCredential withdrawn = consent(subject, provider, recipient, second);
    assertThat(service.submit(granted, subject).statusCode()).isEqualTo(202);
    assertThat(service.submit(withdrawn, subject).statusCode()).isEqualTo(202);
    service.awaitStatus(granted.consentId(), "ConsentGiven");
    service.awaitStatus(withdrawn.consentId(), "ConsentGiven");

    HttpResponse<String> list = get(first.statusListCredential(), null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Type")).contains("application/vc+jwt");
    assertThat(list.headers().firstValue("Cache-Control"))
        .contains("public, max-age=0, must-revalidate");
    String etag = list.headers().firstValue("ETag").orElseThrow();
    assertThat(get(first.statusListCredential(), etag).statusCode()).isEqualTo(304);
    Verifier verifier =
        Verifier.builder().resolver(httpResolver()).clock(Clock.systemUTC()).build();
    assertThat(verifier.checkStatus(second, list.body()).valid()).isTrue();
    assertThat(list.body()).doesNotContain(subject.did().substring(8, 30));

    String revocation =
        ConsentStatements.revocation(
            withdrawn.consentId(),
            withdrawn.credentialHash(),
            subject.did(),
            ConsentStatements.Reason.WITHDRAWN,
            subject.signer());
    HttpResponse<String> accepted =
        service.post(
            "/consents/" + withdrawn.consentId() + "/revocation",
            ServiceUnderTest.JSON.createObjectNode().put("revocation", revocation).toString());
    long acceptedAt = System.nanoTime();
    assertThat(accepted.statusCode()).isEqualTo(202);
    // Asks with the last tag until the list changes: 304 while it has not.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> changed = get(first.statusListCredential(), etag);
    while (changed.statusCode() == 304 && System.nanoTime() < deadline) {
      changed = get(first.statusListCredential(), etag);
    }
    long flippedAt = System.nanoTime();
    assertThat(changed.statusCode()).isEqualTo(200);
    StatusListCredential.Status after = verifier.checkStatus(second, changed.body());
    assertThat(after.valid()).isFalse();
    assertThat(after.status()).isEqualTo(1);
    assertThat(verifier.checkStatus(first, changed.body()).valid()).isTrue();
    // The commit as this process's own event stream delivered it (org1's peer, like the
    // service's): a negative figure means the list had changed before the test heard of it.
    Long committed =
        withdrawnAt
            .computeIfAbsent(withdrawn.consentId(), k -> new CompletableFuture<>())
            .completeOnTimeout(null, 10, TimeUnit.SECONDS)
            .get();
    System.out.printf(
        "[status-list] revocation accepted (202) -> bit flipped: %d ms; commit event at the test"
            + " -> bit flipped: %s ms%n",
        (flippedAt - acceptedAt) / 1_000_000,
        committed == null ? "n/a" : Long.toString((flippedAt - committed) / 1_000_000));
    NodeInterop.Result node =
        NodeInterop.node(
            "status-list-check.mjs",
            ServiceUnderTest.JSON
                .createObjectNode()
                .put("resolver", resolver.base())
                .set(
                    "credentials",
                    ServiceUnderTest.JSON
                        .createObjectNode()
                        .put("granted", granted.jws())
                        .put("withdrawn", withdrawn.jws()))
                .toString(),
            Map.of());
    System.out.printf("[status-list] node status-list-check.mjs: %d ms%n", node.millis());
    assertThat(node.exit()).as(node.stderr()).isZero();
    JsonNode read = ServiceUnderTest.JSON.readTree(node.stdout());
    assertThat(read.path("granted").path("verified").asBoolean()).as(node.stdout()).isTrue();
    assertThat(read.path("granted").path("status").asBoolean()).isFalse();
    assertThat(read.path("withdrawn").path("verified").asBoolean()).as(node.stdout()).isTrue();
    assertThat(read.path("withdrawn").path("status").asBoolean()).isTrue();
    assertThat(read.path("withdrawn").path("statusListIndex").asText())
        .isEqualTo(Long.toString(second.statusListIndex()));
  }

  @Test
  void an_index_serves_only_the_subject_it_was_reserved_for_and_only_one_consent()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party stranger = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.P256);
    Party recipient = Party.didKey(KeyType.ED25519);
    StatusListEntry mine = reserve(service.didAuth(subject));

    assertProblem(
        service.submit(consent(stranger, provider, recipient, mine), stranger),
        "STATUS_ENTRY_NOT_RESERVED");
    StatusListEntry unreserved =
        StatusListEntry.revocation(
            mine.statusListCredential(), (mine.statusListIndex() + 1) % 131_072);
    assertProblem(
        service.submit(consent(subject, provider, recipient, unreserved), subject),
        "STATUS_ENTRY_NOT_RESERVED");
    StatusListEntry foreign = StatusListEntry.revocation("https://elsewhere.example/lists/1", 5);
    assertProblem(
        service.submit(consent(subject, provider, recipient, foreign), subject),
        "STATUS_ENTRY_NOT_RESERVED");
    assertThat(service.submit(consent(subject, provider, recipient, mine), subject).statusCode())
        .isEqualTo(202);
    assertProblem(
        service.submit(consent(subject, provider, recipient, mine), subject),
        "STATUS_ENTRY_NOT_RESERVED");
    assertThat(service.send("POST", "/status-list-reservations", null, null).statusCode())
        .isEqualTo(401);
    assertProblem(get(service.base() + "/status-lists/9", null), "STATUS_LIST_NOT_FOUND");
  }

  @Test
  void our_credentials_and_presentations_verify_in_jose_and_did_jwt() throws Exception {
    Party provider = Party.didKey(KeyType.P256);
    var credentials = ServiceUnderTest.JSON.createArrayNode();
    var presentations = ServiceUnderTest.JSON.createArrayNode();
    for (KeyType type : SIGNING) {
      Party subject = Party.didKey(type);
      Party recipient = Party.didKey(type);
      ConsentCredential consent =
          subject.consentFor(provider, recipient, Instant.now().plus(30, ChronoUnit.DAYS), true);
      credentials.addObject().put("name", "vc-" + type).put("jws", consent.jws());
      String vp =
          VerifiablePresentation.builder()
              .holder(recipient.did())
              .credential(consent.verifiableCredential())
              .audience(provider.did())
              .nonce("nonce-" + type)
              .sign(recipient.signer())
              .jws();
      presentations
          .addObject()
          .put("name", "vp-" + type)
          .put("jws", vp)
          .put("audience", provider.did())
          .put("nonce", "nonce-" + type);
    }
    var input = ServiceUnderTest.JSON.createObjectNode().put("resolver", resolver.base());
    input.set("credentials", credentials);
    input.set("presentations", presentations);

    NodeInterop.Result node = NodeInterop.node("jose-verify.mjs", input.toString(), Map.of());
    System.out.printf("[interop] node jose-verify.mjs: %d ms%n", node.millis());
    assertThat(node.exit()).as(node.stderr()).isZero();
    JsonNode out = ServiceUnderTest.JSON.readTree(node.stdout());
    for (KeyType type : SIGNING) {
      JsonNode vc = out.path("vc-" + type);
      JsonNode vp = out.path("vp-" + type);
      assertThat(vc.path("didJwt").asText()).as(vc.toString()).isEqualTo("true");
      assertThat(vp.path("didJwt").asText()).as(vp.toString()).isEqualTo("true");
      if (type == KeyType.SECP256K1) {
        // jose 6 dropped ES256K: did-jwt (above) is the independent check for secp256k1.
        assertThat(vc.path("jose").asText()).contains("unsupported");
      } else {
        assertThat(vc.path("jose").asText()).as(vc.toString()).isEqualTo("true");
        assertThat(vp.path("jose").asText()).as(vp.toString()).isEqualTo("true");
      }
      // did-jwt-vc reads the VC Data Model 1.1 JWT encoding (an iss claim and a vc claim): a VC 2.0
      // vc+jwt, whose payload is the credential itself, is outside it (README, Known limits).
      assertThat(vc.path("didJwtVc").asText()).contains("iss or client_id are required");
      assertThat(vp.path("credentials").asInt()).isEqualTo(1);
    }
  }

  @Test
  void credentials_and_presentations_made_by_jose_verify_in_our_sdk() throws Exception {
    String audience = "did:example:provider";
    NodeInterop.Result node =
        NodeInterop.node(
            "jose-issue.mjs",
            ServiceUnderTest.JSON
                .createObjectNode()
                .put("audience", audience)
                .put("nonce", "n-1")
                .toString(),
            Map.of());
    System.out.printf("[interop] node jose-issue.mjs: %d ms%n", node.millis());
    assertThat(node.exit()).as(node.stderr()).isZero();
    Verifier verifier =
        Verifier.builder().resolver(DidResolvers.local()).clock(Clock.systemUTC()).build();
    JsonNode made = ServiceUnderTest.JSON.readTree(node.stdout());
    assertThat(made).hasSize(2);
    for (JsonNode m : made) {
      VerifiableCredential vc = verifier.verifyCredential(m.path("credential").asText());
      assertThat(vc.credential().issuer()).isEqualTo(m.path("issuer").asText());
      VerifiablePresentation vp =
          verifier.verifyPresentation(m.path("presentation").asText(), audience, "n-1");
      assertThat(vp.holder()).isEqualTo(m.path("holder").asText());
      assertThat(vp.credentials()).hasSize(1);
      assertThatThrownBy(
              () -> verifier.verifyPresentation(m.path("presentation").asText(), audience, "n-2"))
          .isInstanceOf(RejectedException.class);
    }
  }

  @Test
  void our_resolver_answers_the_universal_resolver_driver_contract() throws Exception {
    String operator =
        ServiceUnderTest.JSON
            .readTree(
                java.util.Base64.getUrlDecoder()
                    .decode(get(service.base() + "/status-lists/1", null).body().split("\\.")[1]))
            .path("issuer")
            .asText();
    assertThat(operator).startsWith("did:fabric:");
    WalletKeyPair key = WalletKeyPair.generate(KeyType.P256);
    var dids =
        ServiceUnderTest.JSON
            .createObjectNode()
            .put("key", Party.didKey(KeyType.ED25519).did())
            .put("jwk", DidJwk.create(key.publicKey()))
            .put("fabric", operator)
            .put("notFound", DidFabric.didFor(key.publicKey()))
            .put("invalid", "did:fabric:0OIl");
    NodeInterop.Result node =
        NodeInterop.node(
            "resolver-contract.mjs",
            ServiceUnderTest.JSON
                .createObjectNode()
                .put("resolver", resolver.base())
                .set("dids", dids)
                .toString(),
            Map.of());
    System.out.printf("[interop] node resolver-contract.mjs: %d ms%n", node.millis());
    assertThat(node.exit()).as(node.stderr()).isZero();
    for (JsonNode r : ServiceUnderTest.JSON.readTree(node.stdout())) {
      String name = r.path("name").asText();
      String accept = r.path("accept").asText();
      String contentType = r.path("contentType").asText();
      String what = name + " " + accept + " " + r.path("errors");
      if (name.equals("notFound") || name.equals("invalid")) {
        assertThat(r.path("status").asInt())
            .as(what)
            .isEqualTo(name.equals("notFound") ? 404 : 400);
        if (r.path("body").has("didResolutionMetadata")) {
          // The one difference from DID Resolution v1.0's schema: our error is the DID Core /
          // Universal Resolver string code (notFound, invalidDid), theirs an RFC 9457 object.
          assertThat(r.path("errors").toString())
              .as(what)
              .contains("/didResolutionMetadata/error must be object");
          assertThat(r.path("body").path("didResolutionMetadata").path("error").asText())
              .isIn("notFound", "invalidDid");
        }
        continue;
      }
      assertThat(r.path("status").asInt()).as(what).isEqualTo(200);
      assertThat(r.path("valid").asBoolean()).as(what).isTrue();
      if (accept.startsWith("application/did-resolution")
          || accept.startsWith("application/ld+json")
          || accept.equals("*/*")) {
        assertThat(contentType).as(what).containsAnyOf("did-resolution");
        assertThat(r.path("body").path("didDocument").path("id").asText())
            .isEqualTo(dids.path(name).asText());
      } else {
        assertThat(contentType).as(what).startsWith(accept);
      }
    }
  }

  @Test
  void the_openid4vp_wallet_from_npm_presents_to_our_verifier_allow_and_two_denials(
      NetworkInfo info) throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.P256);
    Party recipient = Party.didKey(KeyType.ED25519);
    Party.register(info, "OpenID4VP", provider, recipient);
    Instant until = Instant.now().plus(30, ChronoUnit.DAYS);
    ConsentCredential granted = subject.consentFor(provider, recipient, until, false);
    ConsentCredential withdrawn = subject.consentFor(provider, recipient, until, false);
    assertThat(service.submit(granted, subject).statusCode()).isEqualTo(202);
    assertThat(service.submit(withdrawn, subject).statusCode()).isEqualTo(202);
    service.awaitStatus(withdrawn.consentId(), "ConsentGiven");
    String revocation =
        ConsentStatements.revocation(
            withdrawn.consentId(),
            withdrawn.credentialHash(),
            subject.did(),
            ConsentStatements.Reason.WITHDRAWN,
            subject.signer());
    assertThat(
            service
                .post(
                    "/consents/" + withdrawn.consentId() + "/revocation",
                    ServiceUnderTest.JSON
                        .createObjectNode()
                        .put("revocation", revocation)
                        .toString())
                .statusCode())
        .isEqualTo(202);
    service.awaitStatus(granted.consentId(), "ConsentGiven");
    service.awaitStatus(withdrawn.consentId(), "ConsentWithdrawn");
    String token = service.didAuth(provider);

    JsonNode allowed = presentWithNpmWallet(token, provider, recipient, granted, null, null);
    JsonNode revoked = presentWithNpmWallet(token, provider, recipient, withdrawn, null, null);
    JsonNode replayed =
        presentWithNpmWallet(
            token, provider, recipient, granted, "a-nonce-of-another-request", null);
    // The same wallet answering the request's other option, the SD-JWT VC (dc+sd-jwt), with
    // @sd-jwt/sd-jwt-vc making the key-binding presentation: nothing personal disclosed.
    SdJwtConsent sd =
        SdJwtConsent.issue(granted, recipient.key().publicKey(), subject.signer(), Instant.now());
    JsonNode allowedSd = presentWithNpmWallet(token, provider, recipient, granted, null, sd);

    assertThat(allowed.path("decision").asText()).as(allowed.toString()).isEqualTo("allow");
    assertThat(allowed.path("checks")).hasSize(13);
    assertThat(allowed.path("receiptId").asText()).startsWith("urn:uuid:");
    assertThat(revoked.path("decision").asText()).isEqualTo("deny");
    assertThat(failedCodes(revoked)).containsExactly("CONSENT_WITHDRAWN");
    assertThat(replayed.path("decision").asText()).isEqualTo("deny");
    assertThat(failedCodes(replayed)).containsExactly("NONCE_MISMATCH");
    assertThat(allowedSd.path("decision").asText()).as(allowedSd.toString()).isEqualTo("allow");
    assertThat(allowedSd.path("checks")).hasSize(13);
  }

  /**
   * A provider's signed OpenID4VP request on our verifier, answered by {@code @openid4vc/openid4vp}
   * as the recipient's wallet (with {@code nonce} instead of the request's, when given), then the
   * provider's decision.
   */
  private static JsonNode presentWithNpmWallet(
      String token,
      Party provider,
      Party recipient,
      ConsentCredential consent,
      String nonce,
      SdJwtConsent sdJwt)
      throws Exception {
    var body = ServiceUnderTest.JSON.createObjectNode();
    body.putObject("transmission")
        .put("recipient", recipient.did())
        .put("purpose", "ServiceProvision")
        .putArray("categories")
        .add("health.checkup");
    HttpResponse<String> created = service.send("POST", "/oid4vp/requests", body.toString(), token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode request = ServiceUnderTest.JSON.readTree(created.body());
    String id = request.path("id").asText();
    String jws =
        Oid4vpRequestObject.sign(
            request.path("requestObjectPayload").toString(), provider.signer());
    HttpResponse<String> signed =
        service.send(
            "PUT",
            "/oid4vp/requests/" + id + "/request-object",
            ServiceUnderTest.JSON.createObjectNode().put("requestObject", jws).toString(),
            token);
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    var input =
        ServiceUnderTest.JSON
            .createObjectNode()
            .put("resolver", resolver.base())
            .put(
                "walletUrl",
                ServiceUnderTest.JSON.readTree(signed.body()).path("walletUrl").asText())
            .put("credential", consent.jws());
    input
        .putObject("holder")
        .put("kid", recipient.signer().keyId())
        .set("privateJwk", ServiceUnderTest.JSON.readTree(recipient.key().toPrivateJwk()));
    if (nonce != null) {
      input.put("nonce", nonce);
    }
    if (sdJwt != null) {
      input.put("sdJwt", sdJwt.serialize());
    }
    NodeInterop.Result node = NodeInterop.node("openid4vp-wallet.mjs", input.toString(), Map.of());
    System.out.printf("[interop] node openid4vp-wallet.mjs: %d ms%n", node.millis());
    assertThat(node.exit()).as(node.stderr()).isZero();
    JsonNode wallet = ServiceUnderTest.JSON.readTree(node.stdout());
    assertThat(wallet.path("clientPrefix").asText()).isEqualTo("decentralized_identifier");
    assertThat(wallet.path("clientId").asText())
        .isEqualTo("decentralized_identifier:" + provider.did());
    assertThat(wallet.path("dcqlSatisfied").asBoolean()).as(node.stdout()).isTrue();
    assertThat(wallet.path("answered").asText())
        .isEqualTo(sdJwt == null ? "consent" : "consent_sd");
    assertThat(wallet.path("status").asInt()).isEqualTo(200);
    JsonNode read =
        ServiceUnderTest.JSON.readTree(
            service.send("GET", "/oid4vp/requests/" + id, null, token).body());
    assertThat(read.path("presentation").asText()).isEqualTo(wallet.path("presentation").asText());
    String receipt =
        ReceiptStatements.receipt(
            null,
            consent.consentId(),
            provider.did(),
            recipient.did(),
            java.util.List.of("health.checkup"),
            read.path("presentationHash").asText(),
            provider.signer());
    HttpResponse<String> decided =
        service.send(
            "POST",
            "/oid4vp/requests/" + id + "/decision",
            ServiceUnderTest.JSON.createObjectNode().put("receipt", receipt).toString(),
            token);
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    return ServiceUnderTest.JSON.readTree(decided.body());
  }

  private static java.util.List<String> failedCodes(JsonNode result) {
    java.util.List<String> codes = new java.util.ArrayList<>();
    result
        .path("checks")
        .forEach(
            c -> {
              if ("fail".equals(c.path("result").asText())) {
                codes.add(c.path("code").asText());
              }
            });
    return codes;
  }

  @Test
  void our_sdk_wallet_answers_the_openid4vp_verifier_from_npm_allow_and_two_denials()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.P256);
    Party recipient = Party.didKey(KeyType.ED25519);
    ConsentCredential consent =
        subject.consentFor(provider, recipient, Instant.now().plus(30, ChronoUnit.DAYS), false);
    var cases = ServiceUnderTest.JSON.createArrayNode();
    for (String[] c :
        new String[][] {
          {"allow", "ServiceProvision"},
          {"otherPurpose", "Marketing"},
          {"replay", "ServiceProvision"}
        }) {
      cases
          .addObject()
          .put("name", c[0])
          .put("provider", provider.did())
          .put("recipient", recipient.did())
          .put("category", "health.checkup")
          .put("purpose", c[1]);
    }
    var step1 = ServiceUnderTest.JSON.createObjectNode().put("step", "request");
    step1.set("cases", cases);
    NodeInterop.Result made =
        NodeInterop.node("openid4vp-verifier.mjs", step1.toString(), Map.of());
    System.out.printf("[interop] node openid4vp-verifier.mjs request: %d ms%n", made.millis());
    assertThat(made.exit()).as(made.stderr()).isZero();
    JsonNode requests = ServiceUnderTest.JSON.readTree(made.stdout()).path("cases");

    Map<String, Oid4vpWallet.AuthorizationRequest> read = new LinkedHashMap<>();
    for (String name : java.util.List.of("allow", "otherPurpose", "replay")) {
      read.put(
          name,
          Oid4vpWallet.resolve(
              requests.path(name).path("url").asText(),
              uri -> {
                throw new AssertionError("the request object comes by value");
              },
              DidResolvers.local(),
              Instant.now()));
      assertThat(read.get(name).clientId()).startsWith("decentralized_identifier:did:jwk:");
    }
    Oid4vpWallet.Response allow =
        Oid4vpWallet.respond(read.get("allow"), consent, recipient.did(), recipient.signer());
    assertThatThrownBy(
            () ->
                Oid4vpWallet.respond(
                    read.get("otherPurpose"), consent, recipient.did(), recipient.signer()))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("purposeCategory");
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("allow", allow.formBody());
    answers.put("otherPurpose", Oid4vpWallet.declineFormBody(read.get("otherPurpose")));
    // The answer to the first request, sent with the third request's state: a replay.
    answers.put(
        "replay",
        "vp_token="
            + java.net.URLEncoder.encode(allow.vpToken(), java.nio.charset.StandardCharsets.UTF_8)
            + "&state="
            + java.net.URLEncoder.encode(
                read.get("replay").state(), java.nio.charset.StandardCharsets.UTF_8));
    var step2 =
        ServiceUnderTest.JSON
            .createObjectNode()
            .put("step", "verify")
            .put("resolver", resolver.base());
    var toVerify = step2.putObject("cases");
    answers.forEach(
        (name, form) ->
            toVerify
                .putObject(name)
                .put("response", form)
                .set("request", requests.path(name).path("request")));
    NodeInterop.Result checked =
        NodeInterop.node("openid4vp-verifier.mjs", step2.toString(), Map.of());
    System.out.printf("[interop] node openid4vp-verifier.mjs verify: %d ms%n", checked.millis());
    assertThat(checked.exit()).as(checked.stderr()).isZero();
    JsonNode verdicts = ServiceUnderTest.JSON.readTree(checked.stdout());

    assertThat(verdicts.path("allow").path("accepted").asBoolean())
        .as(verdicts.toString())
        .isTrue();
    assertThat(verdicts.path("otherPurpose").path("accepted").asBoolean()).isFalse();
    assertThat(verdicts.path("otherPurpose").path("reason").asText()).contains("access_denied");
    assertThat(verdicts.path("replay").path("accepted").asBoolean()).isFalse();
    assertThat(verdicts.path("replay").path("reason").asText()).contains("nonce");
  }

  private static void assertProblem(HttpResponse<String> r, String code) throws Exception {
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(ServiceUnderTest.JSON.readTree(r.body()).path("code").asText())
        .as(r.body())
        .isEqualTo(code);
  }

  private static StatusListEntry reserve(String token) throws Exception {
    HttpResponse<String> r = service.send("POST", "/status-list-reservations", null, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = ServiceUnderTest.JSON.readTree(r.body());
    assertThat(Instant.parse(body.path("expiresAt").asText())).isAfter(Instant.now());
    return StatusListEntry.fromJson(body.path("credentialStatus"));
  }

  private static ConsentCredential consent(
      Party subject, Party provider, Party recipient, StatusListEntry entry) throws Exception {
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return ConsentCredential.builder()
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
        .statusBaseUrl(service.base() + "/consents")
        .statusListEntry(entry.statusListCredential(), entry.statusListIndex())
        .build()
        .issue(subject.signer());
  }

  private static HttpResponse<String> get(String url, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** DID resolution through did-resolver's HTTP API (the DIF driver path). */
  private static DidResolver httpResolver() {
    return did -> {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(resolver.base() + "/1.0/identifiers/" + did))
                    .header("Accept", "application/did+json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new WalletException("resolving " + did + ": HTTP " + r.statusCode());
        }
        return DidDocument.parse(r.body());
      } catch (java.io.IOException e) {
        throw new WalletException("resolving " + did + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WalletException("interrupted", e);
      }
    };
  }
}
