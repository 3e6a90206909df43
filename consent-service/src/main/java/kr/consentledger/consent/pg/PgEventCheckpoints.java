/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.consent.EventCheckpoint;
import kr.consentledger.consent.EventCheckpoints;

/**
 * {@link EventCheckpoints} in the {@code event_checkpoints} table. A checkpoint only moves forward
 * by block: with several service instances, each one's listener saves it.
 */
public final class PgEventCheckpoints implements EventCheckpoints {
  private final SqlClient client;

  /**
   * @param client a pool or a connection in a transaction; owned by the caller
   */
  public PgEventCheckpoints(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Future<Optional<EventCheckpoint>> load(String listener) {
    return client
        .preparedQuery("SELECT block_number, tx_id FROM event_checkpoints WHERE listener = $1")
        .execute(Tuple.of(listener))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new EventCheckpoint(r.getLong("block_number"), r.getString("tx_id")));
            });
  }

  @Override
  public Future<Void> save(String listener, EventCheckpoint checkpoint) {
    return client
        .preparedQuery(
            "INSERT INTO event_checkpoints (listener, block_number, tx_id, updated_at) VALUES ($1, $2, $3, now())"
                + " ON CONFLICT (listener) DO UPDATE SET block_number = EXCLUDED.block_number,"
                + " tx_id = EXCLUDED.tx_id, updated_at = now()"
                // Every instance's listener applies every event (idempotently) and saves the
                // checkpoint in the same transaction: a listener behind another never moves the
                // checkpoint back to an earlier block.
                + " WHERE event_checkpoints.block_number <= EXCLUDED.block_number")
        .execute(Tuple.of(listener, checkpoint.blockNumber(), checkpoint.transactionId()))
        .mapEmpty();
  }
}
