/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.StatusListCredential;
import kr.consentledger.wallet.credential.StatusListEntry;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.DidResolvers;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet against the real consent-service on the real network: the service started as its
 * README says (its main class, the {@code CONSENT_*} and {@code FABRIC_*} variables), a consent
 * created, submitted, anchored, listed, withdrawn and erased through the command line.
 */
@ExtendWith({FabricNetworkExtension.class, PostgresExtension.class})
class WalletServiceIT {
  static final String PROVIDER = "did:key:z6MkgQx6XbN68cDgeR9oEkinYuh5JGqyzKhQttzCzmvizt4H";
  static final String RECIPIENT = "did:key:z6MkwWfjtR17UGGQxrjy3aMQg2Yg3Ygz3AbBNMdr47bHkuXQ";

  static Process service;
  static NetworkInfo network;
  static Process resolver;
  static String url;
  static String resolverUrl;

  @BeforeAll
  static void startService(NetworkInfo info, TestDatabase db) throws Exception {
    network = info;
    Organization org1 = info.organization("org1");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    url = "http://127.0.0.1:" + port;
    Path log = Path.of("target", "wallet-it-consent-service.log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            "kr.consentledger.consent.boot.ConsentServiceMain");
    var env = pb.environment();
    env.put("CONSENT_HOST", "127.0.0.1");
    env.put("CONSENT_PORT", Integer.toString(port));
    env.put("CONSENT_PG_HOST", db.host());
    env.put("CONSENT_PG_PORT", Integer.toString(db.port()));
    env.put("CONSENT_PG_DATABASE", db.createDatabase("wallet"));
    env.put("CONSENT_PG_USER", db.user());
    env.put("CONSENT_PG_PASSWORD", db.password());
    env.put("FABRIC_PEER_ENDPOINT", org1.peerAddress());
    env.put("FABRIC_TLS_CA_CERT", org1.peerTlsCa().toString());
    env.put("FABRIC_MSP_ID", org1.mspId());
    env.put("FABRIC_CERT", org1.userCertificate().toString());
    env.put("FABRIC_KEY", org1.userKeyDirectory().toString());
    env.put("FABRIC_CHANNEL", info.channel());
    env.put("FABRIC_CHAINCODE", info.chaincode());
    env.put("CONSENT_RATE_PER_SECOND", "0");
    env.put("CONSENT_DID_RATE_PER_SECOND", "0");
    env.put("CONSENT_MAX_EVENT_LOOP_DELAY_MS", "0");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    service = pb.start();
    // Up once it answers: CONSENT_NOT_FOUND for a consent it does not know, not UNREACHABLE.
    resolver = startResolver(info, org1);
    WalletRun probe = new WalletRun(Files.createTempDirectory("wallet-it"));
    probe.env.put("CONSENT_WALLET_SERVICE", url);
    probe.env.put("CONSENT_WALLET_RESOLVER", resolverUrl);
    await(
        Duration.ofSeconds(120),
        () -> probe.run("consent", "status", "urn:uuid:00000000-0000-4000-8000-000000000000"),
        r -> r.err.contains("CONSENT_NOT_FOUND"));
    await(
        Duration.ofSeconds(120),
        () -> probe.run("did", "resolve", PROVIDER),
        r -> {
          if (!resolver.isAlive()) {
            throw new AssertionError("did-resolver exited: target/wallet-it-did-resolver.log");
          }
          return r.code == 0;
        });
  }

  /** did-resolver as its README says (its main class, the variables), on the same network. */
  static Process startResolver(NetworkInfo info, Organization org1) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    resolverUrl = "http://127.0.0.1:" + port + "/1.0/identifiers/";
    // The test class path as it is: each service's OpenAPI description is in its own package.
    String classPath = System.getProperty("java.class.path");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            classPath,
            "kr.consentledger.resolver.boot.DidResolverMain");
    var env = pb.environment();
    env.put("DID_RESOLVER_HOST", "127.0.0.1");
    env.put("DID_RESOLVER_PORT", Integer.toString(port));
    env.put("DID_RESOLVER_EVENT_LOOPS", "1");
    env.put("DID_RESOLVER_RATE_PER_SECOND", "0");
    env.put("DID_RESOLVER_MAX_EVENT_LOOP_DELAY_MS", "0");
    env.put("FABRIC_PEER_ENDPOINT", org1.peerAddress());
    env.put("FABRIC_TLS_CA_CERT", org1.peerTlsCa().toString());
    env.put("FABRIC_MSP_ID", org1.mspId());
    env.put("FABRIC_CERT", org1.userCertificate().toString());
    env.put("FABRIC_KEY", org1.userKeyDirectory().toString());
    env.put("FABRIC_CHANNEL", info.channel());
    env.put("FABRIC_CHAINCODE", info.chaincode());
    pb.redirectErrorStream(true)
        .redirectOutput(Path.of("target", "wallet-it-did-resolver.log").toFile());
    return pb.start();
  }

  @AfterAll
  static void stopService() throws Exception {
    for (Process p : new Process[] {service, resolver}) {
      if (p != null) {
        p.destroy();
        p.waitFor();
      }
    }
  }

  /**
   * The entry's status in the list the service publishes, verified by the SDK's {@link
   * Verifier#checkStatus}; waits (bounded) for the operators' DID, registered once the service
   * listens.
   */
  static StatusListCredential.Status statusOf(StatusListEntry entry) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    DidResolver fabric =
        did -> {
          try {
            HttpResponse<String> r =
                http.send(
                    HttpRequest.newBuilder(URI.create(resolverUrl + did))
                        .header("Accept", "application/did+json")
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
              throw new RejectedException(
                  RejectionReason.DID_NOT_FOUND, did + ": " + r.statusCode() + " " + r.body());
            }
            return DidDocument.parse(r.body());
          } catch (java.io.IOException | InterruptedException e) {
            throw new WalletException("resolver: " + e, e);
          }
        };
    Verifier verifier =
        Verifier.builder()
            .resolver(
                DidResolvers.byMethod(
                    Map.of("key", DidKey::resolve, "jwk", DidJwk::resolve, "fabric", fabric)))
            .clockSkew(Duration.ofSeconds(30))
            .build();
    Instant end = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(URI.create(entry.statusListCredential())).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      try {
        return verifier.checkStatus(entry, list.body());
      } catch (RejectedException e) {
        // The operators' did:fabric is registered in the background after start-up.
        if (Instant.now().isAfter(end)) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  interface Step {
    WalletRun run() throws Exception;
  }

  static WalletRun await(Duration limit, Step step, Predicate<WalletRun> done) throws Exception {
    Instant end = Instant.now().plus(limit);
    while (true) {
      WalletRun r = step.run();
      if (done.test(r)) {
        return r;
      }
      if (Instant.now().isAfter(end) || !service.isAlive()) {
        throw new AssertionError("not reached: " + r.code + " " + r.out + r.err);
      }
      Thread.sleep(500);
    }
  }

  @Test
  void aConsentMadeWithTheWalletIsAnchoredListedWithdrawnAndErased(@TempDir Path dir)
      throws Exception {
    WalletRun w = new WalletRun(dir);
    w.env.put("CONSENT_WALLET_SERVICE", url);
    String subject = w.json("keys", "create", "alice").get("didKey").asText();

    JsonNode made =
        w.json(
            "consent",
            "create",
            "--key",
            "alice",
            "--provider",
            PROVIDER,
            "--recipient",
            RECIPIENT,
            "--category",
            "health.checkup",
            "--purpose",
            "personal health management service",
            "--submit");
    String id = made.get("consentId").asText();
    assertThat(made.at("/submitted/status").asText()).isEqualTo("pending");
    // The index was reserved before signing, and the service accepted (bound) it.
    StatusListEntry entry =
        ConsentCredential.parse(made.get("credential").asText()).statusListEntry().orElseThrow();
    assertThat(entry.statusListCredential()).startsWith(url + "/status-lists/");
    assertThat(statusOf(entry).valid()).isTrue();

    WalletRun given =
        await(
            Duration.ofSeconds(90),
            () -> w.run("--json", "consent", "status", id),
            r -> r.code == 0 && r.out.contains("\"ConsentGiven\""));
    JsonNode status = Output.parse(given.out);
    assertThat(status.get("credentialHash").asText())
        .isEqualTo(made.get("credentialHash").asText());
    assertThat(status.get("transactionId").asText()).isNotBlank();

    JsonNode listed = w.json("consent", "list", "--key", "alice");
    assertThat(listed.get("consents"))
        .anySatisfy(
            c -> {
              assertThat(c.get("consentId").asText()).isEqualTo(id);
              assertThat(c.get("subject").asText()).isEqualTo(subject);
            });
    JsonNode receipts = w.json("consent", "receipts", id);
    assertThat(receipts.get("receipts")).isEmpty();

    w.json("consent", "revoke", id);
    await(
        Duration.ofSeconds(90),
        () -> w.run("--json", "consent", "status", id),
        r -> r.code == 0 && r.out.contains("\"ConsentWithdrawn\""));
    // Its bit in the published list, checked with the SDK (the list's signature through the
    // operators' did:fabric, resolved by did-resolver): set once the withdrawal is committed.
    Instant end = Instant.now().plus(Duration.ofSeconds(30));
    while (statusOf(entry).valid()) {
      assertThat(Instant.now()).as("the list's bit was not set").isBefore(end);
      Thread.sleep(200);
    }

    w.json("consent", "erase", id);
    assertThat(w.json("consent", "list", "--key", "alice").get("consents"))
        .anySatisfy(c -> assertThat(c.get("credentialErased").asBoolean()).isTrue());
  }

  @Test
  void aDidFabricIsRegisteredOnTheLedgerThroughTheServicesRegistrar(@TempDir Path dir)
      throws Exception {
    WalletRun w = new WalletRun(dir);
    w.env.put("CONSENT_WALLET_SERVICE", url);
    w.json("keys", "create", "bob");

    JsonNode created = w.json("did", "create", "--key", "bob", "--method", "fabric");

    assertThat(created.get("did").asText()).startsWith("did:fabric:");
    assertThat(created.at("/registration/didState/state").asText()).isEqualTo("finished");
    assertThat(created.at("/registration/didState/did").asText())
        .isEqualTo(created.get("did").asText());
    assertThat(created.at("/registration/didRegistrationMetadata/transactionId").asText())
        .isNotBlank();

    // The same DID again: the ledger refuses it and the wallet says why.
    w.run("did", "create", "--key", "bob", "--method", "fabric");
    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: DID_ALREADY_EXISTS:");
  }

  @Test
  void aConsentWithATamperedSignatureIsRefusedWithTheServicesCode(@TempDir Path dir)
      throws Exception {
    WalletRun w = new WalletRun(dir);
    w.env.put("CONSENT_WALLET_SERVICE", url);
    w.json("keys", "create", "alice");
    JsonNode made = w.json(WalletRun.createConsent("alice", PROVIDER, RECIPIENT));
    String credential = made.get("credential").asText();
    int at = credential.length() - 10; // a character of the signature
    String tampered =
        credential.substring(0, at)
            + (credential.charAt(at) == 'A' ? 'B' : 'A')
            + credential.substring(at + 1);
    assertThat(tampered).isNotEqualTo(credential);
    Path file = dir.resolve("tampered.json");
    Files.writeString(file, ((ObjectNode) made.deepCopy()).put("credential", tampered).toString());

    w.run("consent", "submit", file.toString());

    assertThat(w.code).as(w.out + w.err).isEqualTo(1);
    assertThat(w.err).startsWith("error: ");
    assertThat(w.err).containsAnyOf("BAD_SIGNATURE", "STATEMENT_MISMATCH", "MALFORMED_JWT");
  }

  @Test
  void aRotatedDidFabricSignsConsentsTheLedgerAcceptsAndIsThenDeactivated(@TempDir Path dir)
      throws Exception {
    WalletRun w = new WalletRun(dir);
    w.env.put("CONSENT_WALLET_SERVICE", url);
    w.env.put("CONSENT_WALLET_RESOLVER", resolverUrl);
    w.json("keys", "create", "carol");
    String did =
        w.json("did", "create", "--key", "carol", "--method", "fabric").get("did").asText();

    JsonNode rotated = w.json("did", "rotate", did, "--type", "p256");

    assertThat(rotated.at("/registration/didState/state").asText()).isEqualTo("finished");
    JsonNode newKey = w.json("keys", "export-public", "carol-key-2").get("publicKeyJwk");
    JsonNode doc = w.json("did", "resolve", did, "--document");
    assertThat(doc.get("verificationMethod")).hasSize(1);
    assertThat(doc.at("/verificationMethod/0/id").asText()).isEqualTo(did + "#key-2");
    assertThat(doc.at("/verificationMethod/0/publicKeyJwk")).isEqualTo(newKey);

    // A consent signed as the did:fabric with the rotated key: anchored by the chaincode, which
    // checks it against the DID's document on the ledger; then withdrawn with the same key.
    JsonNode made = w.json(WalletRun.createConsent(null, PROVIDER, RECIPIENT, "--subject", did));
    String id = made.get("consentId").asText();
    assertThat(made.get("subject").asText()).isEqualTo(did);
    assertThat(w.json("consent", "submit", id).get("status").asText()).isEqualTo("pending");
    await(
        Duration.ofSeconds(90),
        () -> w.run("--json", "consent", "status", id),
        r -> r.code == 0 && r.out.contains("\"ConsentGiven\""));
    assertThat(w.json("consent", "list", "--subject", did).get("consents"))
        .anySatisfy(c -> assertThat(c.get("consentId").asText()).isEqualTo(id));
    w.json("consent", "revoke", id);
    await(
        Duration.ofSeconds(90),
        () -> w.run("--json", "consent", "status", id),
        r -> r.code == 0 && r.out.contains("\"ConsentWithdrawn\""));

    w.json("did", "deactivate", did);

    w.run("did", "resolve", did);
    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: deactivated");
  }

  @Test
  void aProviderVerifiesTheRecipientsPresentationAndTheReceiptIsTheSubjectsHistory(
      @TempDir Path dir) throws Exception {
    WalletRun w = new WalletRun(dir);
    w.env.put("CONSENT_WALLET_SERVICE", url);
    w.json("keys", "create", "alice");
    String hospital = w.json("keys", "create", "hospital").get("didKey").asText();
    String mydata = w.json("keys", "create", "mydata").get("didKey").asText();
    try (GatewayConnection admin =
        GatewayConnection.open(
            network.organization("org1").adminEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract participants =
          admin.network(network.channel()).getContract(network.chaincode(), "participants");
      participants.submitTransaction("Register", hospital, "provider", "Wallet IT Hospital");
      participants.submitTransaction("Register", mydata, "recipient", "Wallet IT MyData Co.");
    }
    String id =
        w.json(
                "consent",
                "create",
                "--key",
                "alice",
                "--provider",
                hospital,
                "--recipient",
                mydata,
                "--category",
                "health.checkup",
                "--purpose",
                "personal health management service",
                "--submit")
            .get("consentId")
            .asText();
    await(
        Duration.ofSeconds(90),
        () -> w.run("--json", "consent", "status", id),
        r -> r.code == 0 && r.out.contains("\"ConsentGiven\""));

    String nonce = w.json("provider", "nonce").get("nonce").asText();
    String vp =
        w.json("present", "--key", "mydata", "--to", hospital, "--nonce", nonce, "--consent", id)
            .get("presentation")
            .asText();
    Path vpFile = Files.writeString(dir.resolve("vp.jwt"), vp);
    String[] verify = {
      "provider",
      "verify",
      "--key",
      "hospital",
      "--presentation",
      vpFile.toString(),
      "--category",
      "health.checkup",
      "--purpose",
      "ServiceProvision"
    };
    JsonNode allowed = w.json(verify);
    assertThat(allowed.get("decision").asText()).isEqualTo("allow");
    String receiptId = allowed.get("receiptId").asText();

    // The same presentation again: its nonce is spent, so the provider is told no (exit 1).
    assertThat(w.run(verify).code).isEqualTo(1);
    assertThat(w.err).contains("deny");

    // OpenID4VP (CONSENT-PROTOCOL.md §8b): the provider's signed request, the recipient's wallet
    // answering it (the request object verified through the resolver), the provider's decision.
    w.env.put("CONSENT_WALLET_RESOLVER", resolverUrl);
    JsonNode request =
        w.json(
            "provider",
            "oid4vp-request",
            "--key",
            "hospital",
            "--recipient",
            mydata,
            "--category",
            "health.checkup",
            "--purpose",
            "ServiceProvision");
    assertThat(request.get("status").asText()).isEqualTo("pending");
    assertThat(request.get("walletUrl").asText()).contains("request_uri=");
    JsonNode answered =
        w.json(
            "oid4vp",
            "respond",
            request.get("walletUrl").asText(),
            "--key",
            "mydata",
            "--consent",
            id);
    assertThat(answered.get("answer").asText()).isEqualTo("presented");
    assertThat(answered.get("provider").asText()).isEqualTo(hospital);
    JsonNode decided =
        w.json("provider", "oid4vp-decide", request.get("id").asText(), "--key", "hospital");
    assertThat(decided.get("decision").asText()).isEqualTo("allow");
    assertThat(decided.get("checks").toString()).contains("requestNonce");

    // The subject sees who received what once the receipt is on the ledger.
    await(
        Duration.ofSeconds(90),
        () -> w.run("--json", "consent", "receipts", id),
        r -> r.code == 0 && r.out.contains(receiptId));
  }
}
