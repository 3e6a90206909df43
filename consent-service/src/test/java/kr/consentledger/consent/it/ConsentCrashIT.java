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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing twice: the service runs as its own OS process and is killed with SIGKILL
 * after it has sent two transactions to the ledger (its window) and before it learnt of their
 * commits; a new process then finishes the work. Every accepted consent must end on the ledger
 * exactly once.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class ConsentCrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONSENTS = 12;
  private static final int BATCH = 5;
  private static final int WINDOW = 2;
  private final HttpClient http = HttpClient.newHttpClient();
  private ServiceProcess service;
  @TempDir Path logs;

  @AfterEach
  void killAll() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void consents_accepted_before_a_kill_9_between_submit_and_commit_end_on_the_ledger_exactly_once(
      NetworkInfo info, TestDatabase db) throws Exception {
    String database = db.createDatabase("consent_crash");
    service =
        ServiceProcess.configure(
            info,
            db,
            database,
            Map.of(
                "CONSENT_OUTBOX_INTERVAL_MS",
                "200",
                "CONSENT_BATCH_SIZE",
                Integer.toString(BATCH),
                "CONSENT_OUTBOX_WINDOW",
                Integer.toString(WINDOW),
                "CONSENT_FAULT_COMMIT_HOLD_MS",
                "300000"),
            logs);
    String base = service.base();

    // 1. A service that holds every batch for a minute between submit and commit.
    service.start("first");
    List<ConsentCredential> accepted = new ArrayList<>();
    for (int i = 0; i < CONSENTS; i++) {
      ConsentCredential consent = consent();
      HttpResponse<String> r =
          post(
              base,
              "/consents",
              JSON.createObjectNode()
                  .put("credential", consent.jws())
                  .put("anchor", ConsentStatements.anchor(consent, signerOf(consent)))
                  .toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      accepted.add(consent);
    }

    // 2. The window is full: two transactions (1 to 5 items each) are on the ledger but the
    //    process has not learnt of their commits; the others are accepted and not yet sent. Then
    //    kill -9 with several transactions in flight.
    awaitTransactionsInFlight(db, database, WINDOW);
    List<String> inFlight = outboxConsents(db, database, "submitted");
    try (GatewayConnection c =
        GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract consents = c.network(info.channel()).getContract(info.chaincode(), "consents");
      for (String consentId : inFlight) {
        awaitLedger(consents, consentId);
      }
    }
    assertThat(inFlight).hasSizeBetween(WINDOW, WINDOW * BATCH);
    assertThat(countOutbox(db, database, "pending"))
        .as(states(db, database))
        .isEqualTo(CONSENTS - inFlight.size());
    assertThat(countOutbox(db, database, "done"))
        .as("the first process never learnt of the commit")
        .isZero();
    assertThat(service.kill()).as("exit code after SIGKILL").isEqualTo(137);

    // 3. A new process resubmits what was left submitted; the chaincode answers unchanged.
    service.set("CONSENT_FAULT_COMMIT_HOLD_MS", "0").start("second");
    for (ConsentCredential consent : accepted) {
      awaitStatus(base, consent.consentId(), "ConsentGiven");
    }
    awaitOutbox(db, database, "done", CONSENTS);

    // 4. Exactly once on the ledger: one state per consent, and it is the read model's transaction.
    try (GatewayConnection c =
        GatewayConnection.open(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract consents = c.network(info.channel()).getContract(info.chaincode(), "consents");
      for (ConsentCredential consent : accepted) {
        JsonNode history =
            JSON.readTree(consents.evaluateTransaction("History", consent.consentId()));
        JsonNode state = JSON.readTree(get(base, "/consents/" + consent.consentId()).body());
        assertThat(history).as("ledger states of " + consent.consentId()).hasSize(1);
        assertThat(state.get("transactionId").asText())
            .isEqualTo(history.get(0).get("txId").asText());
        assertThat(history.get(0).at("/record/credentialHash").asText())
            .isEqualTo(consent.credentialHash());
      }
    }
    assertThat(countOutbox(db, database, "rejected")).isZero();
    assertThat(Files.readString(service.log("second")))
        .contains("left submitted by a previous run");
  }

  private final Map<String, Signer> signers = new java.util.HashMap<>();

  private Signer signerOf(ConsentCredential consent) {
    return signers.get(consent.consentId());
  }

  private ConsentCredential consent() throws Exception {
    Signer subject = didKey(KeyType.ED25519);
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential issued =
        ConsentCredential.builder()
            .subject(did(subject), "Crash Subject", "mailto:crash@example.kr")
            .provider(did(didKey(KeyType.P256)), "P")
            .recipient(did(didKey(KeyType.P256)), "R")
            .validFrom(from)
            .validUntil(from.plus(30, ChronoUnit.DAYS))
            .purpose("crash test", "ServiceProvision", true)
            .dataCategory("telecom.billing", false)
            .transmission(ConsentCredential.Transmission.oneTime(from.plus(10, ChronoUnit.DAYS)))
            .retentionPeriod("P1M")
            .legalBasis("PIPA Art. 35-2")
            .withdrawal("wallet", null)
            .statusBaseUrl("https://consent.example.kr/consents")
            .build()
            .issue(subject);
    signers.put(issued.consentId(), subject);
    return issued;
  }

  private static Signer didKey(KeyType type) {
    WalletKeyPair key = WalletKeyPair.generate(type);
    String did = DidKey.create(key.publicKey());
    return key.signer(did + "#" + did.substring("did:key:".length()));
  }

  private static String did(Signer signer) {
    return signer.keyId().substring(0, signer.keyId().indexOf('#'));
  }

  private static void awaitOutbox(TestDatabase db, String database, String state, int count)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (countOutbox(db, database, state) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("outbox did not reach " + count + " " + state + " items");
      }
      Thread.sleep(100);
    }
  }

  /** Waits until the submitted items carry {@code count} distinct transaction ids. */
  private static void awaitTransactionsInFlight(TestDatabase db, String database, int count)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try (Connection c =
              DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(DISTINCT tx_id) FROM outbox WHERE state = 'submitted' AND tx_id IS NOT NULL")) {
        rs.next();
        if (rs.getInt(1) >= count) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the outbox did not reach "
                + count
                + " transactions in flight: "
                + states(db, database));
      }
      Thread.sleep(100);
    }
  }

  private static String states(TestDatabase db, String database) throws Exception {
    StringBuilder sb = new StringBuilder("outbox:");
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT state, tx_id, attempts, code, consent_id FROM outbox ORDER BY id")) {
      while (rs.next()) {
        sb.append("\n  ")
            .append(rs.getString(1))
            .append(' ')
            .append(rs.getString(2))
            .append(' ')
            .append(rs.getInt(3))
            .append(' ')
            .append(rs.getString(4))
            .append(' ')
            .append(rs.getString(5));
      }
    }
    return sb.toString();
  }

  private static List<String> outboxConsents(TestDatabase db, String database, String state)
      throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT consent_id FROM outbox WHERE state = '" + state + "'")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static int countOutbox(TestDatabase db, String database, String state) throws Exception {
    try (Connection c =
            DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM outbox WHERE state = '" + state + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void awaitLedger(Contract consents, String consentId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        consents.evaluateTransaction("Status", consentId);
        return;
      } catch (org.hyperledger.fabric.client.GatewayException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private void awaitStatus(String base, String consentId, String status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(base, "/consents/" + consentId);
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
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
