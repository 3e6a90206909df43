/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kr.consentledger.consent.load.LoadGenerator;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;

/**
 * The scenarios of {@code ./dev bench}. Each prepares its requests before the clock starts (keys
 * made, credentials, statements, presentations and receipts signed with the wallet SDK, fresh
 * nonces and receipt ids), checks each answer, and names the chaincode events that show an accepted
 * request committed.
 */
final class Scenarios {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> ALL =
      List.of("anchor", "revoke", "verify", "vcapi", "resolve", "mixed");

  private Scenarios() {}

  /** A party: a fresh did:key (Ed25519) and its one key's signer. */
  record Party(String did, Signer signer) {
    static Party create() {
      WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519);
      String did = DidKey.create(key.publicKey());
      return new Party(did, key.signer(did + "#" + did.substring("did:key:".length())));
    }
  }

  /** What a scenario works with. */
  static final class Context {
    final BenchSystem system;
    final LoadGenerator load;
    final CommitWatch commits;

    Context(BenchSystem system, LoadGenerator load, CommitWatch commits) {
      this.system = system;
      this.load = load;
      this.commits = commits;
    }

    /**
     * One request, waited for; a shed answer (429, 503) is retried after its {@code Retry-After}
     * for up to two minutes. Throws unless the status is {@code expected}.
     */
    JsonNode call(LoadGenerator.Request r, int expected) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (true) {
        LoadGenerator.Outcome o =
            load.send(r, System.nanoTime())
                .toCompletionStage()
                .toCompletableFuture()
                .get(120, TimeUnit.SECONDS);
        if (o.error() != null) {
          throw new IllegalStateException(
              r.method() + " " + r.path() + ": " + o.error(), o.error());
        }
        if ((o.status() == 429 || o.status() == 503) && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(500);
          continue;
        }
        if (o.status() != expected) {
          throw new IllegalStateException(
              r.method() + " " + r.path() + ": " + o.status() + " " + o.body());
        }
        return o.body() == null || o.body().length() == 0
            ? null
            : JSON.readTree(o.body().getBytes());
      }
    }

    /**
     * Submits consents (16 at a time; shed ones again, for up to 20 rounds) and waits until the
     * ledger shows them given.
     */
    void anchorAndAwait(List<Consent> consents) throws Exception {
      List<LoadGenerator.Request> pending = consents.stream().map(Consent::anchorRequest).toList();
      for (int round = 0; !pending.isEmpty(); round++) {
        if (round == 20) {
          throw new IllegalStateException(
              pending.size() + " set-up consents were still shed after 20 rounds");
        }
        if (round > 0) {
          TimeUnit.SECONDS.sleep(1);
        }
        var it = pending.iterator();
        List<LoadGenerator.Request> shed =
            java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> failure = new AtomicReference<>();
        load.run(
            () -> {
              synchronized (it) {
                return it.hasNext() ? it.next() : null;
              }
            },
            new LoadGenerator.Mode(16, 0),
            3600,
            (r, t) -> {},
            o -> {
              if (o.status() == 429
                  || o.status() == 503
                  || o.error() instanceof io.vertx.core.http.HttpClosedException) {
                shed.add(o.request());
              } else if (o.status() != 202 && o.status() != 200) {
                failure.compareAndSet(
                    null, o.status() + " " + (o.error() != null ? o.error() : o.body()));
              }
            });
        if (failure.get() != null) {
          throw new IllegalStateException("a set-up consent was not accepted: " + failure.get());
        }
        pending = List.copyOf(shed);
      }
      Set<String> ids =
          consents.stream().map(c -> c.credential.consentId()).collect(Collectors.toSet());
      if (!CommitWatch.await(commits.given(), ids, 300)) {
        throw new IllegalStateException("set-up consents not committed within 300 s");
      }
    }
  }

  /** A consent of a fresh subject for {@code provider} to send check-ups to {@code recipient}. */
  record Consent(Party subject, ConsentCredential credential, String anchor) {
    static Consent create(Party provider, Party recipient) {
      try {
        Party subject = Party.create();
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        ConsentCredential c =
            ConsentCredential.builder()
                .subject(subject.did(), "Bench Subject", null)
                .provider(provider.did(), "Bench Hospital")
                .recipient(recipient.did(), "Bench MyData Co.")
                .validFrom(from)
                .validUntil(from.plus(30, ChronoUnit.DAYS))
                .purpose("health management", "ServiceProvision", true)
                .dataCategory("health.checkup", true)
                .transmission(
                    ConsentCredential.Transmission.oneTime(from.plus(30, ChronoUnit.DAYS)))
                .retentionPeriod("P1Y")
                .legalBasis("PIPA Art. 35-2")
                .withdrawal("wallet", null)
                .statusBaseUrl("https://consent.example.kr/consents")
                .build()
                .issue(subject.signer());
        return new Consent(subject, c, ConsentStatements.anchor(c, subject.signer()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    LoadGenerator.Request anchorRequest() {
      ObjectNode body =
          JSON.createObjectNode().put("credential", credential.jws()).put("anchor", anchor);
      return new LoadGenerator.Request(
          "anchor",
          HttpMethod.POST,
          false,
          "/consents",
          body.toString(),
          false,
          credential.consentId());
    }

    LoadGenerator.Request revokeRequest() {
      try {
        String s =
            ConsentStatements.revocation(
                credential.consentId(),
                credential.credentialHash(),
                subject.did(),
                ConsentStatements.Reason.WITHDRAWN,
                subject.signer());
        return new LoadGenerator.Request(
            "revoke",
            HttpMethod.POST,
            false,
            "/consents/" + credential.consentId() + "/revocation",
            JSON.createObjectNode().put("revocation", s).toString(),
            false,
            credential.consentId());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One scenario. */
  abstract static class Scenario {
    final String name;
    final LongAdder denied = new LongAdder();
    final LongAdder unexpected = new LongAdder();

    Scenario(String name) {
      this.name = name;
    }

    /** Signatures the service checks per request (for the ratio to the raw limit); 0 for none. */
    abstract double signaturesPerRequest();

    /** What must exist before the clock starts (participants, anchored consents, a did:fabric). */
    void setUp(Context ctx) throws Exception {}

    /** Whether {@link #make} can give any number of requests (a pool that is cycled). */
    boolean unbounded() {
      return false;
    }

    /** Request number {@code i}. */
    abstract LoadGenerator.Request make(int i);

    /** Prepares {@code n} requests, on every core. */
    List<LoadGenerator.Request> prepare(int n) {
      return IntStream.range(0, n).parallel().mapToObj(this::make).collect(Collectors.toList());
    }

    /** Checks an answer's body (a 2xx one) and counts denials. */
    void check(LoadGenerator.Outcome o) {}

    /**
     * The committed items of a request kind: the map of the commit watch, or null when not watched.
     */
    Map<String, CommitWatch.Commit> commits(Context ctx, String kind) {
      return switch (kind) {
        case "anchor" -> ctx.commits == null ? null : ctx.commits.given();
        case "revoke" -> ctx.commits == null ? null : ctx.commits.withdrawn();
        case "verify" -> ctx.commits == null ? null : ctx.commits.receipts();
        default -> null;
      };
    }

    /** The run's notes (set-up, fixed choices). */
    List<String> notes() {
      return List.of();
    }

    void close() {}
  }

  static Scenario create(String name, int setupConsents) {
    return switch (name) {
      case "anchor" -> new Anchor();
      case "revoke" -> new Revoke();
      case "verify" -> new Verify(setupConsents);
      case "vcapi" -> new VcApi();
      case "resolve-key" -> new ResolveKey();
      case "resolve-fabric" -> new ResolveFabric();
      case "mixed" -> new Mixed(setupConsents);
      default ->
          throw new IllegalArgumentException("unknown scenario " + name + " (known: " + ALL + ")");
    };
  }

  /**
   * POST /consents: a consent of a new did:key subject each (two signatures: credential, anchor).
   */
  static final class Anchor extends Scenario {
    final Party provider = Party.create();
    final Party recipient = Party.create();

    Anchor() {
      super("anchor");
    }

    @Override
    double signaturesPerRequest() {
      return 2;
    }

    @Override
    LoadGenerator.Request make(int i) {
      return Consent.create(provider, recipient).anchorRequest();
    }
  }

  /** POST /consents/{id}/revocation of consents anchored (and committed) during set-up. */
  static final class Revoke extends Scenario {
    final Party provider = Party.create();
    final Party recipient = Party.create();
    Context ctx;

    Revoke() {
      super("revoke");
    }

    @Override
    double signaturesPerRequest() {
      return 1;
    }

    @Override
    void setUp(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    List<LoadGenerator.Request> prepare(int n) {
      List<Consent> consents =
          IntStream.range(0, n)
              .parallel()
              .mapToObj(i -> Consent.create(provider, recipient))
              .collect(Collectors.toList());
      try {
        ctx.anchorAndAwait(consents);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return consents.parallelStream().map(Consent::revokeRequest).collect(Collectors.toList());
    }

    @Override
    LoadGenerator.Request make(int i) {
      throw new UnsupportedOperationException("revocations are prepared in a batch");
    }
  }

  /**
   * POST /verifications: a provider (DID-auth, one token per 4 minutes) verifies a presentation by
   * the recipient, with a fresh nonce, of one of the set-up consents, with a receipt of a fresh id.
   * Four signatures: the token, the presentation, the credential, the receipt.
   */
  static class Verify extends Scenario {
    final Party provider = Party.create();
    final Party recipient = Party.create();
    final int consentCount;
    final List<Consent> consents = new ArrayList<>();
    final AtomicReference<String> token = new AtomicReference<>();
    private java.util.concurrent.ScheduledExecutorService refresher;

    Verify(int consentCount) {
      this("verify", consentCount);
    }

    Verify(String name, int consentCount) {
      super(name);
      this.consentCount = consentCount;
    }

    @Override
    double signaturesPerRequest() {
      return 4;
    }

    @Override
    void setUp(Context ctx) throws Exception {
      if (ctx.system.info == null) {
        throw new IllegalStateException(
            name + " needs the run folder of the system (its network.properties)");
      }
      try (GatewayConnection admin =
          GatewayConnection.open(
              ctx.system.info.organization("org1").adminEndpoint(), GatewayTimeouts.DEFAULT)) {
        var participants =
            admin
                .network(ctx.system.info.channel())
                .getContract(ctx.system.info.chaincode(), "participants");
        participants.submitTransaction("Register", provider.did(), "provider", "Bench Hospital");
        participants.submitTransaction(
            "Register", recipient.did(), "recipient", "Bench MyData Co.");
      }
      for (int i = 0; i < consentCount; i++) {
        consents.add(Consent.create(provider, recipient));
      }
      ctx.anchorAndAwait(consents);
      refreshToken(ctx);
      ctx.load.authorization(() -> DidAuth.SCHEME + " " + token.get());
      refresher =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "bench-didauth-refresh");
                t.setDaemon(true);
                return t;
              });
      refresher.scheduleAtFixedRate(
          () -> {
            try {
              refreshToken(ctx);
            } catch (Exception e) {
              System.err.println("[bench] DID-auth token refresh failed: " + e);
            }
          },
          200,
          200,
          TimeUnit.SECONDS);
    }

    private void refreshToken(Context ctx) throws Exception {
      JsonNode challenge =
          ctx.call(
              new LoadGenerator.Request(
                  "challenge",
                  HttpMethod.POST,
                  false,
                  "/auth/challenges",
                  JSON.createObjectNode().put("did", provider.did()).toString(),
                  false,
                  null),
              201);
      token.set(
          DidAuth.token(
              provider.did(),
              challenge.get("challenge").asText(),
              DidAuth.CONSENT_SERVICE,
              provider.signer(),
              Clock.systemUTC(),
              Duration.ofSeconds(300)));
    }

    @Override
    LoadGenerator.Request make(int i) {
      try {
        Consent c = consents.get(i % consents.size());
        String vp =
            VerifiablePresentation.builder()
                .holder(recipient.did())
                .credential(c.credential().verifiableCredential())
                .audience(provider.did())
                .nonce(UUID.randomUUID().toString())
                .sign(recipient.signer())
                .jws();
        String receiptId = "urn:uuid:" + UUID.randomUUID();
        String receipt =
            ReceiptStatements.receipt(
                receiptId,
                c.credential().consentId(),
                provider.did(),
                recipient.did(),
                List.of("health.checkup"),
                ReceiptStatements.presentationHash(vp),
                provider.signer());
        ObjectNode body = JSON.createObjectNode().put("presentation", vp).put("receipt", receipt);
        body.putObject("transmission")
            .put("recipient", recipient.did())
            .put("purpose", "ServiceProvision")
            .putArray("categories")
            .add("health.checkup");
        return new LoadGenerator.Request(
            "verify", HttpMethod.POST, false, "/verifications", body.toString(), true, receiptId);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    void check(LoadGenerator.Outcome o) {
      if (o.request().kind().equals("verify")) {
        try {
          if (!"allow".equals(JSON.readTree(o.body().getBytes()).path("decision").asText())) {
            denied.increment();
          }
        } catch (Exception e) {
          unexpected.increment();
        }
      }
    }

    @Override
    List<String> notes() {
      return List.of(
          name
              + ": "
              + consentCount
              + " consents anchored in set-up, presentations cycle over them; "
              + "one DID-auth token (300 s) per provider, renewed every 200 s");
    }

    @Override
    void close() {
      if (refresher != null) {
        refresher.shutdownNow();
      }
    }
  }

  /**
   * POST /credentials/verify (W3C VC API) of 1,000 distinct signed credentials, cycled; one
   * signature.
   */
  static final class VcApi extends Scenario {
    final List<String> bodies;

    VcApi() {
      super("vcapi");
      Party provider = Party.create();
      Party recipient = Party.create();
      bodies =
          IntStream.range(0, 1000)
              .parallel()
              .mapToObj(
                  i ->
                      JSON.createObjectNode()
                          .put(
                              "verifiableCredential",
                              Consent.create(provider, recipient).credential().jws())
                          .toString())
              .collect(Collectors.toList());
    }

    @Override
    double signaturesPerRequest() {
      return 1;
    }

    @Override
    boolean unbounded() {
      return true;
    }

    @Override
    LoadGenerator.Request make(int i) {
      return new LoadGenerator.Request(
          "vcapi",
          HttpMethod.POST,
          false,
          "/credentials/verify",
          bodies.get(i % bodies.size()),
          false,
          null);
    }

    @Override
    void check(LoadGenerator.Outcome o) {
      try {
        if (!JSON.readTree(o.body().getBytes()).path("errors").isEmpty()) {
          denied.increment();
        }
      } catch (Exception e) {
        unexpected.increment();
      }
    }
  }

  /** did-resolver GET /1.0/identifiers/{did:key} over 1,000 distinct did:key DIDs, cycled. */
  static final class ResolveKey extends Scenario {
    final List<String> dids =
        IntStream.range(0, 1000).parallel().mapToObj(i -> Party.create().did()).toList();

    ResolveKey() {
      super("resolve-key");
    }

    @Override
    double signaturesPerRequest() {
      return 0;
    }

    @Override
    boolean unbounded() {
      return true;
    }

    @Override
    LoadGenerator.Request make(int i) {
      return new LoadGenerator.Request(
          "resolve-key",
          HttpMethod.GET,
          true,
          "/1.0/identifiers/" + dids.get(i % dids.size()),
          null,
          false,
          null);
    }
  }

  /**
   * did-resolver GET /1.0/identifiers/{did:fabric} of one DID created in set-up (so cached after
   * the first).
   */
  static final class ResolveFabric extends Scenario {
    String did;

    ResolveFabric() {
      super("resolve-fabric");
    }

    @Override
    double signaturesPerRequest() {
      return 0;
    }

    @Override
    boolean unbounded() {
      return true;
    }

    @Override
    void setUp(Context ctx) throws Exception {
      if (ctx.system.info == null) {
        throw new IllegalStateException(
            "resolve-fabric needs the run folder of the system (its network.properties)");
      }
      WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519);
      DidDocument doc = DidFabric.newDocument(key.publicKey()).build();
      var op = DidFabric.create(doc, key.signer(doc.id() + "#key-1"), null);
      try (GatewayConnection c =
          GatewayConnection.open(
              ctx.system.info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT)) {
        c.network(ctx.system.info.channel())
            .getContract(ctx.system.info.chaincode(), "dids")
            .submitTransaction("Create", op.jws());
      }
      did = doc.id();
      ctx.call(make(0), 200);
    }

    @Override
    LoadGenerator.Request make(int i) {
      return new LoadGenerator.Request(
          "resolve-fabric", HttpMethod.GET, true, "/1.0/identifiers/" + did, null, false, null);
    }
  }

  /**
   * A MyData-like mix: of every 100 requests, 90 provider verifications (as {@code verify}), 7
   * grants (as {@code anchor}) and 3 withdrawals of consents anchored in set-up (as {@code
   * revoke}).
   */
  static final class Mixed extends Verify {
    final Anchor anchor = new Anchor();
    final Revoke revoke = new Revoke();

    Mixed(int consentCount) {
      super("mixed", consentCount);
    }

    @Override
    double signaturesPerRequest() {
      return 0.90 * 4 + 0.07 * 2 + 0.03 * 1;
    }

    @Override
    void setUp(Context ctx) throws Exception {
      super.setUp(ctx);
      revoke.setUp(ctx);
    }

    @Override
    List<LoadGenerator.Request> prepare(int n) {
      int withdrawals = (int) Math.ceil(n * 0.03);
      List<LoadGenerator.Request> revocations = revoke.prepare(withdrawals);
      List<LoadGenerator.Request> out =
          new ArrayList<>(
              IntStream.range(0, n)
                  .parallel()
                  .mapToObj(
                      i -> {
                        int k =
                            (i * 37)
                                % 100; // the same mix in any 100 consecutive requests, spread out
                        return k < 90 ? make(i) : k < 97 ? anchor.make(i) : null;
                      })
                  .collect(Collectors.toList()));
      int r = 0;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i) == null) {
          out.set(i, r < revocations.size() ? revocations.get(r++) : anchor.make(i));
        }
      }
      return out;
    }

    @Override
    List<String> notes() {
      List<String> n = new ArrayList<>(super.notes());
      n.add(
          "mixed: of every 100 requests 90 verify, 7 anchor, 3 revoke (of consents anchored in set-up)");
      return n;
    }
  }

  /** The scenario names a command line asks for, with {@code resolve} as its two kinds. */
  static List<String> expand(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names.isEmpty() ? ALL : names) {
      if (n.equals("resolve")) {
        out.add("resolve-key");
        out.add("resolve-fabric");
      } else {
        out.add(n);
      }
    }
    return out;
  }

  static Map<String, Double> none() {
    return new LinkedHashMap<>();
  }
}
