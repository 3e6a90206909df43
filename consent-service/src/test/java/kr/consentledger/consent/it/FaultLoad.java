/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;

/**
 * A steady mix of what the service takes while a fault is injected: new consents, revocations of
 * consents this load had accepted, and provider verifications with receipts of consents anchored
 * before the load. Each request's outcome is recorded: accepted (2xx and, for a verification, an
 * allow with a receipt), refused (any other answer) or unknown (no answer: the connection failed or
 * timed out, so the service may or may not have taken it).
 */
final class FaultLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Op {
    CONSENT,
    REVOCATION,
    VERIFICATION
  }

  enum Result {
    ACCEPTED,
    REFUSED,
    UNKNOWN
  }

  /**
   * One request. {@code id} is the consent id (consents, revocations) or the receipt id
   * (verifications); {@code consentId} the consent it is about.
   */
  record Outcome(
      Op op,
      String id,
      String consentId,
      Result result,
      int status,
      String contentType,
      String body) {}

  /** A consent the load may revoke: the subject and the credential. */
  record Granted(Party subject, ConsentCredential consent) {}

  private final String base;
  private final Party provider;
  private final Party recipient;
  private final List<ConsentCredential> anchored;
  private final int workers;
  private final int pauseMillis;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private volatile String providerToken;
  private volatile Instant providerTokenAt = Instant.EPOCH;

  /**
   * @param base the service's base URL
   * @param provider an active registered provider
   * @param recipient an active registered recipient
   * @param anchored consents of {@code provider} to {@code recipient} already on the ledger, to
   *     verify
   * @param workers concurrent clients
   * @param pauseMillis each client's pause between its requests (0: none)
   */
  FaultLoad(
      String base,
      Party provider,
      Party recipient,
      List<ConsentCredential> anchored,
      int workers,
      int pauseMillis) {
    this.base = base;
    this.provider = provider;
    this.recipient = recipient;
    this.anchored = List.copyOf(anchored);
    this.workers = workers;
    this.pauseMillis = pauseMillis;
  }

  void start() {
    running.set(true);
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(this::work, "fault-load-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /** Stops the clients and waits for requests in flight. */
  List<Outcome> stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    synchronized (outcomes) {
      return List.copyOf(outcomes);
    }
  }

  /** The outcomes so far. */
  List<Outcome> outcomes() {
    synchronized (outcomes) {
      return List.copyOf(outcomes);
    }
  }

  private void work() {
    List<Granted> mine = new ArrayList<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.get()) {
      Outcome o;
      try {
        double r = random.nextDouble();
        if (r < 0.2 && !mine.isEmpty()) {
          o = revoke(mine.remove(random.nextInt(mine.size())));
        } else if (r < 0.4 && !anchored.isEmpty()) {
          o = verify(anchored.get(random.nextInt(anchored.size())));
        } else {
          Party subject = Party.didKey(KeyType.ED25519);
          ConsentCredential consent =
              subject.consentFor(
                  provider, recipient, Instant.now().plus(30, ChronoUnit.DAYS), false);
          o = submit(subject, consent);
          if (o.result() == Result.ACCEPTED) {
            mine.add(new Granted(subject, consent));
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("the load generator failed", e);
      }
      outcomes.add(o);
      if (o.result() == Result.UNKNOWN) {
        sleep(250); // the service is down: do not spin on refused connections
      } else if (o.result() == Result.REFUSED) {
        sleep(Math.max(50, pauseMillis));
      } else if (pauseMillis > 0) {
        sleep(pauseMillis);
      }
    }
  }

  private Outcome submit(Party subject, ConsentCredential consent) throws Exception {
    ObjectNode body =
        JSON.createObjectNode()
            .put("credential", consent.jws())
            .put("anchor", ConsentStatements.anchor(consent, subject.signer()));
    return send(Op.CONSENT, consent.consentId(), consent.consentId(), "/consents", body, null);
  }

  private Outcome revoke(Granted g) throws Exception {
    String statement =
        ConsentStatements.revocation(
            g.consent().consentId(),
            g.consent().credentialHash(),
            g.subject().did(),
            ConsentStatements.Reason.WITHDRAWN,
            g.subject().signer());
    ObjectNode body = JSON.createObjectNode().put("revocation", statement);
    String id = g.consent().consentId();
    return send(Op.REVOCATION, id, id, "/consents/" + id + "/revocation", body, null);
  }

  private Outcome verify(ConsentCredential consent) throws Exception {
    String token = providerToken();
    if (token == null) {
      return new Outcome(
          Op.VERIFICATION,
          null,
          consent.consentId(),
          Result.UNKNOWN,
          -1,
          null,
          "no DID-auth token");
    }
    String vp = recipient.presentation(consent, provider);
    String receiptId = "urn:uuid:" + UUID.randomUUID();
    List<String> categories = List.of("health.checkup");
    String receipt =
        ReceiptStatements.receipt(
            receiptId,
            consent.consentId(),
            provider.did(),
            recipient.did(),
            categories,
            ReceiptStatements.presentationHash(vp),
            provider.signer());
    ObjectNode body = JSON.createObjectNode().put("presentation", vp).put("receipt", receipt);
    body.putObject("transmission")
        .put("recipient", recipient.did())
        .put("purpose", "ServiceProvision")
        .putArray("categories")
        .add("health.checkup");
    Outcome o =
        send(Op.VERIFICATION, receiptId, consent.consentId(), "/verifications", body, token);
    if (o.result() == Result.ACCEPTED) {
      JsonNode answer = JSON.readTree(o.body());
      boolean allowed =
          "allow".equals(answer.path("decision").asText())
              && receiptId.equals(answer.path("receiptId").asText());
      return allowed
          ? o
          : new Outcome(
              o.op(), o.id(), o.consentId(), Result.REFUSED, o.status(), o.contentType(), o.body());
    }
    return o;
  }

  /** A DID-auth token of the provider, renewed every two minutes (tokens live up to five). */
  private String providerToken() {
    if (providerToken != null
        && Duration.between(providerTokenAt, Instant.now()).toSeconds() < 120) {
      return providerToken;
    }
    synchronized (this) {
      if (providerToken != null
          && Duration.between(providerTokenAt, Instant.now()).toSeconds() < 120) {
        return providerToken;
      }
      try {
        HttpResponse<String> challenge =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/auth/challenges"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.createObjectNode().put("did", provider.did()).toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (challenge.statusCode() != 201) {
          return null;
        }
        providerToken = provider.didAuthToken(challenge.body(), Duration.ofSeconds(290));
        providerTokenAt = Instant.now();
        return providerToken;
      } catch (Exception e) {
        return null;
      }
    }
  }

  private Outcome send(
      Op op, String id, String consentId, String path, ObjectNode body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null) {
      b.header("Authorization", DidAuth.SCHEME + " " + token);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Result result =
          r.statusCode() >= 200 && r.statusCode() < 300 ? Result.ACCEPTED : Result.REFUSED;
      return new Outcome(
          op,
          id,
          consentId,
          result,
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(null),
          r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(op, id, consentId, Result.UNKNOWN, -1, null, e.toString());
    } catch (Exception e) {
      return new Outcome(op, id, consentId, Result.UNKNOWN, -1, null, e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
