package kr.consentledger.consent.core;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.ConsentLedger;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentStorage;
import kr.consentledger.consent.LedgerChange;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.OutboxItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves outbox items to the ledger: claims up to a batch of one kind (anchors first), submits them
 * as ONE transaction, records its id, waits for the commit and completes each item from its
 * result. {@code unchanged} counts as done, so resubmitting after a crash is harmless.
 *
 * <p>Only the chaincode's verdict rejects an item: its per-statement result, or its refusal of a
 * batch of one statement ({@link LedgerException.Kind#CHAINCODE_REFUSED}). A batch of several that
 * the chaincode refuses as a whole is split in halves until the refusal names one statement. Every
 * other failure (an unavailable peer, orderer, gateway or chaincode server, a deadline, an MVCC
 * conflict, an answer we do not understand) puts the items back to pending, however long it
 * lasts.
 *
 * <p>Runs on the event loop of the Vert.x instance it was started on; at most one batch is in
 * flight. It runs every {@code interval} and whenever {@link #signal()} is called. After a run
 * that failed (the ledger or the database did not answer), it waits {@link #backoff} before the
 * next one, doubling with every further failure up to {@link #MAX_BACKOFF}; a run that succeeds
 * resets it. Items are never given up: they stay pending until the ledger takes them.
 */
public final class OutboxProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxProcessor.class);

  /** The longest pause after failed runs. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final ConsentStorage storage;
  private final ConsentLedger ledger;
  private final int batchSize;
  private final Duration interval;
  private final Duration lease;
  private final Duration commitHold;
  private long timer = -1;
  private boolean running;
  private boolean again;
  private boolean closed;
  private int failures;
  private long notBeforeNanos;
  private final java.util.Set<Long> stranded = new java.util.LinkedHashSet<>();

  /**
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
    this.commitHold = Objects.requireNonNull(commitHold, "commitHold");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    if (batchSize < 1 || batchSize > 500) {
      throw new IllegalArgumentException("batchSize must be 1 to 500");
    }
    this.batchSize = batchSize;
    this.interval = Objects.requireNonNull(interval, "interval");
    this.lease = Objects.requireNonNull(lease, "lease");
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
                LOG.info("outbox: {} item(s) left submitted by a previous run will be resubmitted", released);
              }
              timer = vertx.setPeriodic(interval.toMillis(), id -> signal());
              signal();
              return null;
            });
  }

  /** Asks for a run soon; safe to call from any thread. */
  public void signal() {
    vertx.runOnContext(v -> trigger());
  }

  private void trigger() {
    if (closed) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    if (failures > 0 && System.nanoTime() - notBeforeNanos < 0) {
      return; // backing off; the periodic timer tries again
    }
    running = true;
    again = false;
    drain()
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed()) {
                failures++;
                Duration pause = backoff(interval, failures);
                notBeforeNanos = System.nanoTime() + pause.toNanos();
                LOG.warn("outbox: run failed ({} in a row), next try in {} ms: {}",
                    failures, pause.toMillis(), ar.cause().toString());
              } else {
                failures = 0;
                if (again) {
                  trigger();
                }
              }
            });
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

  private Future<Void> drain() {
    return runOnce()
        .compose(n -> n == batchSize && !closed ? drain() : Future.succeededFuture());
  }

  /**
   * Processes at most one batch: anchors if any are claimable, else revocations.
   *
   * @return how many items the batch had (0 when there was nothing to do)
   */
  public Future<Integer> runOnce() {
    return releaseStranded()
        .compose(v -> claim(OutboxItem.Kind.ANCHOR))
        .compose(items -> items.isEmpty() ? claim(OutboxItem.Kind.REVOKE) : Future.succeededFuture(items))
        .compose(items -> items.isEmpty() ? claim(OutboxItem.Kind.RECEIPT) : Future.succeededFuture(items))
        .compose(items -> items.isEmpty() ? Future.succeededFuture(0) : process(items).map(items.size()));
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
    return storage.inTransaction(stores -> stores.outbox().claim(kind, batchSize, lease));
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
                    .compose(v -> commitHold.isZero() ? Future.succeededFuture() : vertx.timer(commitHold.toMillis()))
                    .compose(v -> ledger.awaitCommit(submitted)))
        .compose(result -> complete(items, result))
        .recover(
            e -> {
              if (e instanceof LedgerException le && !le.retryable() && items.size() > 1) {
                // One statement the chaincode cannot take must not cost the others their place:
                // split until the refusal names a single item.
                LOG.warn("outbox: the chaincode refused a {} batch of {} as a whole ({}); splitting it",
                    kind, items.size(), le.code());
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
              "the chaincode answered " + result.results().size() + " results for " + items.size() + " statements",
              null));
    }
    return storage.inTransaction(
        stores -> {
          Future<Void> chain = Future.succeededFuture();
          for (int i = 0; i < items.size(); i++) {
            OutboxItem item = items.get(i);
            ConsentLedger.ItemResult r = result.results().get(i);
            chain = chain.compose(v -> completeItem(stores, item, r, result));
          }
          return chain;
        });
  }

  private Future<Void> completeItem(
      ConsentStorage.Stores stores,
      OutboxItem item,
      ConsentLedger.ItemResult r,
      ConsentLedger.BatchResult batch) {
    if (item.kind() == OutboxItem.Kind.RECEIPT) {
      // Receipts reach the read model only through ReceiptsRecorded events.
      if (r.outcome() == ConsentLedger.Outcome.REJECTED) {
        LOG.warn("outbox: receipt for consent {} rejected by the chaincode: {}", item.consentId(), r.code());
        return stores.outbox().complete(item.id(), OutboxItem.State.REJECTED, r.code());
      }
      return stores.outbox().complete(item.id(), OutboxItem.State.DONE, null);
    }
    if (r.outcome() == ConsentLedger.Outcome.REJECTED) {
      Future<Void> state =
          item.kind() == OutboxItem.Kind.ANCHOR
              ? stores.readModel().markRejected(item.consentId(), r.code(), batch.transactionId())
              : stores.readModel().markRevocation(item.consentId(), "rejected", r.code());
      return stores.outbox().complete(item.id(), OutboxItem.State.REJECTED, r.code()).compose(v -> state);
    }
    Future<Void> done = stores.outbox().complete(item.id(), OutboxItem.State.DONE, null);
    if (r.outcome() == ConsentLedger.Outcome.UNCHANGED) {
      // The change was made by an earlier transaction; its event carries the record.
      return done;
    }
    ConsentStatus status =
        r.outcome() == ConsentLedger.Outcome.ANCHORED ? ConsentStatus.CONSENT_GIVEN : ConsentStatus.CONSENT_WITHDRAWN;
    return done.compose(v -> stores.readModel().find(item.consentId()))
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture();
              }
              var s = found.get();
              return stores
                  .readModel()
                  .apply(
                      new LedgerChange(
                          s.consentId(),
                          s.credentialHash(),
                          s.subject(),
                          s.provider(),
                          s.recipient(),
                          s.validFrom(),
                          s.validUntil(),
                          status,
                          batch.transactionId(),
                          batch.blockNumber()));
            });
  }

  private Future<Void> failed(List<OutboxItem> items, List<Long> ids, Throwable e) {
    if (e instanceof LedgerException le && !le.retryable()) {
      // Only the chaincode's verdict on this one statement rejects it.
      LOG.error("outbox: the chaincode refused a {} statement on its own ({}); item rejected: {}",
          items.get(0).kind(), le.code(), le.getMessage());
      return storage.inTransaction(
          stores -> {
            Future<Void> chain = Future.succeededFuture();
            for (OutboxItem item : items) {
              chain =
                  chain.compose(v -> stores.outbox().complete(item.id(), OutboxItem.State.REJECTED, le.code()))
                      .compose(
                          v ->
                              item.kind() == OutboxItem.Kind.RECEIPT
                                  ? Future.<Void>succeededFuture()
                                  : item.kind() == OutboxItem.Kind.ANCHOR
                                  ? stores.readModel().markRejected(item.consentId(), le.code(), le.transactionId())
                                  : stores.readModel().markRevocation(item.consentId(), "rejected", le.code()));
            }
            return chain;
          })
          .recover(dbFailure -> release(ids, le.code(), dbFailure));
    }
    String code = e instanceof LedgerException le ? le.code() : "LEDGER_FAILURE";
    String kind = e instanceof LedgerException le ? le.kind().name() : e.getClass().getSimpleName();
    LOG.warn("outbox: {} batch of {} stays pending and will be retried ({}, {}): {}",
        items.get(0).kind(), ids.size(), kind, code, e.getMessage());
    return release(ids, code, e);
  }

  /** Stops polling; a batch in flight completes. */
  @Override
  public void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
