/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import static kr.consentledger.consent.pg.PgTimes.instant;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import kr.consentledger.consent.Outbox;
import kr.consentledger.consent.OutboxItem;

/**
 * {@link Outbox} in the {@code outbox} table. Claiming is one statement: {@code SELECT … FOR UPDATE
 * SKIP LOCKED} inside an {@code UPDATE}, so concurrent processors never take the same row.
 * Completing a batch is one statement too ({@link PgConsentStorage#completeBatch}).
 *
 * <p>Several service instances may share the table: a claim records the claiming instance's number
 * ({@link PgInstanceLock}); a submitted item is in flight while its lease runs AND its instance is
 * alive (holds its advisory lock). So a live instance's items are never taken from it, and a killed
 * instance's are claimed again at once by any other, without waiting for the lease.
 */
public final class PgOutbox implements Outbox {
  private static final String COLUMNS =
      "id, kind, consent_id, statement, statement_hash, state, attempts, tx_id, code, created_at, updated_at";

  /** SQL: a submitted item's claim still holds (alias {@code o}). */
  private static String inFlight(String o) {
    return "("
        + o
        + ".state = 'submitted' AND "
        + o
        + ".lease_until >= now() AND "
        + o
        + ".claimed_by IN (SELECT n FROM live))";
  }

  private final SqlClient client;
  private final IntSupplier instance;

  /**
   * @param client a pool or a connection in a transaction; owned by the caller
   * @param instance this instance's number now ({@link PgInstanceLock#number()})
   */
  public PgOutbox(SqlClient client, IntSupplier instance) {
    this.client = Objects.requireNonNull(client, "client");
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  @Override
  public Future<Long> add(
      OutboxItem.Kind kind, String consentId, String statement, String statementHash) {
    return client
        .preparedQuery(
            "INSERT INTO outbox (kind, consent_id, statement, statement_hash) VALUES ($1, $2, $3, $4)"
                + " RETURNING id")
        .execute(Tuple.of(kind.dbName(), consentId, statement, statementHash))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  @Override
  public Future<List<OutboxItem>> claim(OutboxItem.Kind kind, int max, Duration lease) {
    return client
        .preparedQuery(
            "WITH live AS MATERIALIZED ("
                + PgInstanceLock.LIVE_INSTANCES
                + ")"
                + " UPDATE outbox SET state = 'submitted', attempts = attempts + 1,"
                + " lease_until = now() + make_interval(secs => $3), claimed_by = $4,"
                + " updated_at = now()"
                + " WHERE id IN (SELECT o.id FROM outbox o"
                + "   WHERE o.kind = $1"
                + "     AND (o.state = 'pending' OR (o.state = 'submitted' AND NOT "
                + inFlight("o")
                + "))"
                // One anchor or revocation of a consent at a time, oldest first: none other in
                // flight (lease running, its instance alive), none older still waiting.
                + "     AND (o.kind = 'receipt' OR NOT EXISTS (SELECT 1 FROM outbox b"
                + "       WHERE b.consent_id = o.consent_id AND b.id <> o.id AND b.kind IN ('anchor', 'revoke')"
                + "         AND b.state IN ('pending', 'submitted')"
                + "         AND (b.id < o.id OR "
                + inFlight("b")
                + ")))"
                + "   ORDER BY o.id LIMIT $2 FOR UPDATE SKIP LOCKED)"
                + " RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(kind.dbName(), max, (double) lease.toMillis() / 1000.0, instance.getAsInt()))
        .map(
            rows -> {
              List<OutboxItem> out = new ArrayList<>();
              rows.forEach(r -> out.add(read(r)));
              out.sort(Comparator.comparingLong(OutboxItem::id));
              return out;
            });
  }

  @Override
  public Future<Void> recordTransaction(List<Long> ids, String transactionId) {
    return client
        .preparedQuery("UPDATE outbox SET tx_id = $2, updated_at = now() WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(new Long[0]), transactionId))
        .mapEmpty();
  }

  @Override
  public Future<Void> complete(long id, OutboxItem.State state, String code) {
    if (!state.isFinal()) {
      return Future.failedFuture(new IllegalArgumentException("state must be done or rejected"));
    }
    return client
        .preparedQuery(
            "UPDATE outbox SET state = $2, code = $3, lease_until = NULL, updated_at = now()"
                + " WHERE id = $1 AND state IN ('pending', 'submitted')")
        .execute(Tuple.of(id, state.dbName(), code))
        .mapEmpty();
  }

  @Override
  public Future<Void> release(List<Long> ids, String code) {
    return client
        .preparedQuery(
            "UPDATE outbox SET state = 'pending', code = $2, lease_until = NULL, updated_at = now()"
                + " WHERE id = ANY($1) AND state = 'submitted'")
        .execute(Tuple.of(ids.toArray(new Long[0]), code))
        .mapEmpty();
  }

  @Override
  public Future<Integer> releaseAllSubmitted() {
    return client
        .preparedQuery(
            "WITH live AS MATERIALIZED ("
                + PgInstanceLock.LIVE_INSTANCES
                + ")"
                + " UPDATE outbox SET state = 'pending', lease_until = NULL, updated_at = now()"
                + " WHERE state = 'submitted' AND claimed_by IS DISTINCT FROM $1"
                + " AND (claimed_by IS NULL OR claimed_by NOT IN (SELECT n FROM live))")
        .execute(Tuple.of(instance.getAsInt()))
        .map(rows -> rows.rowCount());
  }

  @Override
  public Future<Long> countWaiting() {
    return client
        .query("SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'submitted')")
        .execute()
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  @Override
  public Future<List<OutboxItem>> forConsent(String consentId) {
    return client
        .preparedQuery(
            "SELECT " + COLUMNS + " FROM outbox WHERE consent_id = $1 ORDER BY id LIMIT $2")
        .execute(Tuple.of(consentId, MAX_ITEMS_PER_CONSENT))
        .map(
            rows -> {
              List<OutboxItem> out = new ArrayList<>();
              rows.forEach(r -> out.add(read(r)));
              return out;
            });
  }

  private static OutboxItem read(Row r) {
    return new OutboxItem(
        r.getLong("id"),
        OutboxItem.Kind.fromDb(r.getString("kind")),
        r.getString("consent_id"),
        r.getString("statement"),
        r.getString("statement_hash"),
        OutboxItem.State.fromDb(r.getString("state")),
        r.getInteger("attempts"),
        r.getString("tx_id"),
        r.getString("code"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("updated_at")));
  }
}
