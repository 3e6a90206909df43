package kr.consentledger.consent.testing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kr.consentledger.consent.AuditLedger;
import kr.consentledger.consent.AuditStore;

/** A fake ledger history and read model for the auditor API, answering from maps. */
public class FakeAudit implements AuditLedger, AuditStore {
  public final Map<String, JsonArray> histories = new HashMap<>();
  public final Map<String, JsonArray> receipts = new HashMap<>();
  public final Map<String, JsonObject> proofs = new HashMap<>();
  public final List<StoredHash> stored = new ArrayList<>();
  /** The arguments of the last partyActivity call. */
  public final List<Object> lastPartyQuery = new ArrayList<>();
  /** When set, every ledger read fails with it. */
  public Throwable ledgerFailure;
  public JsonObject activity = new JsonObject().put("total", 0).put("consents", new JsonArray());

  @Override
  public Future<Optional<JsonArray>> history(String consentId) {
    if (ledgerFailure != null) {
      return Future.failedFuture(ledgerFailure);
    }
    return Future.succeededFuture(Optional.ofNullable(histories.get(consentId)).map(JsonArray::copy));
  }

  @Override
  public Future<JsonArray> receipts(String consentId) {
    return Future.succeededFuture(receipts.getOrDefault(consentId, new JsonArray()).copy());
  }

  @Override
  public Future<Optional<JsonObject>> proof(String txId) {
    if (ledgerFailure != null) {
      return Future.failedFuture(ledgerFailure);
    }
    return Future.succeededFuture(Optional.ofNullable(proofs.get(txId)));
  }

  @Override
  public Future<JsonObject> partyActivity(String did, Instant from, Instant to, int page, int size) {
    lastPartyQuery.clear();
    lastPartyQuery.addAll(List.of(did, from, to, page, size));
    return Future.succeededFuture(activity.copy());
  }

  @Override
  public Future<List<StoredHash>> storedCredentials() {
    return Future.succeededFuture(List.copyOf(stored));
  }
}
