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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.ReceiptStore;

/** {@link ReceiptStore} in the {@code receipts} table. */
public final class PgReceiptStore implements ReceiptStore {
  private final SqlClient client;

  /**
   * @param client a pool or a connection in a transaction; owned by the caller
   */
  public PgReceiptStore(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  private static final String RECORD =
      "INSERT INTO receipts (receipt_id, consent_id, provider_did, recipient_did, categories,"
          + " presentation_hash, recorded_at, tx_id, block_number)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (receipt_id) DO NOTHING";

  @Override
  public Future<Void> record(Receipt r) {
    return client.preparedQuery(RECORD).execute(recordTuple(r)).mapEmpty();
  }

  @Override
  public Future<Void> recordAll(List<Receipt> receipts) {
    if (receipts.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(receipts.size());
    receipts.forEach(r -> batch.add(recordTuple(r)));
    return client.preparedQuery(RECORD).executeBatch(batch).mapEmpty();
  }

  private static Tuple recordTuple(Receipt r) {
    return Tuple.of(
            r.receiptId(),
            r.consentId(),
            r.provider(),
            r.recipient(),
            r.categories().toArray(new String[0]),
            r.presentationHash())
        .addValue(utc(r.recordedAt()))
        .addValue(r.transactionId())
        .addValue(r.blockNumber());
  }

  @Override
  public Future<List<Receipt>> forConsent(String consentId, int offset, int limit) {
    return select(
        " WHERE consent_id = $1 ORDER BY recorded_at, block_number, receipt_id LIMIT $2 OFFSET $3",
        Tuple.of(consentId, limit, offset));
  }

  @Override
  public Future<List<Receipt>> forSubject(String subject, int offset, int limit) {
    return select(
        " WHERE consent_id IN (SELECT consent_id FROM consent_states WHERE subject_did = $1)"
            + " ORDER BY recorded_at DESC, block_number DESC, receipt_id LIMIT $2 OFFSET $3",
        Tuple.of(subject, limit, offset));
  }

  private Future<List<Receipt>> select(String where, Tuple arguments) {
    return client
        .preparedQuery(
            "SELECT receipt_id, consent_id, provider_did, recipient_did, categories, presentation_hash,"
                + " recorded_at, tx_id, block_number FROM receipts"
                + where)
        .execute(arguments)
        .map(
            rows -> {
              List<Receipt> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Receipt(
                        r.getString("receipt_id"),
                        r.getString("consent_id"),
                        r.getString("provider_did"),
                        r.getString("recipient_did"),
                        Arrays.asList(r.getArrayOfStrings("categories")),
                        r.getString("presentation_hash"),
                        instant(r.getOffsetDateTime("recorded_at")),
                        r.getString("tx_id"),
                        r.getLong("block_number")));
              }
              return out;
            });
  }
}
