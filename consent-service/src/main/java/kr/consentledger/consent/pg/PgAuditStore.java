/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import static kr.consentledger.consent.pg.PgTimes.instant;
import static kr.consentledger.consent.pg.PgTimes.utc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;
import kr.consentledger.consent.AuditStore;
import kr.consentledger.consent.IntegrityJob;

/** {@link AuditStore} over {@code consent_states}, {@code receipts} and {@code credentials}. */
public final class PgAuditStore implements AuditStore {
  private static final String PARTY =
      " (s.subject_did = $1 OR s.provider_did = $1 OR s.recipient_did = $1)"
          + " AND ((s.updated_at >= $2 AND s.updated_at < $3) OR EXISTS (SELECT 1 FROM receipts r"
          + " WHERE r.consent_id = s.consent_id AND r.recorded_at >= $2 AND r.recorded_at < $3))";

  /** The most receipts one page of party history carries (its consents' receipts together). */
  public static final int MAX_RECEIPTS_PER_PAGE = 5000;

  private final Pool pool;
  private final SqlClient client;
  private final IntSupplier instance;

  /**
   * @param pool a pool; owned by the caller
   * @param instance this service instance's number ({@link PgConsentStorage#instanceNumber()}),
   *     recorded on the jobs it runs
   */
  public PgAuditStore(Pool pool, IntSupplier instance) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.client = pool;
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  @Override
  public Future<JsonObject> partyActivity(
      String did, Instant from, Instant to, int page, int size) {
    Tuple range = Tuple.of(did, utc(from), utc(to));
    Future<Long> total =
        client
            .preparedQuery("SELECT count(*) AS n FROM consent_states s WHERE" + PARTY)
            .execute(range)
            .map(rows -> rows.iterator().next().getLong("n"));
    return total.compose(
        n ->
            client
                .preparedQuery(
                    "SELECT s.consent_id, s.status, s.subject_did, s.provider_did, s.recipient_did,"
                        + " s.credential_hash, s.valid_from, s.valid_until, s.tx_id, s.block_number, s.updated_at"
                        + " FROM consent_states s WHERE"
                        + PARTY
                        + " ORDER BY s.updated_at, s.consent_id LIMIT $4 OFFSET $5")
                .execute(Tuple.of(did, utc(from), utc(to), size, (long) page * size))
                .compose(
                    rows -> {
                      Map<String, JsonObject> consents = new LinkedHashMap<>();
                      for (Row r : rows) {
                        JsonArray roles = new JsonArray();
                        if (did.equals(r.getString("subject_did"))) {
                          roles.add("subject");
                        }
                        if (did.equals(r.getString("provider_did"))) {
                          roles.add("provider");
                        }
                        if (did.equals(r.getString("recipient_did"))) {
                          roles.add("recipient");
                        }
                        consents.put(
                            r.getString("consent_id"),
                            new JsonObject()
                                .put("consentId", r.getString("consent_id"))
                                .put("status", r.getString("status"))
                                .put("roles", roles)
                                .put("subject", r.getString("subject_did"))
                                .put("provider", r.getString("provider_did"))
                                .put("recipient", r.getString("recipient_did"))
                                .put("credentialHash", r.getString("credential_hash"))
                                .put("validFrom", text(r.getOffsetDateTime("valid_from")))
                                .put("validUntil", text(r.getOffsetDateTime("valid_until")))
                                .put("transactionId", r.getString("tx_id"))
                                .put("blockNumber", r.getLong("block_number"))
                                .put("updatedAt", text(r.getOffsetDateTime("updated_at")))
                                .put("receipts", new JsonArray()));
                      }
                      JsonObject out = new JsonObject().put("total", n);
                      if (consents.isEmpty()) {
                        return Future.succeededFuture(out.put("consents", new JsonArray()));
                      }
                      return client
                          .preparedQuery(
                              "SELECT receipt_id, consent_id, provider_did, recipient_did, categories, recorded_at,"
                                  + " tx_id, block_number FROM receipts WHERE consent_id = ANY($1)"
                                  + " AND recorded_at >= $2 AND recorded_at < $3"
                                  + " ORDER BY recorded_at, block_number, receipt_id LIMIT $4")
                          .execute(
                              Tuple.of(
                                  consents.keySet().toArray(new String[0]),
                                  utc(from),
                                  utc(to),
                                  MAX_RECEIPTS_PER_PAGE + 1))
                          .map(
                              receipts -> {
                                int kept = 0;
                                for (Row r : receipts) {
                                  if (++kept > MAX_RECEIPTS_PER_PAGE) {
                                    out.put("receiptsTruncated", true);
                                    break;
                                  }
                                  consents
                                      .get(r.getString("consent_id"))
                                      .getJsonArray("receipts")
                                      .add(
                                          new JsonObject()
                                              .put("receiptId", r.getString("receipt_id"))
                                              .put("provider", r.getString("provider_did"))
                                              .put("recipient", r.getString("recipient_did"))
                                              .put(
                                                  "categories",
                                                  new JsonArray(
                                                      new ArrayList<Object>(
                                                          Arrays.asList(
                                                              r.getArrayOfStrings("categories")))))
                                              .put(
                                                  "recordedAt",
                                                  text(r.getOffsetDateTime("recorded_at")))
                                              .put("transactionId", r.getString("tx_id"))
                                              .put("blockNumber", r.getLong("block_number")));
                                }
                                return out.put(
                                    "consents",
                                    new JsonArray(new ArrayList<Object>(consents.values())));
                              });
                    }));
  }

  @Override
  public Future<List<StoredHash>> storedCredentials(String after, int limit) {
    return client
        .preparedQuery(
            "SELECT c.consent_id, c.jws, c.credential_hash, s.credential_hash AS read_model_hash"
                + " FROM credentials c LEFT JOIN consent_states s ON s.consent_id = c.consent_id"
                + " WHERE NOT c.erased AND c.jws IS NOT NULL AND c.consent_id > $1"
                + " ORDER BY c.consent_id LIMIT $2")
        .execute(Tuple.of(after == null ? "" : after, limit))
        .map(
            rows -> {
              List<StoredHash> out = new ArrayList<>(rows.size());
              for (Row r : rows) {
                out.add(
                    new StoredHash(
                        r.getString("consent_id"),
                        r.getString("jws"),
                        r.getString("credential_hash"),
                        r.getString("read_model_hash")));
              }
              return out;
            });
  }

  @Override
  public Future<Long> countStoredCredentials() {
    return client
        .query("SELECT count(*) AS n FROM credentials WHERE NOT erased AND jws IS NOT NULL")
        .execute()
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  @Override
  public Future<Void> createJob(IntegrityJob job) {
    return client
        .preparedQuery(
            "INSERT INTO integrity_jobs"
                + " (job_id, requested_by, state, total, started_at, updated_at, run_by)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .execute(
            Tuple.of(UUID.fromString(job.jobId()), job.requestedBy(), job.state(), job.total())
                .addOffsetDateTime(utc(job.startedAt()))
                .addOffsetDateTime(utc(job.updatedAt()))
                .addInteger(instance.getAsInt()))
        .mapEmpty();
  }

  @Override
  public Future<Void> recordPage(IntegrityJob job, List<IntegrityJob.Mismatch> mismatches) {
    return pool.withTransaction(
        connection -> {
          Future<Void> inserted = Future.succeededFuture();
          if (!mismatches.isEmpty()) {
            List<Tuple> batch = new ArrayList<>(mismatches.size());
            for (IntegrityJob.Mismatch m : mismatches) {
              batch.add(
                  Tuple.of(UUID.fromString(job.jobId()), m.consentId(), m.code(), m.computedHash())
                      .addString(m.ledgerHash())
                      .addString(m.storedHash())
                      .addString(m.readModelHash()));
            }
            inserted =
                connection
                    .preparedQuery(
                        "INSERT INTO integrity_mismatches (job_id, consent_id, code, computed_hash, ledger_hash,"
                            + " stored_hash, read_model_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                            + " ON CONFLICT (job_id, consent_id) DO NOTHING")
                    .executeBatch(batch)
                    .mapEmpty();
          }
          return inserted.compose(v -> updateJob(connection, job));
        });
  }

  @Override
  public Future<Void> endJob(IntegrityJob job) {
    return updateJob(client, job);
  }

  private static Future<Void> updateJob(SqlClient on, IntegrityJob job) {
    return on.preparedQuery(
            "UPDATE integrity_jobs SET state = $2, checked = $3, consistent = $4, pending = $5,"
                + " mismatches = $6, cursor = $7, error = $8, updated_at = $9, finished_at = $10"
                + " WHERE job_id = $1")
        .execute(
            Tuple.of(
                    UUID.fromString(job.jobId()),
                    job.state(),
                    job.checked(),
                    job.consistent(),
                    job.pending())
                .addLong(job.mismatches())
                .addString(job.cursor())
                .addString(job.error())
                .addOffsetDateTime(utc(job.updatedAt()))
                .addOffsetDateTime(job.finishedAt() == null ? null : utc(job.finishedAt())))
        .mapEmpty();
  }

  @Override
  public Future<Optional<IntegrityJob>> job(String jobId) {
    return client
        .preparedQuery(
            "SELECT job_id, requested_by, state, total, checked, consistent, pending, mismatches, cursor,"
                + " error, started_at, updated_at, finished_at FROM integrity_jobs WHERE job_id = $1")
        .execute(Tuple.of(UUID.fromString(jobId)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new IntegrityJob(
                      r.getUUID("job_id").toString(),
                      r.getString("requested_by"),
                      r.getString("state"),
                      r.getLong("total"),
                      r.getLong("checked"),
                      r.getLong("consistent"),
                      r.getLong("pending"),
                      r.getLong("mismatches"),
                      r.getString("cursor"),
                      r.getString("error"),
                      instant(r.getOffsetDateTime("started_at")),
                      instant(r.getOffsetDateTime("updated_at")),
                      instant(r.getOffsetDateTime("finished_at"))));
            });
  }

  @Override
  public Future<Integer> interruptRunningJobs() {
    return client
        .preparedQuery(
            "WITH live AS MATERIALIZED ("
                + PgInstanceLock.LIVE_INSTANCES
                + ")"
                + " UPDATE integrity_jobs SET state = 'interrupted', updated_at = now(),"
                + " finished_at = now(), error = 'the service stopped while the job ran'"
                + " WHERE state = 'running' AND run_by IS DISTINCT FROM $1"
                + " AND (run_by IS NULL OR run_by NOT IN (SELECT n FROM live))")
        .execute(Tuple.of(instance.getAsInt()))
        .map(rows -> rows.rowCount());
  }

  @Override
  public Future<List<IntegrityJob.Mismatch>> mismatches(String jobId, String after, int limit) {
    return client
        .preparedQuery(
            "SELECT consent_id, code, computed_hash, ledger_hash, stored_hash, read_model_hash"
                + " FROM integrity_mismatches WHERE job_id = $1 AND consent_id > $2 ORDER BY consent_id LIMIT $3")
        .execute(Tuple.of(UUID.fromString(jobId), after == null ? "" : after, limit))
        .map(
            rows -> {
              List<IntegrityJob.Mismatch> out = new ArrayList<>(rows.size());
              for (Row r : rows) {
                out.add(
                    new IntegrityJob.Mismatch(
                        r.getString("consent_id"),
                        r.getString("code"),
                        r.getString("computed_hash"),
                        r.getString("ledger_hash"),
                        r.getString("stored_hash"),
                        r.getString("read_model_hash")));
              }
              return out;
            });
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
