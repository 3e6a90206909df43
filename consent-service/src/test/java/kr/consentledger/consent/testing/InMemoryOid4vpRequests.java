/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import kr.consentledger.consent.Oid4vpRequestStore;

/** {@link Oid4vpRequestStore} in memory, for unit tests (the service keeps them in PostgreSQL). */
public final class InMemoryOid4vpRequests implements Oid4vpRequestStore {
  private final Map<String, Request> requests = new ConcurrentHashMap<>();

  @Override
  public synchronized Future<Boolean> insert(Request request, int maxOpen, Instant now) {
    long open = requests.values().stream().filter(r -> now.isBefore(r.expiresAt())).count();
    if (open >= maxOpen || requests.putIfAbsent(request.id(), request) != null) {
      return Future.succeededFuture(false);
    }
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Optional<Request>> find(String id) {
    return Future.succeededFuture(Optional.ofNullable(requests.get(id)));
  }

  @Override
  public synchronized Future<Boolean> replace(Status expected, Request next) {
    Request stored = requests.get(next.id());
    if (stored == null || stored.status() != expected) {
      return Future.succeededFuture(false);
    }
    requests.put(next.id(), next);
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Integer> purge(Instant now) {
    int before = requests.size();
    requests.values().removeIf(r -> !now.isBefore(r.expiresAt()));
    return Future.succeededFuture(before - requests.size());
  }

  /**
   * How many requests are kept.
   *
   * @return the count
   */
  public int size() {
    return requests.size();
  }
}
