package kr.consentledger.consent.pg;

import static kr.consentledger.consent.pg.PgTimes.utc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.consentledger.consent.AuditStore;

/** {@link AuditStore} over {@code consent_states}, {@code receipts} and {@code credentials}. */
public final class PgAuditStore implements AuditStore {
  private static final String PARTY =
      " (s.subject_did = $1 OR s.provider_did = $1 OR s.recipient_did = $1)"
          + " AND ((s.updated_at >= $2 AND s.updated_at < $3) OR EXISTS (SELECT 1 FROM receipts r"
          + " WHERE r.consent_id = s.consent_id AND r.recorded_at >= $2 AND r.recorded_at < $3))";

  private final SqlClient client;

  /**
   * @param client a pool; owned by the caller
   */
  public PgAuditStore(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Future<JsonObject> partyActivity(String did, Instant from, Instant to, int page, int size) {
    Tuple range = Tuple.of(did, utc(from), utc(to));
    Future<Long> total =
        client
            .preparedQuery("SELECT count(*) AS n FROM consent_states s WHERE" + PARTY)
            .execute(range)
            .map(rows -> rows.iterator().next().getLong("n"));
    return total.compose(
        n ->
            client
                .preparedQuery(
                    "SELECT s.consent_id, s.status, s.subject_did, s.provider_did, s.recipient_did,"
                        + " s.credential_hash, s.valid_from, s.valid_until, s.tx_id, s.block_number, s.updated_at"
                        + " FROM consent_states s WHERE"
                        + PARTY
                        + " ORDER BY s.updated_at, s.consent_id LIMIT $4 OFFSET $5")
                .execute(Tuple.of(did, utc(from), utc(to), size, (long) page * size))
                .compose(
                    rows -> {
                      Map<String, JsonObject> consents = new LinkedHashMap<>();
                      for (Row r : rows) {
                        JsonArray roles = new JsonArray();
                        if (did.equals(r.getString("subject_did"))) {
                          roles.add("subject");
                        }
                        if (did.equals(r.getString("provider_did"))) {
                          roles.add("provider");
                        }
                        if (did.equals(r.getString("recipient_did"))) {
                          roles.add("recipient");
                        }
                        consents.put(
                            r.getString("consent_id"),
                            new JsonObject()
                                .put("consentId", r.getString("consent_id"))
                                .put("status", r.getString("status"))
                                .put("roles", roles)
                                .put("subject", r.getString("subject_did"))
                                .put("provider", r.getString("provider_did"))
                                .put("recipient", r.getString("recipient_did"))
                                .put("credentialHash", r.getString("credential_hash"))
                                .put("validFrom", text(r.getOffsetDateTime("valid_from")))
                                .put("validUntil", text(r.getOffsetDateTime("valid_until")))
                                .put("transactionId", r.getString("tx_id"))
                                .put("blockNumber", r.getLong("block_number"))
                                .put("updatedAt", text(r.getOffsetDateTime("updated_at")))
                                .put("receipts", new JsonArray()));
                      }
                      JsonObject out = new JsonObject().put("total", n);
                      if (consents.isEmpty()) {
                        return Future.succeededFuture(out.put("consents", new JsonArray()));
                      }
                      return client
                          .preparedQuery(
                              "SELECT receipt_id, consent_id, provider_did, recipient_did, categories, recorded_at,"
                                  + " tx_id, block_number FROM receipts WHERE consent_id = ANY($1)"
                                  + " AND recorded_at >= $2 AND recorded_at < $3"
                                  + " ORDER BY recorded_at, block_number, receipt_id")
                          .execute(
                              Tuple.of(consents.keySet().toArray(new String[0]), utc(from), utc(to)))
                          .map(
                              receipts -> {
                                for (Row r : receipts) {
                                  consents
                                      .get(r.getString("consent_id"))
                                      .getJsonArray("receipts")
                                      .add(
                                          new JsonObject()
                                              .put("receiptId", r.getString("receipt_id"))
                                              .put("provider", r.getString("provider_did"))
                                              .put("recipient", r.getString("recipient_did"))
                                              .put(
                                                  "categories",
                                                  new JsonArray(new ArrayList<Object>(Arrays.asList(r.getArrayOfStrings("categories")))))
                                              .put("recordedAt", text(r.getOffsetDateTime("recorded_at")))
                                              .put("transactionId", r.getString("tx_id"))
                                              .put("blockNumber", r.getLong("block_number")));
                                }
                                return out.put("consents", new JsonArray(new ArrayList<Object>(consents.values())));
                              });
                    }));
  }

  @Override
  public Future<List<StoredHash>> storedCredentials() {
    return client
        .query(
            "SELECT c.consent_id, c.jws, c.credential_hash, s.credential_hash AS read_model_hash"
                + " FROM credentials c LEFT JOIN consent_states s ON s.consent_id = c.consent_id"
                + " WHERE NOT c.erased AND c.jws IS NOT NULL ORDER BY c.consent_id")
        .execute()
        .map(
            rows -> {
              List<StoredHash> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new StoredHash(
                        r.getString("consent_id"),
                        r.getString("jws"),
                        r.getString("credential_hash"),
                        r.getString("read_model_hash")));
              }
              return out;
            });
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
