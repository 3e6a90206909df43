/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import kr.consentledger.consent.NonceStore;
import kr.consentledger.consent.Outbox;
import kr.consentledger.consent.OutboxItem;

/** {@link NonceStore} in {@code presentation_nonces}; the unique constraint decides. */
public final class PgNonceStore implements NonceStore {
  private final SqlClient client;

  /**
   * @param client a pool or a connection in a transaction; owned by the caller
   */
  public PgNonceStore(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Future<Boolean> remember(String provider, String nonce) {
    return client
        .preparedQuery(
            "INSERT INTO presentation_nonces (provider_did, nonce) VALUES ($1, $2)"
                + " ON CONFLICT ON CONSTRAINT presentation_nonces_unique DO NOTHING")
        .execute(Tuple.of(provider, nonce))
        .map(rows -> rows.rowCount() == 1);
  }

  /** One statement: the outbox row is inserted only when the nonce row was. */
  @Override
  public Future<Boolean> rememberAndQueue(
      String provider,
      String nonce,
      Outbox outbox,
      OutboxItem.Kind kind,
      String consentId,
      String statement,
      String statementHash) {
    return client
        .preparedQuery(
            "WITH fresh AS (INSERT INTO presentation_nonces (provider_did, nonce) VALUES ($1, $2)"
                + " ON CONFLICT ON CONSTRAINT presentation_nonces_unique DO NOTHING RETURNING 1)"
                + " INSERT INTO outbox (kind, consent_id, statement, statement_hash)"
                + " SELECT $3, $4, $5, $6 FROM fresh RETURNING id")
        .execute(Tuple.of(provider, nonce, kind.dbName(), consentId, statement, statementHash))
        .map(rows -> rows.rowCount() == 1);
  }
}
