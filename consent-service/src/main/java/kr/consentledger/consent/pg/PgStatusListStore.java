/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import static kr.consentledger.consent.pg.PgTimes.instant;
import static kr.consentledger.consent.pg.PgTimes.utc;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.StatusListStore;

/**
 * {@link StatusListStore} in the {@code status_lists} and {@code status_list_indexes} tables
 * (migration V6). A reservation is one statement: the index row (random, {@code ON CONFLICT DO
 * NOTHING}) and the list's count, so an index is never given out twice, even by two instances at
 * once; a list is closed once half its entries are reserved, so a random index is found in a few
 * tries and indexes stay spread over the list.
 */
public final class PgStatusListStore implements StatusListStore {
  /** The entries of a new list: the specification's minimum (16 KB). */
  public static final int LIST_SIZE = 131_072;

  /** How many random indexes a reservation tries before it gives up (each at most half taken). */
  static final int TRIES = 40;

  private final SqlClient client;

  /**
   * @param client a pool; owned by the caller
   */
  public PgStatusListStore(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Future<Reservation> reserve(
      String subject, Instant now, Instant expiresAt, IntUnaryOperator randomIndex) {
    return openList().compose(list -> reserveIn(list, subject, now, expiresAt, randomIndex, 0));
  }

  private record OpenList(int listId, int size) {}

  private Future<OpenList> openList() {
    return client
        .query("SELECT list_id, size, reserved FROM status_lists ORDER BY list_id DESC LIMIT 1")
        .execute()
        .compose(
            rows -> {
              Row r = rows.iterator().next();
              int listId = r.getInteger("list_id");
              int size = r.getInteger("size");
              if ((long) r.getInteger("reserved") * 2 < size) {
                return Future.succeededFuture(new OpenList(listId, size));
              }
              return client
                  .preparedQuery(
                      "INSERT INTO status_lists (list_id, size) VALUES ($1, $2)"
                          + " ON CONFLICT DO NOTHING")
                  .execute(Tuple.of(listId + 1, LIST_SIZE))
                  .compose(v -> openList());
            });
  }

  private Future<Reservation> reserveIn(
      OpenList list,
      String subject,
      Instant now,
      Instant expiresAt,
      IntUnaryOperator randomIndex,
      int attempt) {
    if (attempt >= TRIES) {
      // Only when other reservations filled the list meanwhile: start again with the open list.
      return reserve(subject, now, expiresAt, randomIndex);
    }
    int index = randomIndex.applyAsInt(list.size());
    return client
        .preparedQuery(
            "WITH ins AS (INSERT INTO status_list_indexes"
                + " (list_id, idx, subject_did, reserved_at, expires_at)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING idx)"
                + " UPDATE status_lists SET reserved = reserved + 1"
                + " WHERE list_id = $1 AND EXISTS (SELECT 1 FROM ins) RETURNING reserved")
        .execute(Tuple.of(list.listId(), index, subject, utc(now), utc(expiresAt)))
        .compose(
            rows ->
                rows.rowCount() == 1
                    ? Future.succeededFuture(new Reservation(list.listId(), index, expiresAt))
                    : reserveIn(list, subject, now, expiresAt, randomIndex, attempt + 1));
  }

  @Override
  public Future<Claim> bind(int listId, int index, String subject, String consentId, Instant now) {
    return client
        .preparedQuery(
            "UPDATE status_list_indexes SET consent_id = $4, bound_at = $5"
                + " WHERE list_id = $1 AND idx = $2 AND subject_did = $3"
                + " AND consent_id IS NULL AND expires_at > $5")
        .execute(Tuple.of(listId, index, subject, consentId, utc(now)))
        .recover(
            e -> {
              // consent_id is unique: this consent id already has another index, so this is
              // another credential under a consent id already in use.
              if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return Future.failedFuture(
                    new ConsentException(
                        ProblemCode.CONSENT_EXISTS,
                        "another credential already uses this consent id"));
              }
              return Future.failedFuture(e);
            })
        .compose(
            rows -> {
              if (rows.rowCount() == 1) {
                return Future.succeededFuture(Claim.BOUND);
              }
              return client
                  .preparedQuery(
                      "SELECT subject_did, consent_id, expires_at FROM status_list_indexes"
                          + " WHERE list_id = $1 AND idx = $2")
                  .execute(Tuple.of(listId, index))
                  .map(
                      found -> {
                        if (found.size() == 0) {
                          return Claim.NOT_RESERVED;
                        }
                        Row r = found.iterator().next();
                        String bound = r.getString("consent_id");
                        if (!subject.equals(r.getString("subject_did"))) {
                          return Claim.NOT_RESERVED;
                        }
                        if (bound != null) {
                          return bound.equals(consentId) ? Claim.BOUND : Claim.NOT_RESERVED;
                        }
                        return instant(r.getOffsetDateTime("expires_at")).isAfter(now)
                            ? Claim.NOT_RESERVED
                            : Claim.EXPIRED;
                      });
            });
  }

  @Override
  public Future<Optional<ListState>> state(int listId) {
    return client
        .preparedQuery(
            "SELECT l.size, l.purpose, i.idx FROM status_lists l"
                + " LEFT JOIN (status_list_indexes i JOIN consent_states s"
                + " ON s.consent_id = i.consent_id AND s.status = 'ConsentWithdrawn')"
                + " ON i.list_id = l.list_id"
                + " WHERE l.list_id = $1 ORDER BY i.idx")
        .execute(Tuple.of(listId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              int size = 0;
              String purpose = null;
              List<Integer> set = new ArrayList<>();
              for (Row r : rows) {
                size = r.getInteger("size");
                purpose = r.getString("purpose");
                Integer idx = r.getInteger("idx");
                if (idx != null) {
                  set.add(idx);
                }
              }
              return Optional.of(new ListState(listId, size, purpose, List.copyOf(set)));
            });
  }
}
