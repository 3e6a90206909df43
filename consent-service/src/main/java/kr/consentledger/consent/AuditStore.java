/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the read-model queries of the auditor API. */
public interface AuditStore {
  /**
   * The consents where {@code did} is subject, provider or recipient that changed, or have a
   * receipt recorded, in [from, to), ordered by last change then id, one page of them, each with
   * its receipts recorded in the range.
   *
   * @param did the party
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @param page the page, from 0
   * @param size the page size
   * @return {@code {"total", "consents": [...]}}
   */
  Future<JsonObject> partyActivity(String did, Instant from, Instant to, int page, int size);

  /**
   * One page of the stored (not erased) credentials with their read-model hashes, ordered by
   * consent id, after a given one (keyset pagination).
   *
   * @param after the last consent id of the previous page, or null for the first page
   * @param limit the page size
   * @return at most {@code limit} credentials
   */
  Future<List<StoredHash>> storedCredentials(String after, int limit);

  /**
   * How many stored (not erased) credentials there are.
   *
   * @return the count
   */
  Future<Long> countStoredCredentials();

  /**
   * Records a new integrity job.
   *
   * @param job the job, running
   * @return done
   */
  Future<Void> createJob(IntegrityJob job);

  /**
   * Records a job's progress after one page, with the page's mismatches, in one transaction.
   *
   * @param job the job after the page
   * @param mismatches the page's mismatches
   * @return done
   */
  Future<Void> recordPage(IntegrityJob job, List<IntegrityJob.Mismatch> mismatches);

  /**
   * Records the end of a job.
   *
   * @param job the ended job
   * @return done
   */
  Future<Void> endJob(IntegrityJob job);

  /**
   * A job.
   *
   * @param jobId the job's id
   * @return the job, or empty
   */
  Future<Optional<IntegrityJob>> job(String jobId);

  /**
   * Marks as interrupted every job still running whose service instance is gone (a previous run of
   * this one, or another instance that stopped): called once at start-up. Jobs other live instances
   * run are left to them.
   *
   * @return how many were marked
   */
  Future<Integer> interruptRunningJobs();

  /**
   * One page of a job's mismatches, ordered by consent id, after a given one.
   *
   * @param jobId the job
   * @param after the last consent id of the previous page, or null
   * @param limit the page size
   * @return at most {@code limit} mismatches
   */
  Future<List<IntegrityJob.Mismatch>> mismatches(String jobId, String after, int limit);

  /**
   * A stored credential.
   *
   * @param consentId the consent
   * @param jws the stored compact JWS
   * @param credentialHash the hash the credentials table keeps
   * @param readModelHash the hash in consent_states, or null
   */
  record StoredHash(String consentId, String jws, String credentialHash, String readModelHash) {}
}
