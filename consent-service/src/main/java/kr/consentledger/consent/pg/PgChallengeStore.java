/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import static kr.consentledger.consent.pg.PgTimes.instant;
import static kr.consentledger.consent.pg.PgTimes.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.consent.Challenge;
import kr.consentledger.consent.ChallengeStore;

/** {@link ChallengeStore} in the {@code challenges} table. */
public final class PgChallengeStore implements ChallengeStore {
  private final SqlClient client;

  /**
   * @param client a pool or a connection in a transaction; owned by the caller
   */
  public PgChallengeStore(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Future<Void> save(Challenge c) {
    return client
        .preparedQuery("INSERT INTO challenges (challenge, did, expires_at) VALUES ($1, $2, $3)")
        .execute(Tuple.of(c.value(), c.did(), utc(c.expiresAt())))
        .mapEmpty();
  }

  @Override
  public Future<Optional<Challenge>> find(String value) {
    return client
        .preparedQuery("SELECT challenge, did, expires_at FROM challenges WHERE challenge = $1")
        .execute(Tuple.of(value))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
  }

  @Override
  public Future<Integer> deleteExpired(Instant now) {
    return client
        .preparedQuery("DELETE FROM challenges WHERE expires_at < $1")
        .execute(Tuple.of(utc(now)))
        .map(rows -> rows.rowCount());
  }

  private static Challenge read(Row r) {
    return new Challenge(
        r.getString("challenge"), r.getString("did"), instant(r.getOffsetDateTime("expires_at")));
  }
}
