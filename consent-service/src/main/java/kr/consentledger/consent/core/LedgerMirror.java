/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import kr.consentledger.consent.BlockSource;
import kr.consentledger.consent.BlockSource.Block;
import kr.consentledger.consent.ConsentEventFeed;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.LedgerChange;
import kr.consentledger.consent.MirrorSettings;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.service.StreamLoop;
import kr.consentledger.wallet.did.DidDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger state a provider verification reads, kept in memory and fed by the channel's blocks:
 * consent records ({@code ConsentsChanged}), the participant registry ({@code ParticipantChanged})
 * and DID documents (invalidated by {@code DidChanged}).
 *
 * <p><b>Height.</b> One thread reads every block of the channel in order (a block stream, not
 * chaincode events, so that blocks without our events count too) and applies its valid
 * transactions' events; {@link #height()} is the number of blocks applied. It starts at the peer's
 * height, with empty tables: a record not in memory is read live from the ledger once (a miss) and
 * kept, unless an event touched its key since the read began (a stripe of keys remembers the height
 * of its last event), so a slow read never overwrites a newer event. Tables are bounded (Caffeine,
 * size-capped); an evicted record is read live again. A block that skips ahead of the stream (a
 * gap) empties the tables and goes on from there.
 *
 * <p><b>Freshness.</b> A probe asks the peer its height ({@code qscc GetChainInfo}); when the
 * mirror has applied that many blocks, everything committed before the probe began is in it, so the
 * mirror is current as of the probe's start ({@link #asOfNanos()}). Verifications call {@link
 * #awaitFresh()}: it starts a probe when the last one is older than the probe interval (so probes
 * run only while verifications arrive, at most one at a time), answers at once while the mirror is
 * current within the maximum lag, and otherwise waits for a probe and the blocks it names, up to
 * the refresh wait; past it the verification fails with {@code MIRROR_STALE} (503). A stale mirror
 * never answers.
 */
public final class LedgerMirror
    implements RegistryLedger, DidKeys.DocumentCache, DidAuthenticator.DidValidity, AutoCloseable {
  /** The participants contract's event: the participant's record. */
  public static final String PARTICIPANT_CHANGED = "ParticipantChanged";

  /** The dids contract's event: {did, operation, versionId}. */
  public static final String DID_CHANGED = "DidChanged";

  private static final Logger LOG = LoggerFactory.getLogger(LedgerMirror.class);
  private static final int STRIPES = 4096;
  private static final int MAX_PENDING_PROBES = 32;

  /** A stream this many blocks behind the peer at (re)open starts again from the peer's height. */
  static final long RESET_AFTER_BLOCKS = 100_000;

  /**
   * Counters since start.
   *
   * @param height blocks applied
   * @param hits lookups answered from memory
   * @param misses lookups read live
   * @param probes height probes made
   * @param stale verifications answered MIRROR_STALE
   */
  public record Stats(long height, long hits, long misses, long probes, long stale) {}

  private final Vertx vertx;
  private final BlockSource source;
  private final RegistryLedger live;
  private final MirrorSettings settings;
  private final LongSupplier nanos;
  private final long maxLagNanos;
  private final long probeIntervalNanos;
  private final Cache<String, Optional<LedgerConsent>> consents;
  private final Cache<String, Optional<Participant>> participants;
  private final Cache<String, DidDocument> documents;
  private final long[] touched = new long[STRIPES];
  private final Object[] locks = new Object[STRIPES];
  private final ArrayDeque<long[]> pendingProbes = new ArrayDeque<>();
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final ExecutorService probeThread;
  private final StreamLoop loop;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder probes = new LongAdder();
  private final LongAdder staleAnswers = new LongAdder();
  private volatile long height = -1;
  private volatile long asOf;
  private volatile long lastProbeStart;
  private volatile long lastProbeAt;
  private volatile long lastProbeHeight = -1;

  private record Waiter(Context context, Promise<Long> promise) {}

  /**
   * A mirror that is not started yet; {@link #start()} starts its thread.
   *
   * @param vertx for timers and the callers' contexts
   * @param source the channel's blocks and height
   * @param live the ledger, read on a miss
   * @param settings the bound, the probe interval and the sizes
   * @param nanos the monotonic clock ({@code System::nanoTime})
   * @param retryDelay the pause before a failed stream is reopened
   */
  public LedgerMirror(
      Vertx vertx,
      BlockSource source,
      RegistryLedger live,
      MirrorSettings settings,
      LongSupplier nanos,
      Duration retryDelay) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.source = Objects.requireNonNull(source, "source");
    this.live = Objects.requireNonNull(live, "live");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanos = Objects.requireNonNull(nanos, "nanos");
    this.maxLagNanos = settings.maxLag().toNanos();
    this.probeIntervalNanos = settings.probeInterval().toNanos();
    this.consents = Caffeine.newBuilder().maximumSize(settings.maxConsents()).build();
    this.participants = Caffeine.newBuilder().maximumSize(settings.maxDids()).build();
    this.documents = Caffeine.newBuilder().maximumSize(settings.maxDids()).build();
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
    long now = nanos.getAsLong();
    this.asOf = now - 2 * maxLagNanos;
    this.lastProbeStart = now - 2 * maxLagNanos;
    this.lastProbeAt = now - 2 * maxLagNanos;
    this.probeThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ledger-mirror-probe");
              t.setDaemon(true);
              return t;
            });
    this.loop = new StreamLoop("ledger-mirror", retryDelay, new Follower());
  }

  /**
   * Starts the stream thread: it reads the peer's height, then follows the blocks from there.
   *
   * @return this mirror
   */
  public LedgerMirror start() {
    loop.start();
    return this;
  }

  /**
   * The number of blocks applied, or -1 before the first height was read.
   *
   * @return the height
   */
  public long height() {
    return height;
  }

  /**
   * When (monotonic nanoseconds) the mirror was last shown current: the start of the latest probe
   * whose height it has reached.
   *
   * @return the time
   */
  public long asOfNanos() {
    return asOf;
  }

  /**
   * The counters.
   *
   * @return a snapshot
   */
  public Stats stats() {
    return new Stats(height, hits.sum(), misses.sum(), probes.sum(), staleAnswers.sum());
  }

  /**
   * Waits until the mirror may answer: current within the maximum lag. Never blocks; completes on
   * the caller's context.
   *
   * @return the last block applied when it may; failed with {@code MIRROR_STALE} after the refresh
   *     wait otherwise
   */
  public Future<Long> awaitFresh() {
    long now = nanos.getAsLong();
    if (now - lastProbeStart >= probeIntervalNanos) {
      probe();
    }
    if (fresh(now)) {
      return Future.succeededFuture(height - 1);
    }
    probe();
    long waitMs = settings.refreshWait().toMillis();
    if (waitMs == 0) {
      staleAnswers.increment();
      return Future.failedFuture(stale());
    }
    Promise<Long> promise = Promise.promise();
    Waiter waiter = new Waiter(vertx.getOrCreateContext(), promise);
    waiters.add(waiter);
    wake();
    long timer =
        vertx.setTimer(
            waitMs,
            id -> {
              waiters.remove(waiter);
              if (!promise.future().isComplete()) {
                staleAnswers.increment();
                promise.tryFail(stale());
              }
            });
    return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private ConsentException stale() {
    return new ConsentException(
        ProblemCode.MIRROR_STALE,
        "the service's view of the ledger is more than "
            + settings.maxLag().toMillis()
            + " ms behind the peer; try again");
  }

  private boolean fresh(long now) {
    long h = height;
    if (h < 0) {
      return false;
    }
    if (now - asOf <= maxLagNanos) {
      return true;
    }
    return settings.maxLagBlocks() > 0
        && now - lastProbeAt <= maxLagNanos
        && lastProbeHeight - h <= settings.maxLagBlocks();
  }

  /** Starts a height probe unless one is running. */
  void probe() {
    if (!loop.running() || !probing.compareAndSet(false, true)) {
      return;
    }
    long started = nanos.getAsLong();
    lastProbeStart = started;
    probes.increment();
    try {
      probeThread.execute(
          () -> {
            try {
              probed(started, source.height());
            } catch (Exception e) {
              LOG.debug("ledger mirror: height probe failed: {}", e.toString());
            } finally {
              probing.set(false);
            }
          });
    } catch (RuntimeException e) {
      probing.set(false);
    }
  }

  private void probed(long startedAt, long peerHeight) {
    synchronized (pendingProbes) {
      lastProbeAt = startedAt;
      lastProbeHeight = peerHeight;
      if (height >= 0 && peerHeight <= height) {
        advance(startedAt);
      } else {
        if (pendingProbes.size() >= MAX_PENDING_PROBES) {
          pendingProbes.removeFirst();
        }
        pendingProbes.addLast(new long[] {startedAt, peerHeight});
      }
    }
    wake();
  }

  private void advance(long startedAt) {
    if (startedAt - asOf > 0) {
      asOf = startedAt;
    }
  }

  private void applied(long newHeight) {
    synchronized (pendingProbes) {
      while (!pendingProbes.isEmpty() && pendingProbes.peekFirst()[1] <= newHeight) {
        advance(pendingProbes.removeFirst()[0]);
      }
    }
    wake();
  }

  private void wake() {
    if (waiters.isEmpty() || !fresh(nanos.getAsLong())) {
      return;
    }
    long block = height - 1;
    Waiter w;
    while ((w = waiters.poll()) != null) {
      Promise<Long> p = w.promise();
      w.context().runOnContext(v -> p.tryComplete(block));
    }
  }

  /** Reads the peer's height, then follows the blocks from there. */
  private final class Follower implements StreamLoop.Session {
    @Override
    public void follow(StreamLoop loop) throws Exception {
      long started = nanos.getAsLong();
      long peer = source.height();
      if (height < 0 || peer - height > RESET_AFTER_BLOCKS) {
        reset(peer, "start at the peer's height " + peer);
      }
      probed(started, peer);
      try (BlockSource.Stream blocks = loop.track(source.open(height))) {
        LOG.info("ledger mirror: following blocks from {}", height);
        while (loop.running() && blocks.hasNext()) {
          apply(blocks.next());
        }
      }
    }

    @Override
    public void failed(Exception failure) {
      LOG.warn(
          "ledger mirror: block stream failed, reopening at block {}: {}",
          height,
          failure.toString());
    }
  }

  /**
   * Applies one block. Public for tests; the stream thread is the only production caller.
   *
   * @param block the block
   */
  public void apply(Block block) {
    if (height >= 0 && block.number() < height) {
      return;
    }
    if (height < 0 || block.number() > height) {
      reset(block.number(), "a gap: block " + block.number() + " after " + (height - 1));
    }
    long next = block.number() + 1;
    for (ConsentEventFeed.Event event : block.events()) {
      try {
        switch (event.name()) {
          case ConsentEventListener.EVENT_NAME -> {
            java.util.Map<String, java.time.Instant> anchoredAt =
                ConsentEventListener.anchoredAt(event);
            for (LedgerChange c : ConsentEventListener.changes(event)) {
              LedgerConsent record =
                  new LedgerConsent(
                      c.consentId(),
                      c.credentialHash(),
                      c.terms().provider(),
                      c.terms().recipient(),
                      c.status().jsonName(),
                      anchoredAt.get(c.consentId()),
                      c.terms().subject(),
                      c.terms().validFrom(),
                      c.terms().validUntil());
              touch(c.consentId(), next, () -> consents.put(c.consentId(), Optional.of(record)));
            }
          }
          case PARTICIPANT_CHANGED -> {
            JsonObject p = new JsonObject(Buffer.buffer(event.payload()));
            String did = p.getString("did");
            Participant record = new Participant(did, p.getString("role"), p.getString("status"));
            touch(did, next, () -> participants.put(did, Optional.of(record)));
          }
          case DID_CHANGED -> {
            String did = new JsonObject(Buffer.buffer(event.payload())).getString("did");
            touch(did, next, () -> documents.invalidate(did));
          }
          default -> {
            // not read by verifications
          }
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "ledger mirror: skipped a malformed {} event in tx {}",
            event.name(),
            event.transactionId());
      }
    }
    height = next;
    applied(next);
  }

  private void reset(long newHeight, String why) {
    LOG.info("ledger mirror: emptied at height {} ({})", newHeight, why);
    for (int i = 0; i < STRIPES; i++) {
      synchronized (locks[i]) {
        touched[i] = newHeight;
      }
    }
    consents.invalidateAll();
    participants.invalidateAll();
    documents.invalidateAll();
    height = newHeight;
  }

  private void touch(String key, long newHeight, Runnable change) {
    int s = stripe(key);
    synchronized (locks[s]) {
      touched[s] = newHeight;
      change.run();
    }
  }

  /** Keeps a value read live when no event touched its key since the read began. */
  private void offer(String key, long stamp, Runnable put) {
    if (stamp < 0) {
      return;
    }
    int s = stripe(key);
    synchronized (locks[s]) {
      if (touched[s] <= stamp) {
        put.run();
      }
    }
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  @Override
  public Future<Optional<Participant>> participant(String did) {
    Optional<Participant> hit = participants.getIfPresent(did);
    if (hit != null) {
      hits.increment();
      return Future.succeededFuture(hit);
    }
    misses.increment();
    long stamp = height;
    return live.participant(did).onSuccess(v -> offer(did, stamp, () -> participants.put(did, v)));
  }

  @Override
  public Future<Optional<LedgerConsent>> consent(String consentId) {
    Optional<LedgerConsent> hit = consents.getIfPresent(consentId);
    if (hit != null) {
      hits.increment();
      return Future.succeededFuture(hit);
    }
    misses.increment();
    long stamp = height;
    return live.consent(consentId)
        .onSuccess(v -> offer(consentId, stamp, () -> consents.put(consentId, v)));
  }

  @Override
  public DidDocument document(String did) {
    DidDocument doc = documents.getIfPresent(did);
    if (doc != null) {
      hits.increment();
    } else {
      misses.increment();
    }
    return doc;
  }

  @Override
  public long stamp() {
    return height;
  }

  @Override
  public boolean unchanged(String did, long stamp) {
    long now = nanos.getAsLong();
    if (now - lastProbeStart >= probeIntervalNanos) {
      probe();
    }
    if (stamp < 0 || !fresh(now)) {
      return false;
    }
    int s = stripe(did);
    synchronized (locks[s]) {
      return touched[s] <= stamp;
    }
  }

  @Override
  public void offer(String did, DidDocument document, long stamp) {
    offer(did, stamp, () -> documents.put(did, document));
  }

  /** Stops the threads and closes the stream; waits up to five seconds for the stream thread. */
  @Override
  public void close() {
    loop.close();
    probeThread.shutdownNow();
  }
}
