/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * The state of one integrity-check job: how far it got through the stored credentials and what it
 * found so far. Jobs live in PostgreSQL; a job that was running when the service stopped is marked
 * {@link #INTERRUPTED} at the next start.
 *
 * @param jobId the job's id (a UUID)
 * @param requestedBy the auditor's DID
 * @param state {@link #RUNNING}, {@link #COMPLETED}, {@link #FAILED} or {@link #INTERRUPTED}
 * @param total the stored credentials when the job started
 * @param checked the credentials checked so far
 * @param consistent of those, the ones that agree with the ledger
 * @param pending of those, the ones not yet on the ledger
 * @param mismatches of those, the ones that disagree
 * @param cursor the last consent id checked (keyset), or null before the first page
 * @param error why the job failed, or null
 * @param startedAt when it started
 * @param updatedAt its last progress
 * @param finishedAt when it ended, or null while running
 */
public record IntegrityJob(
    String jobId,
    String requestedBy,
    String state,
    long total,
    long checked,
    long consistent,
    long pending,
    long mismatches,
    String cursor,
    String error,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt) {
  /** Still reading credentials. */
  public static final String RUNNING = "running";

  /** Every stored credential was checked. */
  public static final String COMPLETED = "completed";

  /** The ledger or the database did not answer after several tries. */
  public static final String FAILED = "failed";

  /** The service stopped while the job ran; start a new one. */
  public static final String INTERRUPTED = "interrupted";

  /** Checks the required components. */
  public IntegrityJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
  }

  /**
   * A new running job.
   *
   * @param jobId its id
   * @param requestedBy the auditor
   * @param total the stored credentials now
   * @param at now
   * @return the job
   */
  public static IntegrityJob started(String jobId, String requestedBy, long total, Instant at) {
    return new IntegrityJob(
        jobId, requestedBy, RUNNING, total, 0, 0, 0, 0, null, null, at, at, null);
  }

  /**
   * This job after one more page.
   *
   * @param page what the page found
   * @param at now
   * @return the job
   */
  public IntegrityJob after(PageResult page, Instant at) {
    return new IntegrityJob(
        jobId,
        requestedBy,
        state,
        total,
        checked + page.checked(),
        consistent + page.consistent(),
        pending + page.pending(),
        mismatches + page.mismatches(),
        page.cursor() == null ? cursor : page.cursor(),
        error,
        startedAt,
        at,
        finishedAt);
  }

  /**
   * This job ended.
   *
   * @param endState completed, failed or interrupted
   * @param reason the error, or null
   * @param at now
   * @return the job
   */
  public IntegrityJob ended(String endState, String reason, Instant at) {
    return new IntegrityJob(
        jobId,
        requestedBy,
        endState,
        total,
        checked,
        consistent,
        pending,
        mismatches,
        cursor,
        reason,
        startedAt,
        at,
        at);
  }

  /**
   * The job as the API shows it.
   *
   * @param base the job's URL path, {@code /audit/integrity/<jobId>}
   * @return the JSON
   */
  public JsonObject toJson(String base) {
    return new JsonObject()
        .put("jobId", jobId)
        .put("state", state)
        .put("requestedBy", requestedBy)
        .put("total", total)
        .put("checked", checked)
        .put("consistent", consistent)
        .put("pending", pending)
        .put("mismatches", mismatches)
        .put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("updatedAt", updatedAt == null ? null : updatedAt.toString())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
        .put("error", error)
        .put("report", base + "/mismatches");
  }

  /**
   * What one page of credentials gave.
   *
   * @param checked credentials checked
   * @param consistent agreeing with the ledger
   * @param pending not yet on the ledger
   * @param mismatches disagreeing
   * @param cursor the page's last consent id, or null for an empty page
   */
  public record PageResult(
      long checked, long consistent, long pending, long mismatches, String cursor) {}

  /**
   * One credential that disagrees with the ledger.
   *
   * @param consentId the consent
   * @param code CREDENTIAL_MODIFIED, STORED_HASH_MODIFIED or READ_MODEL_MISMATCH
   * @param computedHash the hash recomputed from the stored credential
   * @param ledgerHash the anchored hash, or null when not on the ledger
   * @param storedHash the hash column of the credentials table
   * @param readModelHash the hash in the read model, or null
   */
  public record Mismatch(
      String consentId,
      String code,
      String computedHash,
      String ledgerHash,
      String storedHash,
      String readModelHash) {
    /**
     * Returns the mismatch as the API shows it.
     *
     * @return the mismatch as the API shows it
     */
    public JsonObject toJson() {
      return new JsonObject()
          .put("consentId", consentId)
          .put("code", code)
          .put("computedHash", computedHash)
          .put("ledgerHash", ledgerHash)
          .put("storedHash", storedHash)
          .put("readModelHash", readModelHash);
    }
  }
}
