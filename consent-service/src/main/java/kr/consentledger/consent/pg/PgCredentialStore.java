/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.consent.CredentialStore;
import kr.consentledger.consent.StoredCredential;

/** {@link CredentialStore} in the {@code credentials} table. */
public final class PgCredentialStore implements CredentialStore {
  private static final String COLUMNS =
      "consent_id, jws, credential_hash, subject_did, provider_did, recipient_did, erased";

  private final SqlClient client;

  /**
   * @param client a pool or a connection in a transaction; owned by the caller
   */
  public PgCredentialStore(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Future<Boolean> insertIfAbsent(StoredCredential c) {
    return client
        .preparedQuery(
            "INSERT INTO credentials ("
                + COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6, $7)"
                + " ON CONFLICT (consent_id) DO NOTHING")
        .execute(
            Tuple.of(
                    c.consentId(),
                    c.jws(),
                    c.credentialHash(),
                    c.subject(),
                    c.provider(),
                    c.recipient())
                .addBoolean(c.erased()))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Optional<StoredCredential>> find(String consentId) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM credentials WHERE consent_id = $1")
        .execute(Tuple.of(consentId))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
  }

  @Override
  public Future<List<StoredCredential>> findBySubject(String subject, List<String> consentIds) {
    if (consentIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client
        .preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM credentials WHERE subject_did = $1 AND consent_id = ANY($2) ORDER BY consent_id")
        .execute(Tuple.of(subject).addArrayOfString(consentIds.toArray(new String[0])))
        .map(
            rows -> {
              List<StoredCredential> out = new ArrayList<>();
              rows.forEach(r -> out.add(read(r)));
              return out;
            });
  }

  @Override
  public Future<Boolean> erase(String consentId) {
    return client
        .preparedQuery(
            "UPDATE credentials SET jws = NULL, erased = true, erased_at = now()"
                + " WHERE consent_id = $1 AND NOT erased")
        .execute(Tuple.of(consentId))
        .map(rows -> rows.rowCount() == 1);
  }

  private static StoredCredential read(Row r) {
    return new StoredCredential(
        r.getString("consent_id"),
        r.getString("jws"),
        r.getString("credential_hash"),
        r.getString("subject_did"),
        r.getString("provider_did"),
        r.getString("recipient_did"),
        r.getBoolean("erased"));
  }
}
