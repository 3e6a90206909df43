/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import kr.consentledger.consent.ConsentLedger;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentStorage;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.OutboxItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves outbox items to the ledger: claims a batch of one kind, submits it as ONE transaction,
 * records its id, waits for the commit and completes each item from its result. {@code unchanged}
 * counts as done, so resubmitting after a crash is harmless.
 *
 * <p><b>Pipelined.</b> Up to {@link Pipeline#window()} transactions are in flight at once: as soon
 * as one batch is submitted the next can be claimed, without waiting for the previous commit (each
 * consent has its own ledger key, so concurrent batches do not conflict). The claim statement never
 * hands out an anchor or revocation while another statement of the same consent is in flight or
 * older and waiting ({@link kr.consentledger.consent.Outbox#claim}), and this processor drops from
 * a batch any item or consent it already has in flight, so a consent's statements reach the ledger
 * one transaction at a time and in order. Kinds take turns (anchors, revocations, receipts), so
 * none starves the others.
 *
 * <p><b>Woken by work.</b> {@link #signal()} (called by the acceptance paths after they stored an
 * item) starts a claim once a full batch is waiting or after {@link Pipeline#linger()}, whichever
 * comes first; a full batch claimed is followed at once by another claim while the window has room;
 * a completed transaction frees its slot and claims again. The periodic {@code interval} poll only
 * catches what no signal announced (items of another instance, expired leases).
 *
 * <p>Only the chaincode's verdict rejects an item: its per-statement result, or its refusal of a
 * batch of one statement ({@link LedgerException.Kind#CHAINCODE_REFUSED}). A batch of several that
 * the chaincode refuses as a whole is split in halves until the refusal names one statement. Every
 * other failure (an unavailable peer, orderer, gateway or chaincode server, a deadline, an MVCC
 * conflict, an answer we do not understand) puts the items back to pending, however long it lasts.
 *
 * <p>Runs on the event loop of the Vert.x instance it was started on (all its state is confined to
 * that context). After a failed batch or claim (the ledger or the database did not answer), no new
 * claim starts for {@link #backoff}, doubling with every further failure up to {@link
 * #MAX_BACKOFF}; a success resets it. Items are never given up: they stay pending until the ledger
 * takes them.
 */
public final class OutboxProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxProcessor.class);

  /** The longest pause after failed runs. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /**
   * How many transactions may be in flight and how long a signal waits for more work.
   *
   * @param window the most transactions submitted and not yet completed, 1 or more
   * @param linger how long a signal waits for a batch to fill before claiming what is there; zero
   *     claims at once
   */
  public record Pipeline(int window, Duration linger) {
    /** One transaction at a time, no linger: the behaviour before pipelining. */
    public static final Pipeline SERIAL = new Pipeline(1, Duration.ZERO);

    /** Checks ranges. */
    public Pipeline {
      Objects.requireNonNull(linger, "linger");
      if (window < 1 || window > 256) {
        throw new IllegalArgumentException("window must be 1 to 256, not " + window);
      }
      if (linger.isNegative()) {
        throw new IllegalArgumentException("linger must not be negative");
      }
    }
  }

  private static final OutboxItem.Kind[] KINDS = OutboxItem.Kind.values();

  private final Vertx vertx;
  private final Context context;
  private final ConsentStorage storage;
  private final ConsentLedger ledger;
  private final int batchSize;
  private final Duration interval;
  private final Duration lease;
  private final Duration commitHold;
  private final Pipeline pipeline;
  private final OutboxBacklog backlog;
  private long timer = -1;
  private long lingerTimer = -1;
  private boolean claiming;
  private boolean wanted;
  private int signalled;
  private final AtomicInteger inFlight = new AtomicInteger();
  private int nextKind;
  private boolean closed;
  private boolean started;
  private int failures;
  private long notBeforeNanos;
  private final Set<Long> idsInFlight = new HashSet<>();
  private final Set<String> consentsInFlight = new HashSet<>();
  private final Set<Long> stranded = new LinkedHashSet<>();

  /**
   * One transaction at a time ({@link Pipeline#SERIAL}).
   *
   * @param vertx the Vert.x instance whose context runs the processor
   * @param storage the database
   * @param ledger the ledger
   * @param batchSize the most statements per transaction (1 to 500)
   * @param interval the pause between polls
   * @param lease how long a claim holds before another processor may take the item
   */
  public OutboxProcessor(
      Vertx vertx,
      ConsentStorage storage,
      ConsentLedger ledger,
      int batchSize,
      Duration interval,
      Duration lease) {
    this(vertx, storage, ledger, batchSize, interval, lease, Duration.ZERO);
  }

  /**
   * As above, with fault injection for crash tests.
   *
   * @param commitHold how long to wait between recording a submitted transaction and awaiting its
   *     commit: a window in which a test kills the process; zero in production
   */
  public OutboxProcessor(
      Vertx vertx,
      ConsentStorage storage,
      ConsentLedger ledger,
      int batchSize,
      Duration interval,
      Duration lease,
      Duration commitHold) {
    this(vertx, storage, ledger, batchSize, interval, lease, commitHold, Pipeline.SERIAL, null);
  }

  /**
   * A pipelined processor.
   *
   * @param vertx the Vert.x instance whose context runs the processor
   * @param storage the database
   * @param ledger the ledger
   * @param batchSize the most statements per transaction (1 to 500)
   * @param interval the pause between polls
   * @param lease how long a claim holds before another processor may take the item
   * @param commitHold fault injection (see above); zero in production
   * @param pipeline the window and the linger
   * @param backlog told what is waiting and what was completed, for admission control; or null
   */
  public OutboxProcessor(
      Vertx vertx,
      ConsentStorage storage,
      ConsentLedger ledger,
      int batchSize,
      Duration interval,
      Duration lease,
      Duration commitHold,
      Pipeline pipeline,
      OutboxBacklog backlog) {
    this.commitHold = Objects.requireNonNull(commitHold, "commitHold");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    // Every run, timer and signal goes through this one context: the state below is confined to it.
    this.context = vertx.getOrCreateContext();
    this.storage = Objects.requireNonNull(storage, "storage");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    if (batchSize < 1 || batchSize > 500) {
      throw new IllegalArgumentException("batchSize must be 1 to 500");
    }
    this.batchSize = batchSize;
    this.interval = Objects.requireNonNull(interval, "interval");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.backlog = backlog;
  }

  /**
   * Releases items a previous run left submitted, then starts polling.
   *
   * @return done when polling has started
   */
  public Future<Void> start() {
    return storage
        .stores()
        .outbox()
        .releaseAllSubmitted()
        .map(
            released -> {
              if (released > 0) {
                LOG.info(
                    "outbox: {} item(s) left submitted by a previous run will be resubmitted",
                    released);
              }
              context.runOnContext(
                  v -> {
                    started = true;
                    timer =
                        vertx.setPeriodic(
                            interval.toMillis(),
                            id -> {
                              countBacklog();
                              claimSoon(true);
                            });
                    countBacklog();
                    claimSoon(true);
                  });
              return null;
            });
  }

  /**
   * Says that one item was added: a claim starts once a batch's worth was signalled, or after the
   * linger. Safe to call from any thread.
   */
  public void signal() {
    if (backlog != null) {
      backlog.added(1);
    }
    context.runOnContext(
        v -> {
          signalled++;
          claimSoon(signalled >= batchSize || pipeline.linger().isZero());
        });
  }

  /**
   * How many transactions are in flight now (for tests and diagnostics; read on the processor's
   * context for an exact value).
   *
   * @return submitted and not yet completed
   */
  public int inFlight() {
    return inFlight.get();
  }

  private void countBacklog() {
    if (backlog == null || closed) {
      return;
    }
    storage.stores().outbox().countWaiting().onSuccess(backlog::observe);
  }

  /** Claims now ({@code now}) or after the linger, unless closed or backing off. */
  private void claimSoon(boolean now) {
    if (closed || !started) {
      return; // a signal before start() is served by start's own claim
    }
    if (!now) {
      if (lingerTimer < 0) {
        lingerTimer =
            vertx.setTimer(
                Math.max(1, pipeline.linger().toMillis()),
                id -> {
                  lingerTimer = -1;
                  claimSoon(true);
                });
      }
      return;
    }
    if (lingerTimer >= 0) {
      vertx.cancelTimer(lingerTimer);
      lingerTimer = -1;
    }
    if (claiming || inFlight.get() >= pipeline.window()) {
      wanted = true; // claimed again when the claim returns or a slot frees
      return;
    }
    if (failures > 0 && System.nanoTime() - notBeforeNanos < 0) {
      return; // backing off; the periodic timer tries again
    }
    claiming = true;
    wanted = false;
    signalled = 0;
    releaseStranded()
        .compose(v -> claimNext(0))
        .onComplete(
            ar -> {
              claiming = false;
              if (ar.failed()) {
                backOff(ar.cause());
                return;
              }
              List<OutboxItem> items = ar.result();
              if (items.isEmpty()) {
                if (wanted) {
                  claimSoon(true);
                }
                return;
              }
              inFlight.incrementAndGet();
              items.forEach(this::hold);
              process(items)
                  .onComplete(
                      done -> {
                        inFlight.decrementAndGet();
                        items.forEach(this::unhold);
                        if (done.failed()) {
                          backOff(done.cause());
                        } else {
                          failures = 0;
                          if (backlog != null) {
                            backlog.drained(items.size());
                          }
                        }
                        claimSoon(true);
                      });
              if (items.size() >= batchSize || wanted) {
                claimSoon(
                    true); // more is waiting: claim the next batch while this one is in flight
              }
            });
  }

  private void backOff(Throwable cause) {
    failures++;
    Duration pause = backoff(interval, failures);
    notBeforeNanos = System.nanoTime() + pause.toNanos();
    LOG.warn(
        "outbox: run failed ({} in a row), no new claim for {} ms: {}",
        failures,
        pause.toMillis(),
        cause.toString());
  }

  private void hold(OutboxItem item) {
    idsInFlight.add(item.id());
    if (item.kind() != OutboxItem.Kind.RECEIPT) {
      consentsInFlight.add(item.consentId());
    }
  }

  private void unhold(OutboxItem item) {
    idsInFlight.remove(item.id());
    if (item.kind() != OutboxItem.Kind.RECEIPT) {
      consentsInFlight.remove(item.consentId());
    }
  }

  /** Claims a batch of the next kind that has work, starting after the last kind claimed. */
  private Future<List<OutboxItem>> claimNext(int tried) {
    if (tried == KINDS.length) {
      return Future.succeededFuture(List.of());
    }
    OutboxItem.Kind kind = KINDS[(nextKind + tried) % KINDS.length];
    return claim(kind)
        .compose(this::withoutInFlight)
        .compose(
            items -> {
              if (items.isEmpty()) {
                return claimNext(tried + 1);
              }
              nextKind = (nextKind + tried + 1) % KINDS.length;
              return Future.succeededFuture(items);
            });
  }

  /**
   * Drops from a fresh claim what this processor already has in flight: an item whose lease ran out
   * while its transaction is still pending here stays with that transaction; an anchor or
   * revocation of a consent already in flight (or twice in the batch) goes back to pending, to be
   * claimed once the consent's transaction completed.
   */
  private Future<List<OutboxItem>> withoutInFlight(List<OutboxItem> claimed) {
    List<OutboxItem> kept = new ArrayList<>(claimed.size());
    List<Long> back = new ArrayList<>();
    Set<String> consents = new HashSet<>();
    for (OutboxItem item : claimed) {
      if (idsInFlight.contains(item.id())) {
        continue;
      }
      boolean keyed = item.kind() != OutboxItem.Kind.RECEIPT;
      if (keyed
          && (consentsInFlight.contains(item.consentId()) || !consents.add(item.consentId()))) {
        back.add(item.id());
      } else {
        kept.add(item);
      }
    }
    if (back.isEmpty()) {
      return Future.succeededFuture(kept);
    }
    return storage.stores().outbox().release(back, "CONSENT_IN_FLIGHT").map(kept);
  }

  /**
   * The pause after {@code failures} failed runs in a row: {@code interval × 2^failures}, at most
   * {@link #MAX_BACKOFF} (and never less than {@code interval}).
   *
   * @param interval the poll interval
   * @param failures failed runs in a row, 1 or more
   * @return the pause
   */
  static Duration backoff(Duration interval, int failures) {
    long max = Math.max(MAX_BACKOFF.toMillis(), interval.toMillis());
    long millis = interval.toMillis() << Math.min(failures, 20);
    return Duration.ofMillis(millis <= 0 || millis > max ? max : millis);
  }

  /**
   * Processes at most one batch, outside the pipeline: anchors if any are claimable, else
   * revocations, else receipts. For tests and tools; the pipeline runs after {@link #start}.
   *
   * @return how many items the batch had (0 when there was nothing to do)
   */
  public Future<Integer> runOnce() {
    return releaseStranded()
        .compose(v -> claim(OutboxItem.Kind.ANCHOR))
        .compose(
            items ->
                items.isEmpty() ? claim(OutboxItem.Kind.REVOKE) : Future.succeededFuture(items))
        .compose(
            items ->
                items.isEmpty() ? claim(OutboxItem.Kind.RECEIPT) : Future.succeededFuture(items))
        .compose(
            items ->
                items.isEmpty() ? Future.succeededFuture(0) : process(items).map(items.size()));
  }

  /**
   * Puts back to pending the items of failed batches that could not be released at the time (the
   * database was down too), so that they need not wait for their lease to run out.
   */
  private Future<Void> releaseStranded() {
    List<Long> ids;
    synchronized (stranded) {
      if (stranded.isEmpty()) {
        return Future.succeededFuture();
      }
      ids = List.copyOf(stranded);
    }
    return storage
        .stores()
        .outbox()
        .release(ids, "RELEASED_AFTER_FAULT")
        .onSuccess(
            v -> {
              synchronized (stranded) {
                ids.forEach(stranded::remove);
              }
              LOG.info("outbox: {} item(s) of failed batches put back to pending", ids.size());
            });
  }

  private Future<Void> release(List<Long> ids, String code, Throwable cause) {
    Promise<Void> released = Promise.promise();
    storage
        .stores()
        .outbox()
        .release(ids, code)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                synchronized (stranded) {
                  stranded.addAll(ids);
                }
              }
              released.fail(cause);
            });
    return released.future();
  }

  private Future<List<OutboxItem>> claim(OutboxItem.Kind kind) {
    // One statement: atomic on its own, no transaction round trips.
    return storage.stores().outbox().claim(kind, batchSize, lease);
  }

  private Future<Void> process(List<OutboxItem> items) {
    OutboxItem.Kind kind = items.get(0).kind();
    List<String> statements = items.stream().map(OutboxItem::statement).toList();
    List<Long> ids = items.stream().map(OutboxItem::id).toList();
    return ledger
        .submit(kind, statements)
        .compose(
            submitted ->
                storage
                    .stores()
                    .outbox()
                    .recordTransaction(ids, submitted.transactionId())
                    .compose(
                        v ->
                            commitHold.isZero()
                                ? Future.succeededFuture()
                                : vertx.timer(commitHold.toMillis()))
                    .compose(v -> ledger.awaitCommit(submitted)))
        .compose(result -> complete(items, result))
        .recover(
            e -> {
              if (e instanceof LedgerException le && !le.retryable() && items.size() > 1) {
                // One statement the chaincode cannot take must not cost the others their place:
                // split until the refusal names a single item.
                LOG.warn(
                    "outbox: the chaincode refused a {} batch of {} as a whole ({}); splitting it",
                    kind,
                    items.size(),
                    le.code());
                return split(items);
              }
              return failed(items, ids, e);
            });
  }

  private Future<Void> split(List<OutboxItem> items) {
    int half = items.size() / 2;
    List<OutboxItem> first = items.subList(0, half);
    List<OutboxItem> second = items.subList(half, items.size());
    return process(first)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                return process(second);
              }
              return release(second.stream().map(OutboxItem::id).toList(), "SPLIT", ar.cause());
            });
  }

  private Future<Void> complete(List<OutboxItem> items, ConsentLedger.BatchResult result) {
    if (result.results().size() != items.size()) {
      return Future.failedFuture(
          new LedgerException(
              LedgerException.Kind.UNEXPECTED_ANSWER,
              "RESULT_MISMATCH",
              result.transactionId(),
              "the chaincode answered "
                  + result.results().size()
                  + " results for "
                  + items.size()
                  + " statements",
              null));
    }
    List<ConsentStorage.Completion> completions = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      OutboxItem item = items.get(i);
      ConsentLedger.ItemResult r = result.results().get(i);
      if (r.outcome() == ConsentLedger.Outcome.REJECTED) {
        if (item.kind() == OutboxItem.Kind.RECEIPT) {
          LOG.warn(
              "outbox: receipt for consent {} rejected by the chaincode: {}",
              item.consentId(),
              r.code());
        }
        completions.add(
            new ConsentStorage.Completion(item, OutboxItem.State.REJECTED, r.code(), null));
      } else {
        // UNCHANGED: an earlier transaction made the change; its event carries the record.
        // Receipts reach the read model only through ReceiptsRecorded events.
        ConsentStatus status =
            switch (r.outcome()) {
              case ANCHORED -> ConsentStatus.CONSENT_GIVEN;
              case REVOKED -> ConsentStatus.CONSENT_WITHDRAWN;
              default -> null;
            };
        completions.add(new ConsentStorage.Completion(item, OutboxItem.State.DONE, null, status));
      }
    }
    return storage.completeBatch(result.transactionId(), result.blockNumber(), completions);
  }

  private Future<Void> failed(List<OutboxItem> items, List<Long> ids, Throwable e) {
    if (e instanceof LedgerException le && !le.retryable()) {
      // Only the chaincode's verdict on this one statement rejects it.
      LOG.error(
          "outbox: the chaincode refused a {} statement on its own ({}); item rejected: {}",
          items.get(0).kind(),
          le.code(),
          le.getMessage());
      List<ConsentStorage.Completion> rejected = new ArrayList<>(items.size());
      items.forEach(
          item ->
              rejected.add(
                  new ConsentStorage.Completion(item, OutboxItem.State.REJECTED, le.code(), null)));
      return storage
          .completeBatch(le.transactionId(), null, rejected)
          .recover(dbFailure -> release(ids, le.code(), dbFailure));
    }
    String code = e instanceof LedgerException le ? le.code() : "LEDGER_FAILURE";
    String kind = e instanceof LedgerException le ? le.kind().name() : e.getClass().getSimpleName();
    LOG.warn(
        "outbox: {} batch of {} stays pending and will be retried ({}, {}): {}",
        items.get(0).kind(),
        ids.size(),
        kind,
        code,
        e.getMessage());
    return release(ids, code, e);
  }

  /** Stops polling; batches in flight complete. */
  @Override
  public void close() {
    context.runOnContext(
        v -> {
          closed = true;
          if (timer >= 0) {
            vertx.cancelTimer(timer);
          }
          if (lingerTimer >= 0) {
            vertx.cancelTimer(lingerTimer);
          }
        });
  }
}
