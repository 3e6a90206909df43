/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.AuditLedger;
import kr.consentledger.consent.AuditStore;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.IntegrityJob;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;

/**
 * The auditor's use cases (issue 5). Every call first checks that the caller is a registered
 * auditor with status active on the ledger's participant registry (FORBIDDEN otherwise), then:
 *
 * <ul>
 *   <li>the history of one consent, read from the ledger itself: each state change and receipt with
 *       its transaction id, block number, timestamp and the DIDs that signed it;
 *   <li>the activity of one party (subject, provider or recipient) in a time range, paged, from the
 *       read model;
 *   <li>the proof of one transaction through {@code qscc};
 *   <li>the integrity check, a paged background job ({@link IntegrityJobs}): every stored
 *       credential's hash recomputed and compared with the hash anchored on the ledger.
 * </ul>
 */
public final class AuditService {
  /** The largest page of {@link #partyHistory} and {@link #consentHistory}. */
  public static final int MAX_PAGE_SIZE = 500;

  private final RegistryLedger registry;
  private final AuditLedger ledger;
  private final AuditStore store;
  private final IntegrityJobs jobs;

  /**
   * @param registry the participant registry and consent records
   * @param ledger the ledger's history and proofs
   * @param store the read model
   * @param jobs the integrity-check jobs
   */
  public AuditService(
      RegistryLedger registry, AuditLedger ledger, AuditStore store, IntegrityJobs jobs) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.store = Objects.requireNonNull(store, "store");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
  }

  /**
   * The ledger history of a consent, oldest first: {@code {consentId, subject, provider, recipient,
   * entries}}, each entry {@code {event, transactionId, blockNumber, timestamp, signers, ...}} with
   * event {@code anchored}, {@code revoked} or {@code receipt}.
   *
   * <p>Paged: {@code page}, {@code size} and {@code total} (entries in all) come with it.
   *
   * @param caller the authenticated caller
   * @param consentId the consent
   * @param page the page, from 0
   * @param size the page size, 1 to {@link #MAX_PAGE_SIZE}
   * @return the history, or a future failed with VALIDATION_FAILED, FORBIDDEN or CONSENT_NOT_FOUND
   */
  public Future<JsonObject> consentHistory(String caller, String consentId, int page, int size) {
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED,
              "page must be 0 or more and size 1 to " + MAX_PAGE_SIZE));
    }
    return consentHistory(caller, consentId).map(h -> page(h, page, size));
  }

  private static JsonObject page(JsonObject history, int page, int size) {
    JsonArray all = history.getJsonArray("entries");
    JsonArray slice = new JsonArray();
    long from = (long) page * size;
    for (long i = from; i < Math.min(all.size(), from + size); i++) {
      slice.add(all.getValue((int) i));
    }
    return history
        .put("entries", slice)
        .put("page", page)
        .put("size", size)
        .put("total", all.size());
  }

  private Future<JsonObject> consentHistory(String caller, String consentId) {
    return requireAuditor(caller)
        .compose(v -> ledger.history(consentId))
        .compose(
            states -> {
              if (states.isEmpty() || states.get().isEmpty()) {
                return Future.failedFuture(
                    new ConsentException(
                        ProblemCode.CONSENT_NOT_FOUND, "the ledger holds no consent " + consentId));
              }
              return ledger
                  .receipts(consentId)
                  .map(receipts -> history(consentId, states.get(), receipts));
            });
  }

  static JsonObject history(String consentId, JsonArray states, JsonArray receipts) {
    List<JsonObject> entries = new ArrayList<>();
    JsonObject last = null;
    String previousStatus = null;
    for (int i = 0; i < states.size(); i++) {
      JsonObject s = states.getJsonObject(i);
      JsonObject r = s.getJsonObject("record", new JsonObject());
      String status = r.getString("status");
      boolean revoked =
          "ConsentWithdrawn".equals(status) && !"ConsentWithdrawn".equals(previousStatus);
      JsonObject entry =
          new JsonObject()
              .put("event", revoked ? "revoked" : previousStatus == null ? "anchored" : "updated")
              .put("status", status)
              .put("transactionId", s.getString("txId"))
              .put("blockNumber", s.getValue("blockNumber"))
              .put("timestamp", s.getString("timestamp"))
              .put("signers", new JsonArray().add(r.getString("subject")))
              .put("credentialHash", r.getString("credentialHash"))
              .put(
                  "statementHash",
                  revoked
                      ? r.getString("revocationStatementHash")
                      : r.getString("anchorStatementHash"));
      if (revoked) {
        entry.put("reason", r.getString("revocationReason"));
      }
      entries.add(entry);
      previousStatus = status;
      last = r;
    }
    for (int i = 0; i < receipts.size(); i++) {
      JsonObject r = receipts.getJsonObject(i);
      entries.add(
          new JsonObject()
              .put("event", "receipt")
              .put("receiptId", r.getString("receiptId"))
              .put("transactionId", r.getString("txId"))
              .put("blockNumber", r.getValue("blockNumber"))
              .put("timestamp", r.getString("recordedAt"))
              .put("signers", new JsonArray().add(r.getString("provider")))
              .put("provider", r.getString("provider"))
              .put("recipient", r.getString("recipient"))
              .put("categories", r.getJsonArray("categories", new JsonArray()).copy())
              .put("presentationHash", r.getString("presentationHash"))
              .put("statementHash", r.getString("statementHash")));
    }
    // Blocks order the ledger; within a block, state changes before receipts (as appended).
    entries.sort(
        Comparator.comparingLong(
            (JsonObject e) ->
                e.getValue("blockNumber") instanceof Number n ? n.longValue() : Long.MAX_VALUE));
    JsonObject head = last == null ? new JsonObject() : last;
    return new JsonObject()
        .put("consentId", consentId)
        .put("subject", head.getString("subject"))
        .put("provider", head.getString("provider"))
        .put("recipient", head.getString("recipient"))
        .put("status", head.getString("status"))
        .put("entries", new JsonArray(new ArrayList<Object>(entries)));
  }

  /**
   * The consents and receipts of a party in [from, to), paged: {@code {did, from, to, page, size,
   * total, consents}}.
   *
   * @param caller the authenticated caller
   * @param did the party's DID
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @param page the page, from 0
   * @param size the page size, 1 to {@link #MAX_PAGE_SIZE}
   * @return the page, or a future failed with VALIDATION_FAILED or FORBIDDEN
   */
  public Future<JsonObject> partyHistory(
      String caller, String did, Instant from, Instant to, int page, int size) {
    if (!from.isBefore(to)) {
      return Future.failedFuture(
          new ConsentException(ProblemCode.VALIDATION_FAILED, "from must be before to"));
    }
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED,
              "page must be 0 or more and size 1 to " + MAX_PAGE_SIZE));
    }
    return requireAuditor(caller)
        .compose(v -> store.partyActivity(did, from, to, page, size))
        .map(
            activity ->
                new JsonObject()
                    .put("did", did)
                    .put("from", from.toString())
                    .put("to", to.toString())
                    .put("page", page)
                    .put("size", size)
                    .put("total", activity.getLong("total"))
                    .put("consents", activity.getJsonArray("consents")));
  }

  /**
   * The proof of a transaction as Fabric stores it.
   *
   * @param caller the authenticated caller
   * @param txId the transaction id
   * @return the proof, or a future failed with FORBIDDEN or TRANSACTION_NOT_FOUND
   */
  public Future<JsonObject> proof(String caller, String txId) {
    return requireAuditor(caller)
        .compose(v -> ledger.proof(txId))
        .compose(
            p ->
                p.isPresent()
                    ? Future.succeededFuture(p.get())
                    : Future.failedFuture(
                        new ConsentException(
                            ProblemCode.TRANSACTION_NOT_FOUND,
                            "the ledger holds no transaction " + txId)));
  }

  /**
   * Starts the integrity check as a background job (or gives the one already running): every stored
   * credential's hash recomputed and compared with the ledger's record, page by page. A mismatch
   * names its code: {@code CREDENTIAL_MODIFIED} (the stored credential no longer hashes to the
   * anchored hash), {@code STORED_HASH_MODIFIED} (the stored hash column differs from the
   * recomputed one, the credential itself still matching the ledger) or {@code
   * READ_MODEL_MISMATCH}. A credential not yet on the ledger (its anchor still in the outbox)
   * counts as pending.
   *
   * @param caller the authenticated caller
   * @return the job, or a future failed with FORBIDDEN or SERVICE_UNAVAILABLE
   */
  public Future<IntegrityJob> startIntegrity(String caller) {
    return requireAuditor(caller).compose(v -> jobs.start(caller));
  }

  /**
   * An integrity job's progress.
   *
   * @param caller the authenticated caller
   * @param jobId the job
   * @return the job, or a future failed with FORBIDDEN or JOB_NOT_FOUND
   */
  public Future<IntegrityJob> integrityJob(String caller, String jobId) {
    return requireAuditor(caller)
        .compose(v -> jobs.find(jobId))
        .compose(
            j ->
                j.isPresent()
                    ? Future.succeededFuture(j.get())
                    : Future.failedFuture(jobNotFound(jobId)));
  }

  /**
   * One page of an integrity job's report: its mismatches so far, ordered by consent id, after
   * {@code after}. {@code {jobId, state, size, mismatches, next}} where {@code next} is the cursor
   * of the following page, or null on the last page.
   *
   * @param caller the authenticated caller
   * @param jobId the job
   * @param after the cursor from the previous page, or null
   * @param size the page size, 1 to {@link IntegrityJobs#MAX_PAGE_SIZE}
   * @return the page, or a future failed with VALIDATION_FAILED, FORBIDDEN or JOB_NOT_FOUND
   */
  public Future<JsonObject> integrityReport(String caller, String jobId, String after, int size) {
    if (size < 1 || size > IntegrityJobs.MAX_PAGE_SIZE) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED, "size must be 1 to " + IntegrityJobs.MAX_PAGE_SIZE));
    }
    return integrityJob(caller, jobId)
        .compose(
            job ->
                jobs.mismatches(jobId, after, size)
                    .map(
                        page -> {
                          JsonArray items = new JsonArray();
                          page.forEach(m -> items.add(m.toJson()));
                          return new JsonObject()
                              .put("jobId", jobId)
                              .put("state", job.state())
                              .put("size", size)
                              .put("mismatches", items)
                              .put(
                                  "next",
                                  page.size() < size
                                      ? null
                                      : page.get(page.size() - 1).consentId());
                        }));
  }

  private static ConsentException jobNotFound(String jobId) {
    return new ConsentException(ProblemCode.JOB_NOT_FOUND, "no integrity job " + jobId);
  }

  private Future<Void> requireAuditor(String caller) {
    return registry
        .participant(caller)
        .recover(e -> Future.failedFuture(e instanceof ConsentException ? e : unavailable()))
        .compose(
            p ->
                p.isPresent() && p.get().isActive("auditor")
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new ConsentException(
                            ProblemCode.FORBIDDEN,
                            "the caller is not an active registered auditor")));
  }

  private static ConsentException unavailable() {
    return new ConsentException(
        ProblemCode.SERVICE_UNAVAILABLE, "the ledger did not answer; try again");
  }
}
