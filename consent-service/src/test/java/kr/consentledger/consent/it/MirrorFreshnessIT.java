/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import kr.consentledger.consent.MirrorSettings;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.BlockReader;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verifications read the service's mirror of the ledger, and a withdrawal is still seen: while
 * providers verify a consent in a loop, its subject withdraws it; every answer that reflects the
 * withdrawal's block denies, no verification allows after one was denied, and none that starts more
 * than the freshness bound after the commit allows. Prints the commit-to-deny delay (written to
 * {@code target/mirror-freshness.txt}); asserts no time.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class MirrorFreshnessIT {
  private static final ObjectMapper JSON = ServiceUnderTest.JSON;
  private static final int CLIENTS = 4;
  private static ServiceUnderTest service;
  private static GatewayConnection admin;
  private static Network network;
  private static Contract participants;
  private static String chaincode;

  @BeforeAll
  static void start(NetworkInfo info, TestDatabase db) throws Exception {
    service = ServiceUnderTest.start(info, db, "consent_mirror");
    admin =
        GatewayConnection.open(info.organization("org1").adminEndpoint(), GatewayTimeouts.DEFAULT);
    network = admin.network(info.channel());
    chaincode = info.chaincode();
    participants = network.getContract(chaincode, "participants");
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (service != null) {
      service.close();
    }
  }

  /** One verification as a client saw it. */
  record Answer(
      long startNanos,
      long endNanos,
      int status,
      String decision,
      String code,
      long block,
      String read) {}

  private static String body(
      Party provider, Party recipient, ConsentCredential consent, String ledgerRead)
      throws Exception {
    List<String> categories = List.of("health.checkup");
    String vp = recipient.presentation(consent, provider);
    String receipt =
        ReceiptStatements.receipt(
            null,
            consent.consentId(),
            provider.did(),
            recipient.did(),
            categories,
            ReceiptStatements.presentationHash(vp),
            provider.signer());
    var body = JSON.createObjectNode().put("presentation", vp).put("receipt", receipt);
    if (ledgerRead != null) {
      body.put("ledgerRead", ledgerRead);
    }
    body.putObject("transmission")
        .put("recipient", recipient.did())
        .put("purpose", "ServiceProvision")
        .putArray("categories")
        .add("health.checkup");
    return body.toString();
  }

  private static Answer verify(String body, String token) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = service.send("POST", "/verifications", body, token);
    long end = System.nanoTime();
    JsonNode json = JSON.readTree(r.body());
    String code = null;
    if (r.statusCode() == 200) {
      for (JsonNode c : json.get("checks")) {
        if ("fail".equals(c.get("result").asText())) {
          code = c.path("code").asText();
          break;
        }
      }
      return new Answer(
          start,
          end,
          200,
          json.get("decision").asText(),
          code,
          json.path("ledgerBlock").isNumber() ? json.get("ledgerBlock").asLong() : -1,
          json.path("ledgerRead").asText());
    }
    return new Answer(start, end, r.statusCode(), null, json.path("code").asText(), -1, null);
  }

  @Test
  void
      a_withdrawal_is_denied_by_every_verification_that_reflects_its_block_and_none_allows_after_the_bound()
          throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.ED25519);
    Party recipient = Party.didKey(KeyType.ED25519);
    participants.submitTransaction("Register", provider.did(), "provider", "Mirror Hospital");
    participants.submitTransaction("Register", recipient.did(), "recipient", "Mirror MyData Co.");
    ConsentCredential consent =
        subject.consentFor(
            provider,
            recipient,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(30, ChronoUnit.DAYS),
            true);
    assertThat(service.submit(consent, subject).statusCode()).isEqualTo(202);
    long anchoredBlock =
        service.awaitStatus(consent.consentId(), "ConsentGiven").get("blockNumber").asLong();
    String token = service.didAuth(provider);

    // From the mirror: allowed, at a block at or after the anchor's.
    Answer first = verify(body(provider, recipient, consent, null), token);
    assertThat(first.decision()).as(first.toString()).isEqualTo("allow");
    assertThat(first.read()).isEqualTo("mirror");
    assertThat(first.block()).isGreaterThanOrEqualTo(anchoredBlock);

    // The client's own view of the commit: the consents contract's events from the current height.
    long height = BlockReader.of(network).chainInfo().getHeight();
    AtomicLong commitSeen = new AtomicLong();
    AtomicLong withdrawalBlock = new AtomicLong(-1);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    CloseableIterator<ChaincodeEvent> events =
        network.newChaincodeEventsRequest(chaincode).startBlock(height).build().getEvents();
    Future<?> watcher =
        pool.submit(
            () -> {
              while (events.hasNext()) {
                ChaincodeEvent e = events.next();
                if ("ConsentsChanged".equals(e.getEventName())) {
                  String payload = new String(e.getPayload(), StandardCharsets.UTF_8);
                  if (payload.contains(consent.consentId())
                      && payload.contains("ConsentWithdrawn")) {
                    commitSeen.set(System.nanoTime());
                    withdrawalBlock.set(e.getBlockNumber());
                    return;
                  }
                }
              }
            });

    // Providers verify in a loop while the subject withdraws.
    List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<?>> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(
          pool.submit(
              () -> {
                while (running.get()) {
                  answers.add(verify(body(provider, recipient, consent, null), token));
                }
                return null;
              }));
    }
    Thread.sleep(500);
    String revocation =
        ConsentStatements.revocation(
            consent.consentId(),
            consent.credentialHash(),
            subject.did(),
            ConsentStatements.Reason.WITHDRAWN,
            subject.signer());
    long revoked = System.nanoTime();
    assertThat(
            service
                .post(
                    "/consents/" + consent.consentId() + "/revocation",
                    JSON.createObjectNode().put("revocation", revocation).toString())
                .statusCode())
        .isEqualTo(202);
    watcher.get(60, TimeUnit.SECONDS);
    long seen = commitSeen.get();
    long bound = MirrorSettings.DEFAULTS.maxLag().toNanos();
    // Keep verifying past the bound.
    while (System.nanoTime() - seen < bound + TimeUnit.SECONDS.toNanos(2)) {
      Thread.sleep(100);
    }
    running.set(false);
    for (Future<?> c : clients) {
      c.get(30, TimeUnit.SECONDS);
    }
    events.close();
    pool.shutdownNow();

    // Live reads, on request: denied too, with no mirror block.
    Answer live = verify(body(provider, recipient, consent, "live"), token);
    assertThat(live.decision()).isEqualTo("deny");
    assertThat(live.code()).isEqualTo("CONSENT_WITHDRAWN");
    assertThat(live.read()).isEqualTo("live");
    assertThat(live.block()).isEqualTo(-1);

    long block = withdrawalBlock.get();
    List<Answer> all = new ArrayList<>(answers);
    assertThat(all).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(200, 503));
    assertThat(all.stream().filter(a -> a.status() == 503))
        .allSatisfy(a -> assertThat(a.code()).isEqualTo("MIRROR_STALE"));
    List<Answer> decided = all.stream().filter(a -> a.status() == 200).toList();
    // ledgerBlock is a lower bound (the mirror's last block when the checks began; it may apply the
    // next one while they run): every answer stating the withdrawal's block or later denies it.
    assertThat(decided.stream().filter(a -> a.block() >= block))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.decision()).as(a.toString()).isEqualTo("deny");
              assertThat(a.code()).isEqualTo("CONSENT_WITHDRAWN");
            });
    assertThat(decided).allSatisfy(a -> assertThat(a.read()).isEqualTo("mirror"));
    assertThat(decided.stream().filter(a -> "allow".equals(a.decision())))
        .allSatisfy(a -> assertThat(a.block()).as(a.toString()).isLessThan(block));
    // Once one verification was denied, none that started after its answer allows.
    long firstDenyEnd =
        decided.stream()
            .filter(a -> "deny".equals(a.decision()))
            .mapToLong(Answer::endNanos)
            .min()
            .orElseThrow();
    assertThat(decided.stream().filter(a -> a.startNanos() > firstDenyEnd))
        .allSatisfy(a -> assertThat(a.decision()).as(a.toString()).isEqualTo("deny"));
    // The promise: nothing older than the bound is served, so none starting later than that allows.
    assertThat(decided.stream().filter(a -> a.startNanos() - seen > bound))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.decision()).as(a.toString()).isEqualTo("deny"));

    // The figures (not asserted).
    long lastAllowStart =
        decided.stream()
            .filter(a -> "allow".equals(a.decision()))
            .mapToLong(Answer::startNanos)
            .max()
            .orElse(revoked);
    long firstDenyStart =
        decided.stream()
            .filter(a -> "deny".equals(a.decision()))
            .mapToLong(Answer::startNanos)
            .min()
            .orElseThrow();
    long allowedAfterCommit =
        decided.stream().filter(a -> a.startNanos() > seen && "allow".equals(a.decision())).count();
    String report =
        String.format(
            "mirror freshness: %d verifications by %d clients (%d answered 503 MIRROR_STALE); withdrawal in block %d;"
                + " revocation request -> commit event at the client %.1f ms; commit event -> first deny started %.1f ms,"
                + " answered %.1f ms; last allow started %.1f ms after the commit event; %d allows started after it"
                + " (bound %d ms)%n",
            all.size(),
            CLIENTS,
            all.size() - decided.size(),
            block,
            ms(seen - revoked),
            ms(firstDenyStart - seen),
            ms(firstDenyEnd - seen),
            ms(lastAllowStart - seen),
            allowedAfterCommit,
            TimeUnit.NANOSECONDS.toMillis(bound));
    System.out.print(report);
    Files.writeString(Path.of("target", "mirror-freshness.txt"), report, StandardCharsets.UTF_8);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
