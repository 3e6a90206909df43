/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import kr.consentledger.consent.AuditLedger;
import kr.consentledger.consent.AuditStore;
import kr.consentledger.consent.IntegrityJob;

/** A fake ledger history and read model for the auditor API, answering from maps. */
public class FakeAudit implements AuditLedger, AuditStore {
  public final Map<String, JsonArray> histories = new HashMap<>();
  public final Map<String, JsonArray> receipts = new HashMap<>();
  public final Map<String, JsonObject> proofs = new HashMap<>();
  public final List<StoredHash> stored = new ArrayList<>();
  public final Map<String, IntegrityJob> jobs = new HashMap<>();
  public final Map<String, NavigableMap<String, IntegrityJob.Mismatch>> mismatches =
      new HashMap<>();

  /** How many pages of credentials jobs have read. */
  public int pagesRead;

  /** The arguments of the last partyActivity call. */
  public final List<Object> lastPartyQuery = new ArrayList<>();

  /** When set, every ledger read fails with it. */
  public Throwable ledgerFailure;

  public JsonObject activity = new JsonObject().put("total", 0).put("consents", new JsonArray());

  @Override
  public Future<Optional<JsonArray>> history(String consentId) {
    if (ledgerFailure != null) {
      return Future.failedFuture(ledgerFailure);
    }
    return Future.succeededFuture(
        Optional.ofNullable(histories.get(consentId)).map(JsonArray::copy));
  }

  @Override
  public Future<JsonArray> receipts(String consentId) {
    return Future.succeededFuture(receipts.getOrDefault(consentId, new JsonArray()).copy());
  }

  @Override
  public Future<Optional<JsonObject>> proof(String txId) {
    if (ledgerFailure != null) {
      return Future.failedFuture(ledgerFailure);
    }
    return Future.succeededFuture(Optional.ofNullable(proofs.get(txId)));
  }

  @Override
  public Future<JsonObject> partyActivity(
      String did, Instant from, Instant to, int page, int size) {
    lastPartyQuery.clear();
    lastPartyQuery.addAll(List.of(did, from, to, page, size));
    return Future.succeededFuture(activity.copy());
  }

  @Override
  public Future<List<StoredHash>> storedCredentials(String after, int limit) {
    pagesRead++;
    return Future.succeededFuture(
        stored.stream()
            .filter(s -> after == null || s.consentId().compareTo(after) > 0)
            .sorted(Comparator.comparing(StoredHash::consentId))
            .limit(limit)
            .toList());
  }

  @Override
  public Future<Long> countStoredCredentials() {
    return Future.succeededFuture((long) stored.size());
  }

  @Override
  public synchronized Future<Void> createJob(IntegrityJob job) {
    jobs.put(job.jobId(), job);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> recordPage(IntegrityJob job, List<IntegrityJob.Mismatch> found) {
    jobs.put(job.jobId(), job);
    found.forEach(
        m -> mismatches.computeIfAbsent(job.jobId(), k -> new TreeMap<>()).put(m.consentId(), m));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> endJob(IntegrityJob job) {
    jobs.put(job.jobId(), job);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Optional<IntegrityJob>> job(String jobId) {
    return Future.succeededFuture(Optional.ofNullable(jobs.get(jobId)));
  }

  @Override
  public synchronized Future<Integer> interruptRunningJobs() {
    int n = 0;
    for (IntegrityJob j : List.copyOf(jobs.values())) {
      if (IntegrityJob.RUNNING.equals(j.state())) {
        jobs.put(
            j.jobId(),
            j.ended(
                IntegrityJob.INTERRUPTED, "the service stopped while the job ran", j.updatedAt()));
        n++;
      }
    }
    return Future.succeededFuture(n);
  }

  @Override
  public synchronized Future<List<IntegrityJob.Mismatch>> mismatches(
      String jobId, String after, int limit) {
    NavigableMap<String, IntegrityJob.Mismatch> all =
        mismatches.getOrDefault(jobId, new TreeMap<>());
    return Future.succeededFuture(
        List.copyOf(
            (after == null ? all : all.tailMap(after, false))
                .values().stream().limit(limit).toList()));
  }
}
