/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;

/**
 * What the operators' metrics and readiness read from the database: one statement for the outbox's
 * depth, the age of its oldest item not completed and the event listener's checkpoint; and {@code
 * SELECT 1} for readiness.
 */
public final class PgOpsStats {
  /**
   * One reading.
   *
   * @param waiting outbox items pending or submitted
   * @param oldestAgeSeconds the oldest one's age in seconds, 0 when none
   * @param checkpointBlock the block of the listener's checkpoint, -1 when it has none
   */
  public record Snapshot(long waiting, double oldestAgeSeconds, long checkpointBlock) {}

  private static final String SQL =
      "SELECT (SELECT count(*) FROM outbox WHERE state IN ('pending', 'submitted')) AS waiting,"
          + " (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 FROM outbox"
          + " WHERE state IN ('pending', 'submitted')) AS oldest,"
          + " (SELECT block_number FROM event_checkpoints WHERE listener = $1) AS block";

  private final SqlClient client;
  private final String listener;

  /**
   * @param client the pool
   * @param listener the event listener's checkpoint name
   */
  public PgOpsStats(SqlClient client, String listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Reads the outbox and the checkpoint.
   *
   * @return the reading
   */
  public Future<Snapshot> read() {
    return client
        .preparedQuery(SQL)
        .execute(Tuple.of(listener))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              Long block = row.getLong("block");
              return new Snapshot(
                  row.getLong("waiting"), row.getDouble("oldest"), block == null ? -1 : block);
            });
  }

  /**
   * Whether the database answers ({@code SELECT 1}).
   *
   * @return a future that fails when it does not
   */
  public Future<Void> ping() {
    return client.query("SELECT 1").execute().mapEmpty();
  }
}
