/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import kr.consentledger.consent.BlockSource;
import kr.consentledger.consent.ConsentEventFeed;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.MirrorSettings;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.testing.FakeRegistry;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerMirrorTest {
  private static final String CONSENT = "urn:uuid:6f1c3b0e-2f0a-4b7e-9f51-0c7d8a3e2b11";
  private static final MirrorSettings SETTINGS =
      new MirrorSettings(
          false,
          Duration.ofSeconds(1),
          0,
          Duration.ofMillis(200),
          Duration.ofMillis(300),
          1000,
          1000);

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final FakeBlocks blocks = new FakeBlocks();
  private final CountingRegistry live = new CountingRegistry();
  private LedgerMirror mirror;

  @AfterEach
  void close() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  /** The peer: a height and the blocks it delivers. */
  static final class FakeBlocks implements BlockSource {
    final AtomicLong peerHeight = new AtomicLong(5);
    final AtomicInteger heightCalls = new AtomicInteger();
    volatile boolean down;
    final LinkedBlockingQueue<BlockSource.Block> queue = new LinkedBlockingQueue<>();

    @Override
    public long height() throws Exception {
      heightCalls.incrementAndGet();
      if (down) {
        throw new IllegalStateException("peer down");
      }
      return peerHeight.get();
    }

    @Override
    public Stream open(long from) {
      return new Stream() {
        BlockSource.Block next;

        @Override
        public boolean hasNext() {
          try {
            next = queue.take();
            return next.number() >= 0;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }

        @Override
        public BlockSource.Block next() {
          return next;
        }

        @Override
        public void close() {
          queue.add(new BlockSource.Block(-1, List.of()));
        }
      };
    }

    /** Commits a block on the peer and delivers it to the stream. */
    void commit(ConsentEventFeed.Event... events) {
      long n = peerHeight.getAndIncrement();
      queue.add(new BlockSource.Block(n, List.of(events)));
    }
  }

  static final class CountingRegistry extends FakeRegistry {
    final AtomicInteger reads = new AtomicInteger();
    volatile Promise<Void> gate;

    @Override
    public Future<Optional<LedgerConsent>> consent(String consentId) {
      reads.incrementAndGet();
      Optional<LedgerConsent> now = Optional.ofNullable(consents.get(consentId));
      Promise<Void> g = gate;
      return g == null ? Future.succeededFuture(now) : g.future().map(v -> now);
    }

    @Override
    public Future<Optional<Participant>> participant(String did) {
      reads.incrementAndGet();
      return super.participant(did);
    }
  }

  private LedgerMirror started() {
    mirror =
        new LedgerMirror(vertx, blocks, live, SETTINGS, nanos::get, Duration.ofMillis(20)).start();
    eventually(() -> mirror.height() == blocks.peerHeight.get());
    return mirror;
  }

  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 10 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }

  private static Object outcome(Future<?> f) {
    try {
      return await(f);
    } catch (ConsentException e) {
      return e.code();
    }
  }

  static ConsentEventFeed.Event consentsChanged(long block, String status) {
    JsonObject change =
        new JsonObject()
            .put("consentId", CONSENT)
            .put("credentialHash", "ab".repeat(32))
            .put("subject", "did:key:zSubject")
            .put("provider", "did:key:zProvider")
            .put("recipient", "did:key:zRecipient")
            .put("validFrom", "2026-11-01T00:00:00Z")
            .put("validUntil", "2027-05-01T00:00:00Z")
            .put("status", status);
    return event(
        block, "ConsentsChanged", new JsonObject().put("changes", new JsonArray().add(change)));
  }

  static ConsentEventFeed.Event event(long block, String name, JsonObject payload) {
    return new ConsentEventFeed.Event(
        block, "tx" + block, name, payload.encode().getBytes(StandardCharsets.UTF_8));
  }

  private String status() {
    return await(mirror.consent(CONSENT)).map(RegistryLedger.LedgerConsent::status).orElse("none");
  }

  @Test
  void a_mirror_starts_at_the_peers_height_and_is_fresh_without_reading_anything_else() {
    started();

    assertThat(outcome(mirror.awaitFresh())).isEqualTo(4L);
    assertThat(live.reads).hasValue(0);
  }

  @Test
  void a_consent_is_read_live_once_then_answered_from_memory_until_an_event_changes_it() {
    live.consents.put(
        CONSENT,
        new RegistryLedger.LedgerConsent(CONSENT, "ab".repeat(32), "p", "r", "ConsentGiven"));
    started();

    assertThat(status()).isEqualTo("ConsentGiven");
    assertThat(status()).isEqualTo("ConsentGiven");
    assertThat(live.reads).hasValue(1);

    blocks.commit(consentsChanged(5, "ConsentWithdrawn"));
    eventually(() -> mirror.height() == 6);

    assertThat(status()).isEqualTo("ConsentWithdrawn");
    assertThat(live.reads).hasValue(1);
  }

  @Test
  void a_live_read_that_began_before_an_event_on_its_key_is_not_kept_over_the_event() {
    live.consents.put(
        CONSENT,
        new RegistryLedger.LedgerConsent(CONSENT, "ab".repeat(32), "p", "r", "ConsentGiven"));
    started();
    live.gate = Promise.promise();
    Future<Optional<RegistryLedger.LedgerConsent>> slow = mirror.consent(CONSENT);

    blocks.commit(consentsChanged(5, "ConsentWithdrawn"));
    eventually(() -> mirror.height() == 6);
    live.gate.complete();

    assertThat(await(slow).orElseThrow().status()).isEqualTo("ConsentGiven");
    live.gate = null;
    assertThat(status()).isEqualTo("ConsentWithdrawn");
  }

  @Test
  void participants_come_from_their_events_and_a_did_change_drops_the_kept_document() {
    started();
    blocks.commit(
        event(
            5,
            "ParticipantChanged",
            new JsonObject()
                .put("did", "did:key:zRecipient")
                .put("role", "recipient")
                .put("status", "suspended")));
    eventually(() -> mirror.height() == 6);
    assertThat(await(mirror.participant("did:key:zRecipient")))
        .contains(new RegistryLedger.Participant("did:key:zRecipient", "recipient", "suspended"));
    assertThat(live.reads).hasValue(0);

    Wallet wallet = new Wallet();
    mirror.offer(wallet.did, wallet.document, mirror.stamp());
    assertThat(mirror.document(wallet.did)).isEqualTo(wallet.document);
    blocks.commit(
        event(6, "DidChanged", new JsonObject().put("did", wallet.did).put("operation", "update")));
    eventually(() -> mirror.height() == 7);

    assertThat(mirror.document(wallet.did)).isNull();
  }

  @Test
  void a_document_resolved_before_its_did_changed_is_not_kept() {
    started();
    Wallet wallet = new Wallet();
    long stamp = mirror.stamp();
    blocks.commit(
        event(5, "DidChanged", new JsonObject().put("did", wallet.did).put("operation", "update")));
    eventually(() -> mirror.height() == 6);

    mirror.offer(wallet.did, wallet.document, stamp);

    assertThat(mirror.document(wallet.did)).isNull();
  }

  @Test
  void past_the_bound_a_verification_waits_for_a_probe_and_the_blocks_it_names() {
    started();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    // The peer has committed a block the stream has not delivered yet.
    long peer = blocks.peerHeight.incrementAndGet();
    Future<Long> waiting = mirror.awaitFresh();
    eventually(() -> blocks.heightCalls.get() >= 2);
    blocks.queue.add(new BlockSource.Block(peer - 1, List.of()));

    assertThat(outcome(waiting)).isEqualTo(peer - 1);
  }

  @Test
  void past_the_bound_a_mirror_that_cannot_catch_up_answers_mirror_stale_never_its_old_state() {
    live.consents.put(
        CONSENT,
        new RegistryLedger.LedgerConsent(CONSENT, "ab".repeat(32), "p", "r", "ConsentGiven"));
    started();
    assertThat(status()).isEqualTo("ConsentGiven");
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    // A withdrawal is committed on the peer, but its block never reaches the mirror.
    blocks.peerHeight.incrementAndGet();

    assertThat(outcome(mirror.awaitFresh())).isEqualTo(ProblemCode.MIRROR_STALE);
    assertThat(mirror.stats().stale()).isEqualTo(1);
  }

  @Test
  void past_the_bound_with_the_peer_down_a_verification_answers_mirror_stale() {
    started();
    blocks.down = true;
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());

    assertThat(outcome(mirror.awaitFresh())).isEqualTo(ProblemCode.MIRROR_STALE);
  }

  @Test
  void within_the_bound_no_verification_waits_and_probes_start_at_most_once_per_interval() {
    started();
    for (int i = 0; i < 50; i++) {
      assertThat(outcome(mirror.awaitFresh())).isEqualTo(4L);
    }

    assertThat(mirror.stats().probes()).isEqualTo(1);
  }

  @Test
  void a_block_that_skips_ahead_empties_the_mirror_and_later_lookups_read_live() {
    live.consents.put(
        CONSENT,
        new RegistryLedger.LedgerConsent(CONSENT, "ab".repeat(32), "p", "r", "ConsentGiven"));
    started();
    assertThat(status()).isEqualTo("ConsentGiven");

    blocks.peerHeight.set(9);
    blocks.queue.add(new BlockSource.Block(8, List.of()));
    eventually(() -> mirror.height() == 9);
    live.consents.put(
        CONSENT,
        new RegistryLedger.LedgerConsent(CONSENT, "ab".repeat(32), "p", "r", "ConsentWithdrawn"));

    assertThat(status()).isEqualTo("ConsentWithdrawn");
    assertThat(live.reads).hasValue(2);
  }

  @Test
  void after_a_restart_a_new_mirror_starts_at_the_peers_height_and_reads_what_it_lacks_live() {
    live.consents.put(
        CONSENT,
        new RegistryLedger.LedgerConsent(CONSENT, "ab".repeat(32), "p", "r", "ConsentGiven"));
    started();
    blocks.commit(consentsChanged(5, "ConsentWithdrawn"));
    eventually(() -> mirror.height() == 6);
    mirror.close();
    live.consents.put(
        CONSENT,
        new RegistryLedger.LedgerConsent(CONSENT, "ab".repeat(32), "p", "r", "ConsentWithdrawn"));
    blocks.queue.clear();

    started();

    assertThat(mirror.height()).isEqualTo(6);
    assertThat(status()).isEqualTo("ConsentWithdrawn");
    assertThat(live.reads).hasValue(1);
  }

  @Test
  void a_stream_that_fails_is_reopened_where_it_stopped_and_misses_no_block() {
    started();
    blocks.queue.add(new BlockSource.Block(-1, List.of()));
    blocks.commit(consentsChanged(5, "ConsentWithdrawn"));

    eventually(() -> mirror.height() == 6);
    assertThat(status()).isEqualTo("ConsentWithdrawn");
    assertThat(live.reads).hasValue(0);
  }
}
