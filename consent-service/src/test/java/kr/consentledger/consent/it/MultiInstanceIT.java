/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.Organization;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.Oid4vpRequestObject;
import kr.consentledger.wallet.consent.Oid4vpWallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two consent-service instances, each its own OS process, over one database and both organisations'
 * peers, under load: consents submitted to either, DID-auth challenges issued by one instance and
 * answered on the other, the same presentation (one nonce) sent to both at once. One instance holds
 * its ledger transactions between submit and commit and is killed with SIGKILL mid-load: the other
 * takes its outbox items over at once (its lease is two minutes, longer than this test waits), and
 * every accepted consent ends on the ledger exactly once.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class MultiInstanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WORKERS = 4;
  private static final long LOAD_BEFORE_KILL_MS = 6_000;
  private static final long LOAD_AFTER_KILL_MS = 3_000;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<ServiceProcess> services = new ArrayList<>();
  @TempDir Path logs;

  private final List<ConsentCredential> accepted = Collections.synchronizedList(new ArrayList<>());
  private final List<String> crossAuthFailures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger crossAuthPassed = new AtomicInteger();
  private final AtomicInteger nonceAllowed = new AtomicInteger();
  private final List<String> nonceAllowedTwice = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile boolean firstAlive = true;

  @AfterEach
  void killAll() {
    services.forEach(ServiceProcess::close);
  }

  @Test
  void two_instances_share_challenges_and_nonces_and_a_killed_ones_consents_are_anchored_once(
      NetworkInfo info, TestDatabase db) throws Exception {
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    try (GatewayConnection admin =
        GatewayConnection.open(
            info.organization("org1").adminEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract participants =
          admin.network(info.channel()).getContract(info.chaincode(), "participants");
      participants.submitTransaction("Register", provider.did(), "provider", "Scale Hospital");
      participants.submitTransaction("Register", recipient.did(), "recipient", "Scale MyData");
    }
    String database = db.createDatabase("consent_multi");
    Organization org1 = info.organization("org1");
    Organization org2 = info.organization("org2");
    Map<String, String> env = new HashMap<>();
    env.put("CONSENT_OUTBOX_INTERVAL_MS", "200");
    env.put("CONSENT_BATCH_SIZE", "5");
    env.put("CONSENT_OUTBOX_WINDOW", "2");
    // Both organisations' peers (gateway fail-over): the configuration ./dev up uses.
    env.put("FABRIC_PEER_ENDPOINT", org1.peerAddress() + "," + org2.peerAddress());
    env.put("FABRIC_TLS_CA_CERT", org1.peerTlsCa() + "," + org2.peerTlsCa());
    ServiceProcess first =
        ServiceProcess.configure(
                info, db.host(), db.port(), database, db.user(), db.password(), env, logs)
            // The first instance never learns of its commits: its items stay submitted, claimed.
            .set("CONSENT_FAULT_COMMIT_HOLD_MS", "300000");
    ServiceProcess second =
        ServiceProcess.configure(
            info, db.host(), db.port(), database, db.user(), db.password(), env, logs);
    services.add(first);
    services.add(second);
    first.start("first");
    second.start("second");
    String a = first.base();
    String b = second.base();

    // A consent to verify, anchored before the load (through the second instance).
    Party holder = Party.didKey(KeyType.ED25519);
    ConsentCredential base =
        holder.consentFor(provider, recipient, Instant.now().plus(30, ChronoUnit.DAYS), false);
    assertThat(submit(b, base, holder).statusCode()).isEqualTo(202);
    awaitStatus(b, base.consentId(), "ConsentGiven");
    // A challenge issued to one DID is not accepted for another, on the other instance.
    Party stranger = Party.didKey(KeyType.ED25519);
    assertThat(get(b, "/consents?size=1", tokenFrom(a, stranger, holder.did())).statusCode())
        .isEqualTo(401);

    // OpenID4VP across instances (requests are kept in PostgreSQL): made and signed on the first,
    // the wallet's fetch of the request object and its answer, and the decision, on the second.
    oid4vpAcrossInstances(a, b, provider, recipient, base);

    // The load: consents to either instance, cross-instance DID-auth, one nonce sent to both.
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int id = w;
      Thread t =
          new Thread(() -> work(id, a, b, provider, recipient, base), "multi-instance-load-" + w);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    Thread.sleep(LOAD_BEFORE_KILL_MS);
    int firstNumber = instanceNumber(first.log("first"));
    String heldByFirst =
        "SELECT count(*) FROM outbox WHERE state = 'submitted' AND claimed_by = " + firstNumber;
    awaitCount(db, database, heldByFirst);
    firstAlive = false;
    int held = query(db, database, heldByFirst);
    assertThat(first.kill()).as("exit code after SIGKILL").isEqualTo(137);
    long killedAt = System.nanoTime();
    Thread.sleep(LOAD_AFTER_KILL_MS);
    running.set(false);
    for (Thread t : workers) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }

    // Everything accepted reaches the ledger through the survivor, well before any lease ran out.
    for (ConsentCredential c : List.copyOf(accepted)) {
      awaitStatus(b, c.consentId(), "ConsentGiven");
    }
    awaitOutboxDone(db, database);
    long drainedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    try (GatewayConnection c =
        GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract consents = c.network(info.channel()).getContract(info.chaincode(), "consents");
      for (ConsentCredential consent : List.copyOf(accepted)) {
        JsonNode history =
            JSON.readTree(consents.evaluateTransaction("History", consent.consentId()));
        JsonNode state = JSON.readTree(get(b, "/consents/" + consent.consentId(), null).body());
        assertThat(history).as("ledger states of " + consent.consentId()).hasSize(1);
        assertThat(state.get("transactionId").asText())
            .isEqualTo(history.get(0).get("txId").asText());
      }
    }
    System.out.printf(
        "multi-instance: %d consents accepted, %d cross-instance DID-auths, %d verifications"
            + " allowed (each nonce once); %d items held by the killed instance, outbox drained"
            + " %d ms after the kill%n",
        accepted.size(), crossAuthPassed.get(), nonceAllowed.get(), held, drainedMillis);
    assertThat(held).as("items the killed instance held when it was killed").isPositive();
    assertThat(query(db, database, "SELECT count(*) FROM outbox WHERE claimed_by = " + firstNumber))
        .as("items left with the killed instance's claim")
        .isZero();
    assertThat(accepted.size()).as("consents accepted").isGreaterThan(WORKERS);
    assertThat(crossAuthPassed.get()).as("challenges answered on the other instance").isPositive();
    assertThat(crossAuthFailures).as("cross-instance DID-auth failures").isEmpty();
    assertThat(nonceAllowed.get()).as("verifications allowed").isPositive();
    assertThat(nonceAllowedTwice).as("nonces allowed by both instances").isEmpty();
    assertThat(countOutbox(db, database, "rejected")).isZero();
  }

  private void work(
      int id, String a, String b, Party provider, Party recipient, ConsentCredential base) {
    int round = 0;
    while (running.get()) {
      round++;
      boolean toFirst = firstAlive && (round + id) % 2 == 0;
      String here = toFirst ? a : b;
      String there = toFirst ? b : a;
      try {
        Party subject = Party.didKey(KeyType.ED25519);
        ConsentCredential consent =
            subject.consentFor(provider, recipient, Instant.now().plus(30, ChronoUnit.DAYS), false);
        HttpResponse<String> r = submit(here, consent, subject);
        if (r.statusCode() == 202) {
          accepted.add(consent);
        }
        if (firstAlive && round % 2 == 0) {
          // A challenge from one instance, the token answered on the other.
          String token = tokenFrom(here, subject, subject.did());
          HttpResponse<String> list = get(there, "/consents?size=10", token);
          if (firstAlive) {
            if (list.statusCode() == 200) {
              crossAuthPassed.incrementAndGet();
            } else {
              crossAuthFailures.add(list.statusCode() + " " + list.body());
            }
          }
        }
        if (round % 3 == 0) {
          verifyOnBoth(a, b, provider, recipient, base);
        }
      } catch (Exception e) {
        // A request to the killed instance: not accepted, nothing to check.
      }
    }
  }

  /** Sends one presentation (one nonce) to both instances at once: at most one allows it. */
  private void verifyOnBoth(
      String a, String b, Party provider, Party recipient, ConsentCredential consent)
      throws Exception {
    String token = tokenFrom(a, provider, provider.did());
    String body = recipient.verificationRequest(consent, provider);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (String base : List.of(a, b)) {
      answers.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/verifications"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "DIDAuth " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    int allowed = 0;
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      try {
        HttpResponse<String> r = answer.get(40, TimeUnit.SECONDS);
        if (r.statusCode() == 200
            && "allow".equals(JSON.readTree(r.body()).path("decision").asText())) {
          allowed++;
        }
      } catch (Exception e) {
        // the killed instance
      }
    }
    nonceAllowed.addAndGet(allowed);
    if (allowed > 1) {
      nonceAllowedTwice.add(body);
    }
  }

  private void oid4vpAcrossInstances(
      String a, String b, Party provider, Party recipient, ConsentCredential consent)
      throws Exception {
    String onA = tokenFrom(a, provider, provider.did());
    var body = JSON.createObjectNode();
    body.putObject("transmission")
        .put("recipient", recipient.did())
        .put("purpose", "ServiceProvision")
        .putArray("categories")
        .add("health.checkup");
    HttpResponse<String> created = send(a, "POST", "/oid4vp/requests", body.toString(), onA);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode request = JSON.readTree(created.body());
    String id = request.get("id").asText();
    String jws =
        Oid4vpRequestObject.sign(request.get("requestObjectPayload").toString(), provider.signer());
    HttpResponse<String> signed =
        send(
            a,
            "PUT",
            "/oid4vp/requests/" + id + "/request-object",
            JSON.createObjectNode().put("requestObject", jws).toString(),
            onA);
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    // The wallet reaches the second instance (as through a load balancer).
    Oid4vpWallet.AuthorizationRequest read =
        Oid4vpWallet.resolve(
            JSON.readTree(signed.body()).get("walletUrl").asText(),
            uri -> {
              try {
                return get(b, uri.getRawPath(), null).body();
              } catch (Exception e) {
                throw new kr.consentledger.wallet.WalletException(e.getMessage(), e);
              }
            },
            did -> DidKey.resolve(did),
            Instant.now());
    Oid4vpWallet.Response response =
        Oid4vpWallet.respond(read, consent, recipient.did(), recipient.signer());
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(b + response.responseUri().getRawPath()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(response.formBody()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    String onB = tokenFrom(b, provider, provider.did());
    JsonNode answered = JSON.readTree(get(b, "/oid4vp/requests/" + id, onB).body());
    String receipt =
        ReceiptStatements.receipt(
            null,
            consent.consentId(),
            provider.did(),
            recipient.did(),
            List.of("health.checkup"),
            answered.get("presentationHash").asText(),
            provider.signer());
    HttpResponse<String> decided =
        send(
            b,
            "POST",
            "/oid4vp/requests/" + id + "/decision",
            JSON.createObjectNode().put("receipt", receipt).toString(),
            onB);
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    assertThat(JSON.readTree(decided.body()).get("decision").asText())
        .as(decided.body())
        .isEqualTo("allow");
    assertThat(JSON.readTree(get(a, "/oid4vp/requests/" + id, onA).body()).get("status").asText())
        .as("the first instance sees the decision")
        .isEqualTo("decided");
  }

  private HttpResponse<String> send(
      String base, String method, String path, String body, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "DIDAuth " + token)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A DID-auth token of {@code signer} through a challenge {@code base} issued to {@code did}. */
  private String tokenFrom(String base, Party signer, String did) throws Exception {
    HttpResponse<String> challenge =
        post(base, "/auth/challenges", JSON.createObjectNode().put("did", did).toString());
    assertThat(challenge.statusCode()).as(challenge.body()).isEqualTo(201);
    return DidAuth.token(
        signer.did(),
        JSON.readTree(challenge.body()).get("challenge").asText(),
        DidAuth.CONSENT_SERVICE,
        signer.signer(),
        Clock.systemUTC(),
        Duration.ofSeconds(120));
  }

  private HttpResponse<String> submit(String base, ConsentCredential consent, Party subject)
      throws Exception {
    return post(
        base,
        "/consents",
        JSON.createObjectNode()
            .put("credential", consent.jws())
            .put("anchor", ConsentStatements.anchor(consent, subject.signer()))
            .toString());
  }

  /** Waits until {@code countSql} counts at least one row. */
  private static void awaitCount(TestDatabase db, String database, String countSql)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (query(db, database, countSql) == 0) {
      assertThat(System.nanoTime()).as("items in flight before the kill").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** The instance number a service logged at start-up. */
  private static int instanceNumber(Path log) throws Exception {
    Matcher m =
        Pattern.compile("service instance (\\d+) on this database").matcher(Files.readString(log));
    assertThat(m.find()).as("instance number in " + log).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static void awaitOutboxDone(TestDatabase db, String database) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (query(db, database, "SELECT count(*) FROM outbox WHERE state <> 'done'") > 0) {
      assertThat(System.nanoTime())
          .as("outbox drained by the survivor before any lease ran out")
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static int countOutbox(TestDatabase db, String database, String state) throws Exception {
    return query(db, database, "SELECT count(*) FROM outbox WHERE state = '" + state + "'");
  }

  private static int query(TestDatabase db, String database, String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void awaitStatus(String base, String consentId, String status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(base, "/consents/" + consentId, null);
      last = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
      if (last != null && status.equals(last.path("status").asText())) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(consentId + " did not reach " + status + "; last: " + last);
  }

  private HttpResponse<String> post(String base, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String base, String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "DIDAuth " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
