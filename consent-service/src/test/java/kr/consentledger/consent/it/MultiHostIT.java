/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The multi-host profile ({@code network/scripts/multihost.sh}): every orderer, peer, chaincode
 * server, PostgreSQL, did-resolver and consent-service in a network namespace of its own, with its
 * own address on a bridge, reaching the others by host name with TLS host-name checks. This test is
 * a client outside all of them (the root namespace, over the bridge): it sees a peer refused under
 * another peer's host name, registers a provider and a recipient through org1's peer, submits a
 * consent to consent-service, waits for it to be anchored, has the provider verify a presentation
 * of it, resolves a DID through did-resolver; then org3 joins the channel (a channel config update
 * signed by org1's and org2's admins, org3's peer and chaincode server in namespaces of their own,
 * its approval of the chaincode definition) and the consent is read, and a transaction endorsed,
 * through org3's peer.
 *
 * <p>It needs root and iproute2 (skipped otherwise, or with {@code CONSENT_LEDGER_MULTIHOST=0}),
 * starts its own system (run folder {@code CONSENT_LEDGER_MULTIHOST_RUN_DIR}, default the test run
 * folder's name with {@code -multihost}) and removes every namespace at the end.
 */
@Execution(ExecutionMode.CONCURRENT) // its own system: it runs beside the shared-network tests
class MultiHostIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static Path root;
  private static Map<String, String> env;
  private static Path runDir;
  private static boolean started;
  private static FileChannel lockFile;

  @BeforeAll
  static void up() throws Exception {
    Assumptions.assumeFalse(
        "0".equals(System.getenv("CONSENT_LEDGER_MULTIHOST")), "CONSENT_LEDGER_MULTIHOST=0");
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")) && Files.isExecutable(ip()),
        "the multi-host profile needs root and iproute2");
    // The repository (the parent POM sets the property; a module runs its tests in its folder).
    root = Path.of(System.getProperty("consentledger.projectRoot", "..")).toAbsolutePath();
    // The namespaces and the bridge have fixed names: one multi-host test at a time per machine
    // (another checkout's ./dev test waits here until this one has removed them).
    lockFile =
        FileChannel.open(
            Path.of("/run/clm-multihost.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    if (lockFile.tryLock() == null) {
      System.out.println("multi-host: waiting for another multi-host test on this machine");
      lockFile.lock();
    }
    String testRun = System.getenv(FabricNetwork.RUN_DIR_ENV);
    String own = System.getenv("CONSENT_LEDGER_MULTIHOST_RUN_DIR");
    runDir =
        Path.of(
            own != null
                ? own
                : (testRun != null ? testRun : FabricNetwork.defaultRunDir().toString())
                    + "-multihost");
    env = new HashMap<>();
    env.put("CONSENT_LEDGER_MULTIHOST_RUN_DIR", runDir.toString());
    env.put(
        "CONSENT_LEDGER_ORDERERS",
        System.getenv().getOrDefault("CONSENT_LEDGER_MULTIHOST_ORDERERS", "3"));
    // A fresh system: new crypto material for these host names, an empty ledger.
    script("reset");
    started = true;
    script("up");
  }

  @AfterAll
  static void down() throws Exception {
    try {
      if (started) {
        script("down");
      }
    } finally {
      if (lockFile != null) {
        lockFile.close();
      }
    }
  }

  @Test
  void a_consent_is_anchored_and_verified_across_hosts_and_a_third_organisation_joins_and_reads_it()
      throws Exception {
    Map<String, String> hosts = hosts();
    NetworkInfo info = remote(FabricNetwork.readInfo(runDir), hosts);
    HttpClient http = https(runDir.resolve("services/tls/ca.crt"));
    String service = "https://" + hosts.get("consent.org1.consentledger.local") + ":" + port(150);
    String resolver = "https://" + hosts.get("resolver.org1.consentledger.local") + ":" + port(140);

    // The TLS host-name check is real: org1's peer, at its address but expected under org2's
    // peer's name (its certificate still verifies against org1's TLS CA), is refused.
    Organization org1 = info.organization("org1");
    Organization misnamed =
        new Organization(
            "org1",
            org1.mspId(),
            org1.peerAddress(),
            info.organization("org2").peerHostOverride(),
            org1.peerTlsCa(),
            org1.userCertificate(),
            org1.userKeyDirectory(),
            org1.adminCertificate(),
            org1.adminKeyDirectory());
    try (GatewayConnection c =
        GatewayConnection.open(misnamed.userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract records = c.network(info.channel()).getContract(info.chaincode(), "records");
      assertThatThrownBy(() -> records.evaluateTransaction("Get", "multihost"))
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    Party subject = Party.didKey(KeyType.ED25519);
    Party.register(info, "Multi-host", provider, recipient);

    // The consent: submitted to consent-service, anchored through its outbox (service -> peers ->
    // orderers -> peers -> chaincode servers, every hop between namespaces).
    ConsentCredential consent =
        subject.consentFor(provider, recipient, Instant.now().plus(30, ChronoUnit.DAYS), false);
    String body =
        JSON.createObjectNode()
            .put("credential", consent.jws())
            .put("anchor", ConsentStatements.anchor(consent, subject.signer()))
            .toString();
    HttpResponse<String> submitted = send(http, post(service + "/consents", body, null));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    JsonNode state = awaitStatus(http, service, consent.consentId(), "ConsentGiven");
    assertThat(state.path("transactionId").asText()).isNotBlank();

    // The provider verifies a presentation of it (DID-auth, the ledger mirror, a receipt).
    HttpResponse<String> challenge =
        send(
            http,
            post(
                service + "/auth/challenges",
                JSON.createObjectNode().put("did", provider.did()).toString(),
                null));
    assertThat(challenge.statusCode()).as(challenge.body()).isEqualTo(201);
    String token = provider.didAuthToken(challenge.body(), Duration.ofMinutes(2));
    HttpResponse<String> verified =
        send(
            http,
            post(
                service + "/verifications",
                recipient.verificationRequest(consent, provider),
                "DIDAuth " + token));
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    assertThat(JSON.readTree(verified.body()).path("decision").asText()).isEqualTo("allow");

    // did-resolver, in its own namespace.
    HttpResponse<String> resolved =
        send(
            http,
            HttpRequest.newBuilder(URI.create(resolver + "/1.0/identifiers/" + subject.did()))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(JSON.readTree(resolved.body()).path("didDocument").path("id").asText())
        .isEqualTo(subject.did());

    // org3 joins; its peer serves the ledger and endorses.
    script("join-org3");
    NetworkInfo joined = remote(FabricNetwork.readInfo(runDir), hosts);
    Organization org3 = joined.organization("org3");
    assertThat(org3.mspId()).isEqualTo("Org3MSP");
    try (GatewayConnection c =
        GatewayConnection.open(org3.userEndpoint(), GatewayTimeouts.DEFAULT)) {
      var network = c.network(joined.channel());
      Contract consents = network.getContract(joined.chaincode(), "consents");
      JsonNode status = JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()));
      assertThat(status.path("status").asText()).isEqualTo("ConsentGiven");
      Contract records = network.getContract(joined.chaincode(), "records");
      var proposal =
          records
              .newProposal("Put")
              .addArguments("multihost", "org3")
              .setEndorsingOrganizations("Org1MSP", "Org2MSP", "Org3MSP")
              .build();
      var commit = proposal.endorse().submitAsync();
      assertThat(commit.getStatus().isSuccessful()).as("endorsed by org3 too, committed").isTrue();
      assertThat(
              JSON.readTree(records.evaluateTransaction("Get", "multihost")).path("value").asText())
          .isEqualTo("org3");
    }
  }

  private static Path ip() {
    return Files.isExecutable(Path.of("/usr/sbin/ip"))
        ? Path.of("/usr/sbin/ip")
        : Path.of("/sbin/ip");
  }

  private static int port(int offset) {
    String base = System.getenv().getOrDefault(FabricNetwork.PORT_BASE_ENV, "7050");
    return Integer.parseInt(base) + offset;
  }

  /** The host names of the namespaces and their addresses, as multihost.sh wrote them. */
  private static Map<String, String> hosts() throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String line : Files.readAllLines(runDir.resolve("hosts"))) {
      String[] f = WHITESPACE.split(line.trim());
      if (f.length == 2) {
        out.put(f[1], f[0]);
      }
    }
    return out;
  }

  /**
   * The network as a client outside the namespaces sees it: each peer at its address on the bridge
   * (this JVM cannot resolve the namespaces' host names), its TLS certificate still checked against
   * the peer's host name (the gRPC authority override).
   */
  private static NetworkInfo remote(NetworkInfo info, Map<String, String> hosts) {
    List<Organization> orgs = new ArrayList<>();
    for (Organization o : info.organizations()) {
      String host = o.peerAddress().substring(0, o.peerAddress().lastIndexOf(':'));
      String port = o.peerAddress().substring(o.peerAddress().lastIndexOf(':') + 1);
      assertThat(hosts).as("address of " + host).containsKey(host);
      assertThat(o.peerHostOverride()).isEqualTo(host);
      orgs.add(
          new Organization(
              o.name(),
              o.mspId(),
              hosts.get(host) + ":" + port,
              host,
              o.peerTlsCa(),
              o.userCertificate(),
              o.userKeyDirectory(),
              o.adminCertificate(),
              o.adminKeyDirectory()));
    }
    return new NetworkInfo(info.channel(), info.chaincode(), orgs, info.postgres());
  }

  private static HttpClient https(Path ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static HttpRequest post(String url, String body, String authorization) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.build();
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonNode awaitStatus(HttpClient http, String service, String id, String status)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> r =
          send(
              http,
              HttpRequest.newBuilder(URI.create(service + "/consents/" + id))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build());
      JsonNode state = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
      if (state != null && status.equals(state.path("status").asText())) {
        return state;
      }
      assertThat(System.nanoTime())
          .as("consent " + id + " reaches " + status + "; last answer " + r.body())
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static void script(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(root.resolve("network/scripts/multihost.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).inheritIO();
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("multihost.sh " + String.join(" ", args) + " timed out");
    }
    assertThat(p.exitValue()).as("multihost.sh " + String.join(" ", args)).isZero();
  }
}
