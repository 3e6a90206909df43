/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Volume (issue 9, part 4): with many stored consents and receipts, every audit route, the consent
 * status and the subject's lists answer, and the integrity job runs to completion in a service
 * process whose heap and direct memory are capped (a fatal error would end the process:
 * -XX:+ExitOnOutOfMemoryError).
 *
 * <p>The fixture: {@code volume.anchored} consents (default 200) signed by 20 real subjects,
 * submitted through {@code POST /consents} and anchored by the service's outbox through the real
 * {@code consents} contract in batches of 500; the other {@code volume.rows − volume.anchored}
 * consents (default 4,800 of 5,000) loaded straight into PostgreSQL with {@code COPY} (credentials,
 * read-model rows, one receipt each): they are off-chain only, and the integrity job counts them as
 * pending. Three anchored credentials and two off-chain hash columns are then tampered with, and
 * the job must report exactly those five.
 *
 * <p>The test asserts outcomes only. It measures each route's latency and the process's heap and
 * RSS, prints them and writes them to {@code volume.report} (default {@code
 * target/volume-report.txt}); {@code ./dev volume} runs it with 100,000 rows and prints that file.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class VolumeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS = Integer.getInteger("volume.rows", 5_000);
  private static final int ANCHORED = Integer.getInteger("volume.anchored", 200);
  private static final String HEAP = System.getProperty("volume.heap", "256m");
  private static final String DIRECT = System.getProperty("volume.direct", "64m");
  private static final Path REPORT =
      Path.of(System.getProperty("volume.report", "target/volume-report.txt"));
  private static final int SUBJECTS = 20;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> figures = new LinkedHashMap<>();
  private ServiceProcess process;
  private Process service;
  private int port;
  @TempDir Path logs;

  @AfterEach
  void stop() {
    if (process != null) {
      process.close();
    }
  }

  @Test
  void
      every_audit_route_answers_and_the_integrity_job_completes_in_bounded_memory_over_a_large_store(
          NetworkInfo info, TestDatabase db) throws Exception {
    assertThat(ANCHORED).isBetween(10, ROWS);
    String database = db.createDatabase("consent_volume");
    String jdbc = db.jdbcUrl(database);
    process =
        ServiceProcess.configure(
                info,
                db,
                database,
                Map.of("CONSENT_OUTBOX_INTERVAL_MS", "200", "CONSENT_BATCH_SIZE", "500"),
                logs)
            .memory(HEAP, DIRECT)
            .echo(
                line ->
                    line.contains("OutOfMemoryError")
                        || line.contains("integrity: job")
                        || line.contains(" ERROR ")
                        || line.contains(" WARN ")
                        || !line.startsWith("["))
            .start("volume-service");
    service = process.process();
    port = process.port();
    dbUser = db.user();
    dbPassword = db.password();
    long pid = service.pid();

    // Participants: an auditor, the provider and recipient of every consent (org1 admin).
    Party auditor = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    Party.register(info, "Volume", provider, recipient, auditor);

    // 1. The anchored part, through the API and the outbox (batches of 500).
    List<Party> subjects = new ArrayList<>();
    for (int i = 0; i < SUBJECTS; i++) {
      subjects.add(Party.didKey(KeyType.ED25519));
    }
    long t0 = System.nanoTime();
    List<ConsentCredential> anchored = submitAll(subjects, provider, recipient);
    // The read model also mirrors other tests' consents from the shared ledger: count ours only.
    awaitCount(
        jdbc,
        "SELECT count(*) FROM consent_states s JOIN credentials c USING (consent_id)"
            + " WHERE s.status = 'ConsentGiven'",
        ANCHORED,
        Duration.ofMinutes(20));
    figures.put(
        "anchored through POST /consents + outbox (batches of 500)",
        ANCHORED + " consents in " + seconds(t0));

    // 2. The off-chain part, straight into PostgreSQL.
    t0 = System.nanoTime();
    List<String> offChain = load(jdbc, provider.did(), recipient.did(), anchored);
    figures.put(
        "loaded with COPY",
        (ROWS - ANCHORED)
            + " credentials + read-model rows, "
            + ROWS
            + " receipts in "
            + seconds(t0));
    figures.put("rows", counts(jdbc));

    // 3. Tamper: three anchored credentials changed, two off-chain hash columns changed.
    Map<String, String> tampered = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(jdbc, db.user(), db.password());
        PreparedStatement jws =
            c.prepareStatement("UPDATE credentials SET jws = jws || 'x' WHERE consent_id = ?");
        PreparedStatement hash =
            c.prepareStatement("UPDATE credentials SET credential_hash = ? WHERE consent_id = ?")) {
      for (int i = 0; i < 3; i++) {
        String id = anchored.get(i * (ANCHORED / 3)).consentId();
        jws.setString(1, id);
        assertThat(jws.executeUpdate()).isEqualTo(1);
        tampered.put(id, "CREDENTIAL_MODIFIED");
      }
      for (int i = 0; i < 2; i++) {
        String id = offChain.get(i * (offChain.size() / 2));
        hash.setString(1, "0".repeat(64));
        hash.setString(2, id);
        assertThat(hash.executeUpdate()).isEqualTo(1);
        tampered.put(id, "STORED_HASH_MODIFIED");
      }
    }

    // 4. Every route, timed (the second call; the first warms up).
    Party subject = subjects.get(0);
    ConsentCredential one = anchored.get(ANCHORED - 1);
    String status =
        call("GET /consents/{id} (status)", "GET", "/consents/" + one.consentId(), null, 200);
    String txId = JSON.readTree(status).get("transactionId").asText();
    String auditorToken = token(auditor);
    String subjectToken = token(subject);
    String from =
        Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    String to = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    String partyPath =
        "/audit/parties/"
            + URLEncoder.encode(provider.did(), StandardCharsets.UTF_8)
            + "/history?from="
            + from
            + "&to="
            + to
            + "&size=500";
    JsonNode consentsPage =
        JSON.readTree(
            call(
                "GET /consents (subject, DID-auth)",
                "GET",
                "/consents?size=100",
                subjectToken,
                200));
    assertThat(consentsPage.get("consents").size()).isEqualTo(Math.min(100, ANCHORED / SUBJECTS));
    call("GET /receipts (subject, DID-auth)", "GET", "/receipts?size=100", subjectToken, 200);
    call(
        "GET /consents/{id}/receipts (subject)",
        "GET",
        "/consents/" + one.consentId() + "/receipts",
        tokenOf(subjects, anchored, one),
        200);
    JsonNode history =
        JSON.readTree(
            call(
                "GET /audit/consents/{id}/history",
                "GET",
                "/audit/consents/" + one.consentId() + "/history",
                auditorToken,
                200));
    assertThat(history.get("entries").get(0).get("transactionId").asText()).isEqualTo(txId);
    call(
        "GET /audit/consents/{id}/history?format=csv",
        "GET",
        "/audit/consents/" + one.consentId() + "/history?format=csv",
        auditorToken,
        200);
    JsonNode party =
        JSON.readTree(
            call(
                "GET /audit/parties/{provider}/history (size 500)",
                "GET",
                partyPath,
                auditorToken,
                200));
    assertThat(party.get("total").asLong()).isEqualTo(ROWS);
    assertThat(party.get("consents").size()).isEqualTo(500);
    call(
        "GET /audit/parties/{provider}/history?format=csv (size 500)",
        "GET",
        partyPath + "&format=csv",
        auditorToken,
        200);
    int latePage = Math.min(30, (ROWS - 1) / 500); // page 30 of a 100,000-row run
    JsonNode late =
        JSON.readTree(
            call(
                "GET /audit/parties/{provider}/history (page " + latePage + ")",
                "GET",
                partyPath + "&page=" + latePage,
                auditorToken,
                200));
    assertThat(late.get("consents")).as("page %d of %d rows", latePage, ROWS).isNotEmpty();
    JsonNode proof =
        JSON.readTree(
            call(
                "GET /audit/transactions/{txId}/proof",
                "GET",
                "/audit/transactions/" + txId + "/proof",
                auditorToken,
                200));
    assertThat(proof.get("dataHashMatches").asBoolean()).isTrue();
    // A provider's verification of an anchored consent, with its receipt (fresh presentation and
    // receipt each time: both are single-use).
    verify("POST /verifications (provider, with receipt)", provider, recipient, one);

    // 5. The integrity job, with the memory of the process sampled while it runs.
    Memory memory = new Memory(pid);
    memory.sample();
    long started = System.nanoTime();
    HttpResponse<String> start = send("POST", "/audit/integrity", "", auditorToken);
    figures.put("POST /audit/integrity (202)", millis(started));
    assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
    String location = start.headers().firstValue("Location").orElseThrow();
    JsonNode job = JSON.readTree(start.body());
    long polled = 0;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
    while ("running".equals(job.get("state").asText()) && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      memory.sample();
      long t = System.nanoTime();
      job = JSON.readTree(send("GET", location, null, token(auditor)).body());
      polled = Math.max(polled, System.nanoTime() - t);
    }
    figures.put(
        "integrity job, start to completed",
        seconds(started)
            + " for "
            + job.get("checked").asLong()
            + " credentials ("
            + Math.round(
                job.get("checked").asLong() / Math.max(1e-9, (System.nanoTime() - started) / 1e9))
            + "/s)");
    figures.put(
        "GET /audit/integrity/{job} while running (slowest poll)",
        TimeUnit.NANOSECONDS.toMillis(polled) + " ms");
    memory.sample();

    assertThat(service.isAlive()).as("the service survived the job").isTrue();
    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("completed");
    assertThat(job.get("checked").asLong()).isEqualTo(ROWS);
    assertThat(job.get("mismatches").asLong()).isEqualTo(5);
    assertThat(job.get("consistent").asLong()).isEqualTo(ANCHORED - 3);
    assertThat(job.get("pending").asLong()).isEqualTo(ROWS - ANCHORED - 2);

    // The report, two a page, following the cursor.
    Map<String, String> reported = new TreeMap<>();
    String after = null;
    int pages = 0;
    do {
      String path =
          location
              + "/mismatches?size=2"
              + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      JsonNode page =
          JSON.readTree(
              pages == 0
                  ? call(
                      "GET /audit/integrity/{job}/mismatches (size 2)",
                      "GET",
                      path,
                      auditorToken,
                      200)
                  : send("GET", path, null, auditorToken).body());
      page.get("mismatches")
          .forEach(m -> reported.put(m.get("consentId").asText(), m.get("code").asText()));
      after = page.get("next").isNull() ? null : page.get("next").asText();
      pages++;
    } while (after != null && pages < 10);
    assertThat(reported).isEqualTo(tampered);

    // After the job: the service still answers, and a second job may start.
    call(
        "GET /consents/{id} (status), after the job",
        "GET",
        "/consents/" + one.consentId(),
        null,
        200);
    figures.put("service heap (-Xmx, MaxDirectMemorySize)", HEAP + ", " + DIRECT);
    figures.put("heap used, largest sample (jcmd GC.heap_info)", memory.heapMax());
    figures.put("RSS: before the job, largest sample, peak (VmHWM)", memory.rss());
    assertThat(service.isAlive()).isTrue();
    report();
  }

  private List<ConsentCredential> submitAll(List<Party> subjects, Party provider, Party recipient)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ConsentCredential>> all = new ArrayList<>();
      for (int i = 0; i < ANCHORED; i++) {
        Party subject = subjects.get(i % subjects.size());
        all.add(
            pool.submit(
                () -> {
                  ConsentCredential c =
                      subject.consentFor(
                          provider, recipient, Instant.now().plus(90, ChronoUnit.DAYS), false);
                  HttpResponse<String> r =
                      send(
                          "POST",
                          "/consents",
                          JSON.createObjectNode()
                              .put("credential", c.jws())
                              .put("anchor", ConsentStatements.anchor(c, subject.signer()))
                              .toString(),
                          null);
                  assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                  return c;
                }));
      }
      List<ConsentCredential> out = new ArrayList<>();
      for (Future<ConsentCredential> f : all) {
        out.add(f.get(5, TimeUnit.MINUTES));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Loads the off-chain consents and a receipt for every consent with COPY; gives their ids. */
  private List<String> load(
      String jdbc, String provider, String recipient, List<ConsentCredential> anchored)
      throws Exception {
    List<String> ids = new ArrayList<>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (Connection c = DriverManager.getConnection(jdbc, dbUser, dbPassword)) {
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      int chunk = 5_000;
      for (int start = 0; start < ROWS - ANCHORED; start += chunk) {
        StringBuilder credentials = new StringBuilder();
        StringBuilder states = new StringBuilder();
        int end = Math.min(ROWS - ANCHORED, start + chunk);
        for (int i = start; i < end; i++) {
          String id = "urn:uuid:" + java.util.UUID.randomUUID();
          ids.add(id);
          String subject = "did:key:zVolumeSubject" + (i % 1000);
          String jws = fakeJws();
          String hash = sha256(jws);
          Instant changed = now.minusSeconds(random.nextInt(30 * 86_400));
          credentials
              .append(id)
              .append(',')
              .append(jws)
              .append(',')
              .append(hash)
              .append(',')
              .append(subject)
              .append(',')
              .append(provider)
              .append(',')
              .append(recipient)
              .append('\n');
          states
              .append(id)
              .append(',')
              .append(hash)
              .append(',')
              .append(subject)
              .append(',')
              .append(provider)
              .append(',')
              .append(recipient)
              .append(',')
              .append(changed)
              .append(',')
              .append(changed.plus(180, ChronoUnit.DAYS))
              .append(",pending,")
              .append(changed)
              .append('\n');
        }
        copy.copyIn(
            "COPY credentials (consent_id, jws, credential_hash, subject_did, provider_did, recipient_did)"
                + " FROM STDIN (FORMAT csv)",
            new StringReader(credentials.toString()));
        copy.copyIn(
            "COPY consent_states (consent_id, credential_hash, subject_did, provider_did, recipient_did,"
                + " valid_from, valid_until, status, updated_at) FROM STDIN (FORMAT csv)",
            new StringReader(states.toString()));
      }
      // One receipt per consent, anchored ones included, recorded in the last 30 days.
      List<String> every = new ArrayList<>(ids);
      anchored.forEach(a -> every.add(a.consentId()));
      for (int start = 0; start < every.size(); start += chunk) {
        StringBuilder receipts = new StringBuilder();
        for (int i = start; i < Math.min(every.size(), start + chunk); i++) {
          Instant at = now.minusSeconds(random.nextInt(30 * 86_400));
          receipts
              .append("urn:uuid:")
              .append(java.util.UUID.randomUUID())
              .append(',')
              .append(every.get(i))
              .append(',')
              .append(provider)
              .append(',')
              .append(recipient)
              .append(",\"{health.checkup}\",")
              .append(sha256(every.get(i)))
              .append(',')
              .append(at)
              .append(',')
              .append(sha256("tx" + i))
              .append(',')
              .append(1_000_000 + i)
              .append('\n');
        }
        copy.copyIn(
            "COPY receipts (receipt_id, consent_id, provider_did, recipient_did, categories, presentation_hash,"
                + " recorded_at, tx_id, block_number) FROM STDIN (FORMAT csv)",
            new StringReader(receipts.toString()));
      }
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      }
    }
    return ids;
  }

  private String dbUser;
  private String dbPassword;

  private String counts(String jdbc) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, dbUser, dbPassword);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM credentials),"
                    + " (SELECT count(*) FROM consent_states s JOIN credentials c USING (consent_id)),"
                    + " (SELECT count(*) FROM receipts), (SELECT count(*) FROM consent_states s JOIN credentials c"
                    + " USING (consent_id) WHERE s.status = 'ConsentGiven'),"
                    + " pg_size_pretty(pg_database_size(current_database()))")) {
      r.next();
      return r.getLong(1)
          + " credentials, "
          + r.getLong(2)
          + " read-model rows, "
          + r.getLong(3)
          + " receipts, "
          + r.getLong(4)
          + " on the ledger (ConsentGiven); database "
          + r.getString(5);
    }
  }

  private void awaitCount(String jdbc, String sql, long expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long n = -1;
    while (System.nanoTime() < deadline) {
      try (Connection c = DriverManager.getConnection(jdbc, dbUser, dbPassword);
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery(sql)) {
        r.next();
        n = r.getLong(1);
      }
      if (n >= expected) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(sql + " gave " + n + ", expected " + expected);
  }

  private String fakeJws() {
    byte[] payload = new byte[900];
    byte[] signature = new byte[64];
    random.nextBytes(payload);
    random.nextBytes(signature);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9."
        + b64.encodeToString(payload)
        + "."
        + b64.encodeToString(signature);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The subject of an anchored consent: they were submitted round-robin. */
  private String tokenOf(
      List<Party> subjects, List<ConsentCredential> anchored, ConsentCredential c)
      throws Exception {
    return token(subjects.get(anchored.indexOf(c) % subjects.size()));
  }

  /** Calls a route twice and records the second call's latency; gives its body. */
  private String call(String name, String method, String path, String token, int status)
      throws Exception {
    HttpResponse<String> warm = send(method, path, null, token == null ? null : refresh(token));
    assertThat(warm.statusCode()).as(name + ": " + warm.body()).isEqualTo(status);
    long t = System.nanoTime();
    HttpResponse<String> r = send(method, path, null, token == null ? null : refresh(token));
    figures.put(name, millis(t) + " (" + r.body().length() + " bytes)");
    assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(status);
    return r.body();
  }

  private void verify(String name, Party provider, Party recipient, ConsentCredential consent)
      throws Exception {
    String token = token(provider);
    HttpResponse<String> warm =
        send("POST", "/verifications", verification(provider, recipient, consent), token);
    assertThat(warm.statusCode()).as(name + ": " + warm.body()).isEqualTo(200);
    assertThat(JSON.readTree(warm.body()).get("decision").asText())
        .as(warm.body())
        .isEqualTo("allow");
    String body = verification(provider, recipient, consent);
    String auth = refresh(token);
    long t = System.nanoTime();
    HttpResponse<String> r = send("POST", "/verifications", body, auth);
    figures.put(name, millis(t) + " (" + r.body().length() + " bytes)");
    assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("decision").asText()).as(r.body()).isEqualTo("allow");
  }

  private static String verification(Party provider, Party recipient, ConsentCredential consent)
      throws Exception {
    return recipient.verificationRequest(consent, provider);
  }

  /** DID-auth tokens are single-use: a token string here stands for its party. */
  private final Map<String, Party> tokens = new LinkedHashMap<>();

  private String token(Party party) throws Exception {
    tokens.put(party.did(), party);
    return party.did();
  }

  private String refresh(String did) throws Exception {
    Party party = tokens.get(did);
    HttpResponse<String> challenge =
        send(
            "POST",
            "/auth/challenges",
            JSON.createObjectNode().put("did", party.did()).toString(),
            null);
    assertThat(challenge.statusCode()).isEqualTo(201);
    return party.didAuthToken(challenge.body(), Duration.ofSeconds(120));
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofMinutes(2))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header(
          "Authorization",
          DidAuth.SCHEME + " " + (token.startsWith("did:") ? refresh(token) : token));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void report() throws IOException {
    StringBuilder out =
        new StringBuilder("volume test (" + ROWS + " rows, " + ANCHORED + " on the ledger)\n");
    figures.forEach((k, v) -> out.append(String.format("  %-62s %s%n", k, v)));
    System.out.print(out);
    Files.createDirectories(REPORT.toAbsolutePath().getParent());
    Files.writeString(REPORT, out.toString(), StandardCharsets.UTF_8);
  }

  private static String millis(long startNanos) {
    return String.format("%.1f ms", (System.nanoTime() - startNanos) / 1e6);
  }

  private static String seconds(long startNanos) {
    return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }

  /** The service process's heap (jcmd GC.heap_info) and RSS (/proc), sampled. */
  private static final class Memory {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private final long pid;
    private long heapMaxKb;
    private long rssFirstKb = -1;
    private long rssMaxKb;

    Memory(long pid) {
      this.pid = pid;
    }

    void sample() {
      try {
        Process jcmd =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid),
                    "GC.heap_info")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        Matcher m = USED.matcher(out);
        if (m.find()) {
          heapMaxKb = Math.max(heapMaxKb, Long.parseLong(m.group(1)));
        }
        long rss = status("VmRSS");
        if (rssFirstKb < 0) {
          rssFirstKb = rss;
        }
        rssMaxKb = Math.max(rssMaxKb, rss);
      } catch (IOException e) {
        // the process is gone; the assertions after the job say so
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private long status(String key) throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    }

    String heapMax() {
      return heapMaxKb / 1024 + " MB";
    }

    String rss() {
      long peak = -1;
      try {
        peak = status("VmHWM");
      } catch (IOException e) {
        // gone
      }
      return rssFirstKb / 1024 + " MB, " + rssMaxKb / 1024 + " MB, " + peak / 1024 + " MB";
    }
  }
}
