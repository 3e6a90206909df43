package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import kr.consentledger.consent.NonceStore;

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
}
