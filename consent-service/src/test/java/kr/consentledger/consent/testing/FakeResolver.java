/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import kr.consentledger.wallet.did.DidDocument;

/** A fake {@link DidResolver}: documents registered by the test; others are notFound. */
public final class FakeResolver implements DidResolver {
  private final Map<String, DidDocument> documents = new HashMap<>();
  private final Set<String> deactivated = new HashSet<>();
  private final Map<String, TreeMap<Instant, DidDocument>> versions = new HashMap<>();
  public int calls;

  /**
   * A version of a DID in force from a time on, for resolution with {@code versionTime} (the
   * version with the latest time not after it); the current document stays {@link #register}'s.
   */
  public void registerVersion(DidDocument doc, Instant from) {
    versions.computeIfAbsent(doc.id(), d -> new TreeMap<>()).put(from, doc);
  }

  public void register(DidDocument doc) {
    documents.put(doc.id(), doc);
  }

  public void deactivate(String did) {
    deactivated.add(did);
  }

  @Override
  public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
    calls++;
    DidDocument doc = documents.get(did);
    if (options.versionTime() != null && versions.containsKey(did)) {
      Map.Entry<Instant, DidDocument> then = versions.get(did).floorEntry(options.versionTime());
      doc = then == null ? null : then.getValue();
    }
    if (doc == null) {
      return Future.failedFuture(
          new ResolutionException(ResolutionError.NOT_FOUND, "no DID " + did));
    }
    JsonObject meta = deactivated.contains(did) ? new JsonObject().put("deactivated", true) : null;
    return Future.succeededFuture(ResolutionResult.of(new JsonObject(doc.toJson()), meta));
  }
}
