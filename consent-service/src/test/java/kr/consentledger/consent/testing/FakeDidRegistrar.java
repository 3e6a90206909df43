/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import kr.consentledger.consent.DidRegistrar;

/** A registrar that records what it is given and answers as told. */
public final class FakeDidRegistrar implements DidRegistrar {
  /** One call. */
  public record Call(Operation operation, String jws) {}

  /** Every call, in order. */
  public final List<Call> calls = new ArrayList<>();

  /** When set, every call fails with it. */
  public volatile Throwable failure;

  @Override
  public synchronized Future<Registered> submit(Operation operation, String jws) {
    calls.add(new Call(operation, jws));
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    JsonObject result =
        new JsonObject()
            .put("didDocument", new JsonObject().put("id", "from-the-ledger"))
            .put("didDocumentMetadata", new JsonObject().put("versionId", "v-" + calls.size()));
    return Future.succeededFuture(new Registered("tx-did-" + calls.size(), 7L, result.encode()));
  }
}
