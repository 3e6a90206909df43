/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import io.vertx.core.Future;
import java.util.Objects;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;

/**
 * Serves the latest version of a DID from a {@link DidDocumentCache}, asking the wrapped driver on
 * a miss. Requests for a versionId or versionTime always go to the driver.
 */
public final class CachingDidDriver implements DidMethodDriver {
  private final DidMethodDriver delegate;
  private final DidDocumentCache cache;

  /**
   * @param delegate the driver that resolves misses
   * @param cache the cache, shared with the invalidating event listener
   */
  public CachingDidDriver(DidMethodDriver delegate, DidDocumentCache cache) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String method() {
    return delegate.method();
  }

  @Override
  public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
    if (!options.isLatest()) {
      return delegate.resolve(did, options);
    }
    ResolutionResult cached = cache.get(did);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long ticket = cache.generation();
    return delegate.resolve(did, options).onSuccess(result -> cache.put(did, result, ticket));
  }
}
