/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import static kr.consentledger.consent.pg.PgTimes.instant;
import static kr.consentledger.consent.pg.PgTimes.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.consent.Oid4vpRequestStore;

/**
 * {@link Oid4vpRequestStore} in the {@code oid4vp_requests} table (migration V7). Every change is
 * one statement conditioned on the row's current status, so two instances never both answer or
 * decide the same request.
 */
public final class PgOid4vpRequestStore implements Oid4vpRequestStore {
  private static final String COLUMNS =
      "id, provider, recipient, categories, purpose, nonce, state, expires_at, status,"
          + " request_object, presentation, wallet_error, decision";

  private final SqlClient client;

  /**
   * @param client a pool; owned by the caller
   */
  public PgOid4vpRequestStore(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Future<Boolean> insert(Request r, int maxOpen, Instant now) {
    return client
        .preparedQuery(
            "INSERT INTO oid4vp_requests ("
                + COLUMNS
                + ") SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13"
                + " WHERE (SELECT count(*) FROM oid4vp_requests WHERE expires_at > $14) < $15")
        .execute(
            Tuple.tuple()
                .addString(r.id())
                .addString(r.provider())
                .addString(r.recipient())
                .addArrayOfString(r.categories().toArray(String[]::new))
                .addString(r.purpose())
                .addString(r.nonce())
                .addString(r.state())
                .addOffsetDateTime(utc(r.expiresAt()))
                .addString(r.status().json())
                .addString(r.requestObject())
                .addString(r.presentation())
                .addString(r.walletError())
                .addString(r.decision())
                .addOffsetDateTime(utc(now))
                .addLong((long) maxOpen))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Optional<Request>> find(String id) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM oid4vp_requests WHERE id = $1")
        .execute(Tuple.of(id))
        .map(PgOid4vpRequestStore::first);
  }

  @Override
  public Future<Boolean> replace(Status expected, Request next) {
    return client
        .preparedQuery(
            "UPDATE oid4vp_requests SET status = $2, request_object = $3, presentation = $4,"
                + " wallet_error = $5, decision = $6 WHERE id = $1 AND status = $7")
        .execute(
            Tuple.tuple()
                .addString(next.id())
                .addString(next.status().json())
                .addString(next.requestObject())
                .addString(next.presentation())
                .addString(next.walletError())
                .addString(next.decision())
                .addString(expected.json()))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Integer> purge(Instant now) {
    return client
        .preparedQuery("DELETE FROM oid4vp_requests WHERE expires_at <= $1")
        .execute(Tuple.of(utc(now)))
        .map(RowSet::rowCount);
  }

  private static Optional<Request> first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    return Optional.of(
        new Request(
            r.getString("id"),
            r.getString("provider"),
            r.getString("recipient"),
            Arrays.asList(r.getArrayOfStrings("categories")),
            r.getString("purpose"),
            r.getString("nonce"),
            r.getString("state"),
            instant(r.getOffsetDateTime("expires_at")),
            Status.of(r.getString("status")),
            r.getString("request_object"),
            r.getString("presentation"),
            r.getString("wallet_error"),
            r.getString("decision")));
  }
}
