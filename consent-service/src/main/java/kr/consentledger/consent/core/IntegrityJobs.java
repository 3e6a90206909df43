/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import kr.consentledger.consent.AuditStore;
import kr.consentledger.consent.IntegrityJob;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.wallet.credential.ConsentCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrity check as a background job (issue 9): it reads the stored credentials one page at a
 * time (keyset pagination on the consent id, at most {@link #MAX_PAGE_SIZE} a page), reads the
 * ledger record of each, {@link #LEDGER_PARALLELISM} at a time, and writes the page's progress and
 * mismatches to the store before it reads the next page. Nothing holds more than one page, so a
 * table of any size is checked in bounded memory.
 *
 * <p>At most one job runs per service; asking for another while one runs gives the running one. A
 * page whose reads fail is tried again with a doubling pause ({@link #RETRY_DELAYS_MS}); after the
 * last the job ends {@code failed}. A job running when the service stops is marked {@code
 * interrupted} by {@link #recover()} at the next start; it is not resumed.
 */
public final class IntegrityJobs {
  /** The largest page of credentials a job reads, and of mismatches a report page shows. */
  public static final int MAX_PAGE_SIZE = 500;

  /** How many ledger reads a job runs at once. */
  public static final int LEDGER_PARALLELISM = 8;

  /** The pauses before each new try of a failed page; then the job fails. */
  static final long[] RETRY_DELAYS_MS = {1000, 2000, 4000, 8000, 16000};

  private static final Logger LOG = LoggerFactory.getLogger(IntegrityJobs.class);

  private final Vertx vertx;
  private final RegistryLedger registry;
  private final AuditStore store;
  private final Clock clock;
  private final int pageSize;
  private final long[] retryDelaysMs;
  private final AtomicReference<String> running = new AtomicReference<>();

  /**
   * @param vertx the Vert.x instance whose timers pace retries
   * @param registry the ledger's consent records
   * @param store the credentials, and where jobs are kept
   * @param clock the clock jobs are stamped with
   * @param pageSize credentials per page, 1 to {@link #MAX_PAGE_SIZE}
   */
  public IntegrityJobs(
      Vertx vertx, RegistryLedger registry, AuditStore store, Clock clock, int pageSize) {
    this(vertx, registry, store, clock, pageSize, RETRY_DELAYS_MS);
  }

  /** As the public constructor, with other pauses between tries of a failed page (for tests). */
  IntegrityJobs(
      Vertx vertx,
      RegistryLedger registry,
      AuditStore store,
      Clock clock,
      int pageSize,
      long[] retryDelaysMs) {
    this.retryDelaysMs = retryDelaysMs.clone();
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE);
    }
    this.pageSize = pageSize;
  }

  /**
   * Marks the jobs a previous run of the service left running as interrupted. Call once at
   * start-up, before any job starts.
   *
   * @return how many were marked
   */
  public Future<Integer> recover() {
    return store
        .interruptRunningJobs()
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.warn(
                    "integrity: {} job(s) left running by the previous run marked interrupted", n);
              }
            });
  }

  /**
   * Starts a job, or gives the running one.
   *
   * @param caller the auditor
   * @return the job as recorded when it started (or the running job now)
   */
  public Future<IntegrityJob> start(String caller) {
    String current = running.get();
    if (current != null) {
      return store
          .job(current)
          .compose(j -> j.isPresent() ? Future.succeededFuture(j.get()) : start(caller));
    }
    String id = UUID.randomUUID().toString();
    if (!running.compareAndSet(null, id)) {
      return start(caller);
    }
    Context context = vertx.getOrCreateContext();
    return store
        .countStoredCredentials()
        .compose(
            total -> {
              IntegrityJob job = IntegrityJob.started(id, caller, total, clock.instant());
              return store.createJob(job).map(job);
            })
        .onSuccess(
            job -> {
              LOG.info(
                  "integrity: job {} started by {} over {} stored credentials",
                  id,
                  caller,
                  job.total());
              context.runOnContext(v -> nextPage(job, 0));
            })
        .onFailure(e -> running.compareAndSet(id, null));
  }

  /**
   * A job.
   *
   * @param jobId the id
   * @return the job, or empty
   */
  public Future<Optional<IntegrityJob>> find(String jobId) {
    return store.job(jobId);
  }

  /**
   * A page of a job's mismatches.
   *
   * @param jobId the job
   * @param after the last consent id of the previous page, or null
   * @param size the page size, 1 to {@link #MAX_PAGE_SIZE}
   * @return the mismatches
   */
  public Future<List<IntegrityJob.Mismatch>> mismatches(String jobId, String after, int size) {
    return store.mismatches(jobId, after, size);
  }

  /**
   * The id of the running job, if any.
   *
   * @return the id or null
   */
  public String runningJob() {
    return running.get();
  }

  private void nextPage(IntegrityJob job, int failures) {
    store
        .storedCredentials(job.cursor(), pageSize)
        .compose(
            page ->
                checkPage(page)
                    .compose(
                        found -> {
                          IntegrityJob after = job.after(found.result(), clock.instant());
                          return store
                              .recordPage(after, found.mismatches())
                              .map(v -> new Step(after, page.size() < pageSize));
                        }))
        .onSuccess(
            step -> {
              if (step.last()) {
                end(step.job().ended(IntegrityJob.COMPLETED, null, clock.instant()));
              } else {
                vertx.getOrCreateContext().runOnContext(v -> nextPage(step.job(), 0));
              }
            })
        .onFailure(
            e -> {
              if (failures >= retryDelaysMs.length) {
                LOG.warn(
                    "integrity: job {} failed after {} tries of one page: {}",
                    job.jobId(),
                    failures + 1,
                    e.toString());
                end(
                    job.ended(
                        IntegrityJob.FAILED,
                        "the ledger or the database did not answer: " + e.getMessage(),
                        clock.instant()));
              } else {
                LOG.info(
                    "integrity: job {} page after {} failed ({}); trying again",
                    job.jobId(),
                    job.cursor(),
                    e.toString());
                vertx.setTimer(retryDelaysMs[failures], t -> nextPage(job, failures + 1));
              }
            });
  }

  private void end(IntegrityJob job) {
    store
        .endJob(job)
        .onComplete(
            r -> {
              running.compareAndSet(job.jobId(), null);
              if (r.failed()) {
                LOG.warn(
                    "integrity: could not record the end of job {}: {}",
                    job.jobId(),
                    r.cause().toString());
              } else {
                LOG.info(
                    "integrity: job {} {}: {} checked, {} consistent, {} pending, {} mismatches",
                    job.jobId(),
                    job.state(),
                    job.checked(),
                    job.consistent(),
                    job.pending(),
                    job.mismatches());
              }
            });
  }

  private record Step(IntegrityJob job, boolean last) {}

  private record Found(IntegrityJob.PageResult result, List<IntegrityJob.Mismatch> mismatches) {}

  /** Reads the ledger for one page, {@link #LEDGER_PARALLELISM} at a time, and judges each. */
  private Future<Found> checkPage(List<AuditStore.StoredHash> page) {
    Promise<Found> done = Promise.promise();
    List<RegistryLedger.LedgerConsent> onLedger = new ArrayList<>(page.size());
    for (int i = 0; i < page.size(); i++) {
      onLedger.add(null);
    }
    readChunk(page, onLedger, 0)
        .onSuccess(
            v -> {
              long consistent = 0;
              long pending = 0;
              List<IntegrityJob.Mismatch> mismatches = new ArrayList<>();
              for (int i = 0; i < page.size(); i++) {
                AuditStore.StoredHash s = page.get(i);
                IntegrityJob.Mismatch m = judge(s, onLedger.get(i));
                if (m == null) {
                  if (onLedger.get(i) == null) {
                    pending++;
                  } else {
                    consistent++;
                  }
                } else {
                  mismatches.add(m);
                }
              }
              String cursor = page.isEmpty() ? null : page.get(page.size() - 1).consentId();
              done.complete(
                  new Found(
                      new IntegrityJob.PageResult(
                          page.size(), consistent, pending, mismatches.size(), cursor),
                      mismatches));
            })
        .onFailure(done::fail);
    return done.future();
  }

  private Future<Void> readChunk(
      List<AuditStore.StoredHash> page, List<RegistryLedger.LedgerConsent> onLedger, int from) {
    if (from >= page.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(page.size(), from + LEDGER_PARALLELISM);
    List<Future<Void>> reads = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      int index = i;
      reads.add(
          registry
              .consent(page.get(i).consentId())
              .map(
                  o -> {
                    onLedger.set(index, o.orElse(null));
                    return null;
                  }));
    }
    return Future.all(reads).compose(v -> readChunk(page, onLedger, to));
  }

  /**
   * Judges one stored credential against its ledger record.
   *
   * @param s the stored credential
   * @param onLedger its ledger record, or null when not (yet) anchored
   * @return the mismatch, or null when consistent or pending
   */
  static IntegrityJob.Mismatch judge(
      AuditStore.StoredHash s, RegistryLedger.LedgerConsent onLedger) {
    String computed = ConsentCredential.hashOf(s.jws());
    String code = null;
    if (onLedger == null) {
      if (!computed.equals(s.credentialHash())) {
        code = "STORED_HASH_MODIFIED";
      }
    } else if (!computed.equals(onLedger.credentialHash())) {
      code = "CREDENTIAL_MODIFIED";
    } else if (!computed.equals(s.credentialHash())) {
      code = "STORED_HASH_MODIFIED";
    } else if (s.readModelHash() != null && !computed.equals(s.readModelHash())) {
      code = "READ_MODEL_MISMATCH";
    }
    return code == null
        ? null
        : new IntegrityJob.Mismatch(
            s.consentId(),
            code,
            computed,
            onLedger == null ? null : onLedger.credentialHash(),
            s.credentialHash(),
            s.readModelHash());
  }
}
