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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.LedgerChange;
import kr.consentledger.consent.ReadModel;

/**
 * {@link ReadModel} in the {@code consent_states} table. Ledger changes are applied only when they
 * are not older (by block number) than what the row already shows, so the outbox processor and the
 * event listener can both apply them in any order.
 */
public final class PgReadModel implements ReadModel {
  private static final String COLUMNS =
      "consent_id, credential_hash, subject_did, provider_did, recipient_did, valid_from, valid_until,"
          + " status, code, tx_id, block_number, revocation, revocation_code, updated_at";

  private final SqlClient client;

  /**
   * @param client a pool or a connection in a transaction; owned by the caller
   */
  public PgReadModel(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Future<Boolean> insertIfAbsent(ConsentState s) {
    return client
        .preparedQuery(
            "INSERT INTO consent_states ("
                + COLUMNS
                + ")"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
                + " ON CONFLICT (consent_id) DO NOTHING")
        .execute(
            ConsentRows.addTerms(Tuple.tuple(), s.terms(), s.credentialHash())
                .addString(s.status().jsonName())
                .addString(s.code())
                .addString(s.transactionId())
                .addLong(s.blockNumber())
                .addString(s.revocation())
                .addString(s.revocationCode())
                .addOffsetDateTime(utc(s.updatedAt())))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Optional<ConsentState>> find(String consentId) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM consent_states WHERE consent_id = $1")
        .execute(Tuple.of(consentId))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
  }

  @Override
  public Future<List<ConsentState>> findBySubject(String subject, int offset, int limit) {
    return client
        .preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM consent_states WHERE subject_did = $1 ORDER BY consent_id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(subject, limit, offset))
        .map(
            rows -> {
              List<ConsentState> out = new ArrayList<>();
              rows.forEach(r -> out.add(read(r)));
              return out;
            });
  }

  private static final String APPLY =
      "INSERT INTO consent_states (consent_id, credential_hash, subject_did, provider_did,"
          + " recipient_did, valid_from, valid_until, status, tx_id, block_number, updated_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())"
          + " ON CONFLICT (consent_id) DO UPDATE SET"
          + " credential_hash = EXCLUDED.credential_hash, subject_did = EXCLUDED.subject_did,"
          + " provider_did = EXCLUDED.provider_did, recipient_did = EXCLUDED.recipient_did,"
          + " valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,"
          + " status = EXCLUDED.status, code = NULL, tx_id = EXCLUDED.tx_id,"
          + " block_number = EXCLUDED.block_number,"
          + " revocation = CASE WHEN EXCLUDED.status = 'ConsentWithdrawn' THEN NULL"
          + "   ELSE consent_states.revocation END,"
          + " revocation_code = CASE WHEN EXCLUDED.status = 'ConsentWithdrawn' THEN NULL"
          + "   ELSE consent_states.revocation_code END,"
          + " updated_at = now()"
          + " WHERE consent_states.block_number IS NULL"
          + "   OR consent_states.block_number <= EXCLUDED.block_number";

  @Override
  public Future<Void> apply(LedgerChange c) {
    return client.preparedQuery(APPLY).execute(applyTuple(c)).mapEmpty();
  }

  @Override
  public Future<Void> applyAll(List<LedgerChange> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(changes.size());
    changes.forEach(c -> batch.add(applyTuple(c)));
    return client.preparedQuery(APPLY).executeBatch(batch).mapEmpty();
  }

  private static Tuple applyTuple(LedgerChange c) {
    return ConsentRows.addTerms(Tuple.tuple(), c.terms(), c.credentialHash())
        .addString(c.status().jsonName())
        .addString(c.transactionId())
        .addLong(c.blockNumber());
  }

  @Override
  public Future<Void> markRejected(String consentId, String code, String transactionId) {
    return client
        .preparedQuery(
            "UPDATE consent_states SET status = 'rejected', code = $2, tx_id = $3, updated_at = now()"
                + " WHERE consent_id = $1 AND status = 'pending'")
        .execute(Tuple.of(consentId, code, transactionId))
        .mapEmpty();
  }

  @Override
  public Future<Void> markRevocation(String consentId, String revocation, String code) {
    return client
        .preparedQuery(
            "UPDATE consent_states SET revocation = $2, revocation_code = $3, updated_at = now()"
                + " WHERE consent_id = $1 AND status <> 'ConsentWithdrawn'")
        .execute(Tuple.of(consentId, revocation, code))
        .mapEmpty();
  }

  private static ConsentState read(Row r) {
    OffsetDateTime updated = r.getOffsetDateTime("updated_at");
    return new ConsentState(
        ConsentRows.terms(r),
        r.getString("credential_hash"),
        ConsentStatus.fromJson(r.getString("status")),
        r.getString("code"),
        r.getString("tx_id"),
        r.getLong("block_number"),
        r.getString("revocation"),
        r.getString("revocation_code"),
        instant(updated));
  }
}
