package kr.consentledger.consent.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.AuditLedger;
import kr.consentledger.consent.AuditStore;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.wallet.ConsentCredential;

/**
 * The auditor's use cases (issue 5). Every call first checks that the caller is a registered
 * auditor with status active on the ledger's participant registry (FORBIDDEN otherwise), then:
 *
 * <ul>
 *   <li>the history of one consent, read from the ledger itself: each state change and receipt
 *       with its transaction id, block number, timestamp and the DIDs that signed it;
 *   <li>the activity of one party (subject, provider or recipient) in a time range, paged, from
 *       the read model;
 *   <li>the proof of one transaction through {@code qscc};
 *   <li>the integrity check: every stored credential's hash recomputed and compared with the
 *       hash anchored on the ledger.
 * </ul>
 */
public final class AuditService {
  /** The largest page of {@link #partyHistory}. */
  public static final int MAX_PAGE_SIZE = 500;

  /** How many ledger reads the integrity check runs at once. */
  static final int INTEGRITY_PARALLELISM = 8;

  private final RegistryLedger registry;
  private final AuditLedger ledger;
  private final AuditStore store;
  private final Clock clock;

  /**
   * @param registry the participant registry and consent records
   * @param ledger the ledger's history and proofs
   * @param store the read model
   * @param clock the clock the integrity report is stamped with
   */
  public AuditService(RegistryLedger registry, AuditLedger ledger, AuditStore store, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The ledger history of a consent, oldest first: {@code {consentId, subject, provider,
   * recipient, entries}}, each entry {@code {event, transactionId, blockNumber, timestamp,
   * signers, ...}} with event {@code anchored}, {@code revoked} or {@code receipt}.
   *
   * @param caller the authenticated caller
   * @param consentId the consent
   * @return the history, or a future failed with FORBIDDEN or CONSENT_NOT_FOUND
   */
  public Future<JsonObject> consentHistory(String caller, String consentId) {
    return requireAuditor(caller)
        .compose(v -> ledger.history(consentId))
        .compose(
            states -> {
              if (states.isEmpty() || states.get().isEmpty()) {
                return Future.failedFuture(
                    new ConsentException(ProblemCode.CONSENT_NOT_FOUND, "the ledger holds no consent " + consentId));
              }
              return ledger.receipts(consentId).map(receipts -> history(consentId, states.get(), receipts));
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
      boolean revoked = "ConsentWithdrawn".equals(status) && !"ConsentWithdrawn".equals(previousStatus);
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
                  revoked ? r.getString("revocationStatementHash") : r.getString("anchorStatementHash"));
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
        Comparator.comparingLong((JsonObject e) -> e.getValue("blockNumber") instanceof Number n ? n.longValue() : Long.MAX_VALUE));
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
  public Future<JsonObject> partyHistory(String caller, String did, Instant from, Instant to, int page, int size) {
    if (!from.isBefore(to)) {
      return Future.failedFuture(new ConsentException(ProblemCode.VALIDATION_FAILED, "from must be before to"));
    }
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED, "page must be 0 or more and size 1 to " + MAX_PAGE_SIZE));
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
                        new ConsentException(ProblemCode.TRANSACTION_NOT_FOUND, "the ledger holds no transaction " + txId)));
  }

  /**
   * Recomputes the hash of every stored credential and compares it with the ledger's record:
   * {@code {checkedAt, checked, consistent, pending, mismatches}}. A mismatch names its code:
   * {@code CREDENTIAL_MODIFIED} (the stored credential no longer hashes to the anchored hash),
   * {@code STORED_HASH_MODIFIED} (the stored hash column differs from the recomputed one, the
   * credential itself still matching the ledger) or {@code READ_MODEL_MISMATCH}. A credential
   * not yet on the ledger (its anchor still in the outbox) counts as pending.
   *
   * @param caller the authenticated caller
   * @return the report, or a future failed with FORBIDDEN or SERVICE_UNAVAILABLE
   */
  public Future<JsonObject> integrity(String caller) {
    Instant at = clock.instant();
    return requireAuditor(caller)
        .compose(v -> store.storedCredentials())
        .compose(stored -> checkAll(stored, 0, new Report()))
        .map(
            report ->
                new JsonObject()
                    .put("checkedAt", at.toString())
                    .put("checked", report.checked)
                    .put("consistent", report.consistent)
                    .put("pending", report.pending)
                    .put("mismatches", report.mismatches));
  }

  private static final class Report {
    int checked;
    int consistent;
    int pending;
    final JsonArray mismatches = new JsonArray();
  }

  private Future<Report> checkAll(List<AuditStore.StoredHash> stored, int from, Report report) {
    if (from >= stored.size()) {
      return Future.succeededFuture(report);
    }
    List<AuditStore.StoredHash> chunk = stored.subList(from, Math.min(stored.size(), from + INTEGRITY_PARALLELISM));
    List<Future<RegistryLedger.LedgerConsent>> reads = new ArrayList<>();
    for (AuditStore.StoredHash s : chunk) {
      reads.add(registry.consent(s.consentId()).map(o -> o.orElse(null)));
    }
    return Future.all(reads)
        .recover(e -> Future.failedFuture(unavailable()))
        .compose(
            all -> {
              for (int i = 0; i < chunk.size(); i++) {
                judge(chunk.get(i), reads.get(i).result(), report);
              }
              return checkAll(stored, from + chunk.size(), report);
            });
  }

  private static void judge(AuditStore.StoredHash s, RegistryLedger.LedgerConsent onLedger, Report report) {
    report.checked++;
    String computed = ConsentCredential.hashOf(s.jws());
    String code = null;
    if (onLedger == null) {
      if (computed.equals(s.credentialHash())) {
        report.pending++;
        return;
      }
      code = "STORED_HASH_MODIFIED";
    } else if (!computed.equals(onLedger.credentialHash())) {
      code = "CREDENTIAL_MODIFIED";
    } else if (!computed.equals(s.credentialHash())) {
      code = "STORED_HASH_MODIFIED";
    } else if (s.readModelHash() != null && !computed.equals(s.readModelHash())) {
      code = "READ_MODEL_MISMATCH";
    }
    if (code == null) {
      report.consistent++;
      return;
    }
    report.mismatches.add(
        new JsonObject()
            .put("consentId", s.consentId())
            .put("code", code)
            .put("computedHash", computed)
            .put("ledgerHash", onLedger == null ? null : onLedger.credentialHash())
            .put("storedHash", s.credentialHash())
            .put("readModelHash", s.readModelHash()));
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
                        new ConsentException(ProblemCode.FORBIDDEN, "the caller is not an active registered auditor")));
  }

  private static ConsentException unavailable() {
    return new ConsentException(ProblemCode.SERVICE_UNAVAILABLE, "the ledger did not answer; try again");
  }
}
