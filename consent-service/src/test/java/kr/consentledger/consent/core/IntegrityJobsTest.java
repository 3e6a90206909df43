/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kr.consentledger.consent.AuditStore;
import kr.consentledger.consent.IntegrityJob;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.testing.FakeAudit;
import kr.consentledger.consent.testing.FakeRegistry;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntegrityJobsTest {
  private static final String JWS = "eyJhIjoxfQ.eyJiIjoyfQ.c2ln";
  private final Vertx vertx = Vertx.vertx();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);
  private final FakeAudit store = new FakeAudit();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void stored(int n) {
    for (int i = 0; i < n; i++) {
      String id = Wallet.newConsentId();
      store.stored.add(new AuditStore.StoredHash(id, JWS, Wallet.hash(JWS), Wallet.hash(JWS)));
    }
  }

  private IntegrityJob await(IntegrityJobs jobs, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    IntegrityJob job;
    do {
      Thread.sleep(20);
      job =
          jobs.find(id)
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS)
              .orElseThrow();
    } while (IntegrityJob.RUNNING.equals(job.state()) && System.nanoTime() < deadline);
    return job;
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void a_page_the_ledger_fails_is_tried_again_and_the_job_completes() throws Exception {
    stored(5);
    AtomicInteger calls = new AtomicInteger();
    FakeRegistry flaky =
        new FakeRegistry() {
          @Override
          public Future<Optional<LedgerConsent>> consent(String consentId) {
            return calls.incrementAndGet() <= 2
                ? Future.failedFuture(
                    new LedgerException(true, "UNAVAILABLE", null, "peer down", null))
                : super.consent(consentId);
          }
        };
    IntegrityJobs jobs = new IntegrityJobs(vertx, flaky, store, clock, 2, new long[] {10, 10, 10});
    IntegrityJob job = await(jobs, get(jobs.start("did:key:zAuditor")).jobId());
    assertThat(job.state()).isEqualTo(IntegrityJob.COMPLETED);
    assertThat(job.checked()).isEqualTo(5);
    assertThat(job.pending()).isEqualTo(5);
    assertThat(jobs.runningJob()).isNull();
  }

  @Test
  void a_ledger_that_never_answers_fails_the_job_after_the_last_try_and_frees_the_slot()
      throws Exception {
    stored(3);
    FakeRegistry down =
        new FakeRegistry() {
          @Override
          public Future<Optional<LedgerConsent>> consent(String consentId) {
            return Future.failedFuture(
                new LedgerException(true, "UNAVAILABLE", null, "peer down", null));
          }
        };
    IntegrityJobs jobs = new IntegrityJobs(vertx, down, store, clock, 500, new long[] {10, 10});
    IntegrityJob job = await(jobs, get(jobs.start("did:key:zAuditor")).jobId());
    assertThat(job.state()).isEqualTo(IntegrityJob.FAILED);
    assertThat(job.error()).contains("did not answer");
    assertThat(job.finishedAt()).isNotNull();
    assertThat(jobs.runningJob()).isNull();
  }

  @Test
  void a_second_start_while_a_job_runs_gives_the_running_job() throws Exception {
    stored(3);
    List<Promise<Optional<kr.consentledger.consent.RegistryLedger.LedgerConsent>>> held =
        new ArrayList<>();
    FakeRegistry slow =
        new FakeRegistry() {
          @Override
          public synchronized Future<Optional<LedgerConsent>> consent(String consentId) {
            Promise<Optional<LedgerConsent>> p = Promise.promise();
            held.add(p);
            return p.future();
          }
        };
    IntegrityJobs jobs = new IntegrityJobs(vertx, slow, store, clock, 500);
    IntegrityJob first = get(jobs.start("did:key:zA"));
    IntegrityJob second = get(jobs.start("did:key:zB"));
    assertThat(second.jobId()).isEqualTo(first.jobId());
    assertThat(second.requestedBy()).isEqualTo("did:key:zA");
  }
}
