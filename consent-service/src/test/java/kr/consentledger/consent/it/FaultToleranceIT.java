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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kr.consentledger.consent.it.FaultLoad.Op;
import kr.consentledger.consent.it.FaultLoad.Outcome;
import kr.consentledger.consent.it.FaultLoad.Result;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.NetworkFaults;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing lost, nothing twice, under faults: while consents, revocations and provider verifications
 * with receipts keep arriving, one process is killed with SIGKILL and brought back: a peer, the
 * Raft leader among three orderers, the chaincode server, PostgreSQL, the service, and the service
 * twice in turn. Then every request answered 2xx must be on the ledger exactly once, nothing
 * refused may be there, the read model must agree with the ledger, and no answer may be a 5xx other
 * than 503 problem+json.
 *
 * <p>The service runs as its own process on the network's PostgreSQL. Timings and load come from
 * system properties ({@code faults.workers}, {@code faults.beforeSeconds}, {@code
 * faults.outageSeconds}, {@code faults.afterSeconds}); {@code ./dev faults} runs the same tests
 * longer and harder. Each scenario appends its figures to {@code target/fault-report.md}.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WORKERS = Integer.getInteger("faults.workers", 3);
  private static final int BEFORE = Integer.getInteger("faults.beforeSeconds", 2);
  private static final int OUTAGE = Integer.getInteger("faults.outageSeconds", 6);
  private static final int AFTER = Integer.getInteger("faults.afterSeconds", 2);

  /** The pause of each load worker between its requests (0: as fast as answers come). */
  private static final int PAUSE_MS = Integer.getInteger("faults.pauseMs", 100);

  /**
   * The service's commit-status deadline: a transaction an orderer took and lost (the Raft leader
   * killed) is sent again after this, which the scenarios then check for duplicates.
   */
  private static final int COMMIT_TIMEOUT_MS = Integer.getInteger("faults.commitTimeoutMs", 10_000);

  private static final Duration DRAIN =
      Duration.ofSeconds(Integer.getInteger("faults.drainSeconds", 240));

  private static NetworkInfo info;
  private static FabricNetwork network;
  private static NetworkFaults faults;
  private static GatewayConnection admin;
  private static GatewayConnection reader;
  private static Contract consents;
  private static Contract receipts;
  private static Party provider;
  private static Party recipient;
  private final HttpClient http = HttpClient.newHttpClient();

  /** The services' logs, kept for a look after a failure. */
  private static final Path logs = Path.of("target", "fault-logs");

  @BeforeAll
  static void start(NetworkInfo networkInfo, FabricNetwork fabric) throws Exception {
    info = networkInfo;
    network = fabric;
    faults = new NetworkFaults(fabric);
    admin =
        GatewayConnection.open(info.organization("org1").adminEndpoint(), GatewayTimeouts.DEFAULT);
    reader =
        GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT);
    consents = reader.network(info.channel()).getContract(info.chaincode(), "consents");
    receipts = reader.network(info.channel()).getContract(info.chaincode(), "receipts");
    provider = Party.didKey(KeyType.ED25519);
    recipient = Party.didKey(KeyType.ED25519);
    Contract participants =
        admin.network(info.channel()).getContract(info.chaincode(), "participants");
    participants.submitTransaction("Register", provider.did(), "provider", "Fault Test Hospital");
    participants.submitTransaction(
        "Register", recipient.did(), "recipient", "Fault Test MyData Co.");
  }

  @AfterAll
  static void stop() throws Exception {
    if (network != null) {
      network.up(); // whatever a failed scenario left down
    }
    if (admin != null) {
      admin.close();
    }
    if (reader != null) {
      reader.close();
    }
  }

  /** One step of a fault scenario, done to the service under test or to the network. */
  @FunctionalInterface
  private interface Step {
    void run(ServiceProcess service) throws Exception;
  }

  /** A fault: what to kill, and how to bring it back. */
  private record Fault(Step inject, Step recover) {}

  /** Kills a process of the network; {@code network.sh up} brings it back. */
  private static Fault networkProcess(String name) {
    return new Fault(service -> faults.kill(name), service -> faults.restart());
  }

  @Test
  @Order(1)
  void a_peer_killed_and_restarted_loses_nothing_and_duplicates_nothing() throws Exception {
    // AND(Org1, Org2): nothing commits while peer0.org2 is down; the outbox holds everything.
    scenario(
        "peer", "peer0.org2 killed, restarted with network.sh up", networkProcess("peer0.org2"));
  }

  @Test
  @Order(2)
  void the_raft_leader_killed_keeps_the_system_committing() throws Exception {
    Assumptions.assumeTrue(orderers() == 3, "the 3-orderer profile (CONSENT_LEDGER_ORDERERS=3)");
    scenario(
        "raft-leader",
        "Raft leader of 3 orderers killed, restarted",
        new Fault(
            service -> faults.kill(faults.raftLeader(3, Duration.ofSeconds(30))),
            service -> faults.restart()));
  }

  @Test
  @Order(3)
  void the_chaincode_server_killed_and_restarted_loses_nothing() throws Exception {
    scenario("chaincode", "chaincode server killed, restarted", networkProcess("chaincode"));
  }

  @Test
  @Order(4)
  void postgresql_killed_gives_503_meanwhile_and_the_service_recovers_by_itself() throws Exception {
    Report r = scenario("postgres", "PostgreSQL killed, restarted", networkProcess("postgres"));
    assertThat(r.status503).as("answers while PostgreSQL was down").isPositive();
  }

  @Test
  @Order(5)
  void the_service_killed_and_restarted_loses_nothing() throws Exception {
    scenario(
        "service",
        "consent-service killed, restarted",
        new Fault(
            service -> assertThat(service.kill()).isEqualTo(137),
            service -> service.start("service-restarted")));
  }

  @Test
  @Order(6)
  void the_service_killed_twice_in_turn_loses_nothing() throws Exception {
    scenario(
        "service-twice",
        "consent-service killed, restarted, killed again, restarted",
        new Fault(
            service -> {
              assertThat(service.kill()).isEqualTo(137);
              service.start("service-twice-2");
              Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(2, OUTAGE / 2)));
              assertThat(service.kill()).isEqualTo(137);
            },
            service -> service.start("service-twice-3")));
  }

  // ------------------------------------------------------------------------------------------

  /** The figures of one scenario. */
  record Report(
      String name,
      String fault,
      int sent,
      int accepted,
      int committed,
      int lost,
      int duplicated,
      int unknown,
      int refused,
      int status503,
      double recoverySeconds) {}

  private Report scenario(String name, String fault, Fault injection) throws Exception {
    String database = createDatabase("fault_" + name.replace('-', '_'));
    Map<String, String> extra =
        Map.of(
            "CONSENT_OUTBOX_INTERVAL_MS", "200",
            "CONSENT_BATCH_SIZE", "100",
            "CONSENT_PG_POOL_SIZE", "8",
            "FABRIC_COMMIT_STATUS_TIMEOUT_MS", Integer.toString(COMMIT_TIMEOUT_MS));
    NetworkInfo.Postgres pg = info.postgres();
    try (ServiceProcess service =
        ServiceProcess.configure(
            info, pg.host(), pg.port(), database, pg.user(), "", extra, logs.resolve(name))) {
      service.start(name);
      List<ConsentCredential> anchored = anchorBaseConsents(service, 3);

      FaultLoad load =
          new FaultLoad(service.base(), provider, recipient, anchored, WORKERS, PAUSE_MS);
      load.start();
      Thread.sleep(TimeUnit.SECONDS.toMillis(BEFORE));
      long acceptedBeforeFault = maxOutboxId(database);
      injection.inject().run(service);
      Thread.sleep(TimeUnit.SECONDS.toMillis(OUTAGE));
      long acceptedDuringFault = maxOutboxId(database);
      long acceptedBefore =
          acceptedDuringFault == Long.MAX_VALUE ? acceptedBeforeFault : acceptedDuringFault;
      injection.recover().run(service);
      Instant restarted = Instant.now();
      RecoveryWatch watch = new RecoveryWatch(database, acceptedBefore, restarted);
      watch.start();
      Thread.sleep(TimeUnit.SECONDS.toMillis(AFTER));
      List<Outcome> outcomes = load.stop();

      awaitDrained(database);
      watch.join(TimeUnit.SECONDS.toMillis(30));
      Report report = check(name, fault, service, database, outcomes, watch.recoverySeconds());
      record(report);
      return report;
    }
  }

  private Report check(
      String name,
      String fault,
      ServiceProcess service,
      String database,
      List<Outcome> outcomes,
      double recovery)
      throws Exception {
    // 1. No 5xx but 503, and every error answer is problem+json.
    for (Outcome o : outcomes) {
      if (o.status() >= 500) {
        assertThat(o.status()).as(o.body()).isEqualTo(503);
      }
      if (o.status() >= 400) {
        assertThat(o.contentType())
            .as(o.status() + " " + o.body())
            .startsWith("application/problem+json");
      }
    }
    assertThat(countOutbox(database, "rejected")).as("outbox items rejected").isZero();

    // 2. The ledger: accepted exactly once, refused never, unknown at most once.
    int accepted = 0;
    int committed = 0;
    int lost = 0;
    int duplicated = 0;
    Map<String, Integer> anchors = new HashMap<>();
    Map<String, Integer> withdrawals = new HashMap<>();
    Map<String, JsonNode> lastState = new HashMap<>();
    Map<String, JsonNode> histories =
        histories(
            outcomes.stream()
                .filter(o -> o.op() != Op.VERIFICATION)
                .map(Outcome::consentId)
                .distinct()
                .toList());
    for (Outcome o : outcomes) {
      if (o.op() != Op.VERIFICATION && !anchors.containsKey(o.consentId())) {
        JsonNode history = histories.get(o.consentId());
        int given = 0;
        int withdrawn = 0;
        for (JsonNode e : history) {
          String status = e.at("/record/status").asText();
          if (e.path("isDelete").asBoolean(false)) {
            continue;
          }
          if ("ConsentGiven".equals(status) && withdrawn == 0) {
            given++;
          } else if ("ConsentWithdrawn".equals(status)) {
            withdrawn++;
          }
        }
        anchors.put(o.consentId(), given);
        withdrawals.put(o.consentId(), withdrawn);
        if (history.size() > 0) {
          lastState.put(o.consentId(), history.get(history.size() - 1));
        }
      }
    }
    Set<String> receiptsAcceptedOrUnknown = new HashSet<>();
    Map<String, Integer> receiptCounts = new HashMap<>();
    for (String consentId :
        outcomes.stream()
            .filter(o -> o.op() == Op.VERIFICATION)
            .map(Outcome::consentId)
            .distinct()
            .toList()) {
      for (JsonNode r : JSON.readTree(receipts.evaluateTransaction("ForConsent", consentId))) {
        String id =
            r.has("receiptId") ? r.get("receiptId").asText() : r.at("/record/receiptId").asText();
        receiptCounts.merge(id, 1, Integer::sum);
      }
    }
    for (Outcome o : outcomes) {
      int onLedger =
          switch (o.op()) {
            case CONSENT -> anchors.getOrDefault(o.consentId(), 0);
            case REVOCATION -> withdrawals.getOrDefault(o.consentId(), 0);
            case VERIFICATION -> o.id() == null ? 0 : receiptCounts.getOrDefault(o.id(), 0);
          };
      if (o.result() == Result.ACCEPTED) {
        accepted++;
        if (onLedger >= 1) {
          committed++;
        } else {
          lost++;
        }
        if (onLedger > 1) {
          duplicated++;
        }
        if (o.op() == Op.VERIFICATION) {
          receiptsAcceptedOrUnknown.add(o.id());
        }
      } else if (o.result() == Result.REFUSED) {
        assertThat(onLedger)
            .as("refused %s %s (%d %s) reached the ledger", o.op(), o.id(), o.status(), o.body())
            .isZero();
      } else {
        assertThat(onLedger)
            .as("%s %s of unknown outcome on the ledger more than once", o.op(), o.id())
            .isLessThanOrEqualTo(1);
        if (o.op() == Op.VERIFICATION && o.id() != null) {
          receiptsAcceptedOrUnknown.add(o.id());
        }
      }
    }
    // Only the load's receipts on the ledger (the base consents are this scenario's own).
    assertThat(receiptCounts.keySet())
        .as("receipts on the ledger")
        .isSubsetOf(receiptsAcceptedOrUnknown);

    int unknown = (int) outcomes.stream().filter(o -> o.result() == Result.UNKNOWN).count();
    int refused = (int) outcomes.stream().filter(o -> o.result() == Result.REFUSED).count();
    int status503 = (int) outcomes.stream().filter(o -> o.status() == 503).count();
    Report report =
        new Report(
            name,
            fault,
            outcomes.size(),
            accepted,
            committed,
            lost,
            duplicated,
            unknown,
            refused,
            status503,
            recovery);
    System.out.println("fault report: " + report);
    assertThat(lost).as("accepted but not on the ledger: " + report).isZero();
    assertThat(duplicated).as("on the ledger more than once: " + report).isZero();
    assertThat(accepted).as("the load had requests accepted: " + report).isPositive();

    // 3. The read model agrees with the ledger.
    for (Map.Entry<String, JsonNode> e : lastState.entrySet()) {
      awaitReadModel(service, e.getKey(), e.getValue());
    }
    return report;
  }

  private void awaitReadModel(ServiceProcess service, String consentId, JsonNode ledger)
      throws Exception {
    String status = ledger.at("/record/status").asText();
    String txId = ledger.path("txId").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(service.base() + "/consents/" + consentId)).build(),
              HttpResponse.BodyHandlers.ofString());
      last = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
      if (last != null
          && status.equals(last.path("status").asText())
          && txId.equals(last.path("transactionId").asText())) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the read model of "
            + consentId
            + " does not match the ledger ("
            + status
            + ", "
            + txId
            + "): "
            + last);
  }

  /** The ledger histories of these consents, read eight at a time. */
  private Map<String, JsonNode> histories(List<String> consentIds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Map<String, Future<JsonNode>> pending = new LinkedHashMap<>();
      for (String id : consentIds) {
        pending.put(id, pool.submit(() -> history(id)));
      }
      Map<String, JsonNode> out = new HashMap<>();
      for (Map.Entry<String, Future<JsonNode>> e : pending.entrySet()) {
        out.put(e.getKey(), e.getValue().get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private JsonNode history(String consentId) throws Exception {
    try {
      return JSON.readTree(consents.evaluateTransaction("History", consentId));
    } catch (GatewayException e) {
      if (String.valueOf(e.getMessage()).contains("CONSENT_NOT_FOUND")
          || e.getDetails().stream().anyMatch(d -> d.getMessage().contains("CONSENT_NOT_FOUND"))) {
        return JSON.createArrayNode();
      }
      throw e;
    }
  }

  private List<ConsentCredential> anchorBaseConsents(ServiceProcess service, int n)
      throws Exception {
    List<ConsentCredential> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Party subject = Party.didKey(KeyType.ED25519);
      ConsentCredential consent =
          subject.consentFor(provider, recipient, Instant.now().plus(60, ChronoUnit.DAYS), false);
      String body =
          JSON.createObjectNode()
              .put("credential", consent.jws())
              .put("anchor", ConsentStatements.anchor(consent, subject.signer()))
              .toString();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(service.base() + "/consents"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      out.add(consent);
    }
    for (ConsentCredential c : out) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(service.base() + "/consents/" + c.consentId()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200
            && "ConsentGiven".equals(JSON.readTree(r.body()).path("status").asText())) {
          break;
        }
        assertThat(System.nanoTime()).as("base consent anchored in time").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
    return out;
  }

  /** Watches the outbox until every item accepted before the restart is done. */
  private final class RecoveryWatch extends Thread {
    private final String database;
    private final long maxId;
    private final Instant from;
    private final AtomicLong doneAtMillis = new AtomicLong(-1);

    RecoveryWatch(String database, long maxId, Instant from) {
      super("recovery-watch");
      setDaemon(true);
      this.database = database;
      this.maxId = maxId;
      this.from = from;
    }

    @Override
    public void run() {
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (System.nanoTime() < deadline) {
        try {
          if (openUpTo(database, maxId) == 0) {
            doneAtMillis.set(Duration.between(from, Instant.now()).toMillis());
            return;
          }
        } catch (Exception e) {
          // the database may still be coming back
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    double recoverySeconds() {
      return doneAtMillis.get() / 1000.0;
    }
  }

  private void awaitDrained(String database) throws Exception {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (true) {
      int open;
      try {
        open = openUpTo(database, Long.MAX_VALUE);
      } catch (java.sql.SQLException e) {
        // A restarted PostgreSQL may still be in crash recovery ("not yet accepting connections").
        open = -1;
      }
      if (open == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            (open < 0 ? "the database not back" : open + " outbox items still open")
                + " after "
                + DRAIN);
      }
      Thread.sleep(200);
    }
  }

  private static void record(Report r) throws Exception {
    Path file = Path.of("target", "fault-report.md");
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Files.writeString(
          file,
          "| fault | sent | accepted | committed | lost | duplicated | unknown outcome | refused (503) | recovery |\n"
              + "|---|---|---|---|---|---|---|---|---|\n",
          StandardCharsets.UTF_8);
    }
    Files.writeString(
        file,
        String.format(
            Locale.ROOT,
            "| %s | %d | %d | %d | %d | %d | %d | %d (%d) | %.1f s |%n",
            r.fault(),
            r.sent(),
            r.accepted(),
            r.committed(),
            r.lost(),
            r.duplicated(),
            r.unknown(),
            r.refused(),
            r.status503(),
            r.recoverySeconds()),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  // ---- the service's database, on the network's PostgreSQL -----------------------------------

  private static String jdbc(String database) {
    return "jdbc:postgresql://"
        + info.postgres().host()
        + ":"
        + info.postgres().port()
        + "/"
        + database;
  }

  private static String createDatabase(String prefix) throws Exception {
    String name = prefix + "_" + Long.toHexString(System.nanoTime());
    try (Connection c =
            DriverManager.getConnection(
                jdbc(info.postgres().database()), info.postgres().user(), "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  private static long maxOutboxId(String database) {
    try (Connection c = DriverManager.getConnection(jdbc(database), info.postgres().user(), "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM outbox")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return Long.MAX_VALUE; // the database is down: watch everything
    }
  }

  private static int openUpTo(String database, long maxId) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc(database), info.postgres().user(), "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE id <= ? AND state IN ('pending', 'submitted')")) {
      s.setLong(1, maxId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static int countOutbox(String database, String state) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc(database), info.postgres().user(), "");
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox WHERE state = ?")) {
      s.setString(1, state);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static int orderers() throws Exception {
    Properties p = new Properties();
    try (var in = Files.newInputStream(network.runDir().resolve("network.properties"))) {
      p.load(in);
    }
    return Integer.parseInt(p.getProperty("orderers", "1"));
  }
}
