/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.boot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kr.consentledger.resolver.driver.DidDocumentCache;

/**
 * The resolver's own meters: {@code did_resolver_cache_hits_total}, {@code
 * did_resolver_cache_misses_total} and {@code did_resolver_cache_size} of the did:fabric result
 * cache, read from the cache's own counters when scraped (nothing is recorded per request).
 */
final class ResolverMetrics {
  private ResolverMetrics() {}

  /**
   * Registers the cache's meters.
   *
   * @param registry the registry
   * @param cache the did:fabric cache
   */
  static void register(MeterRegistry registry, DidDocumentCache cache) {
    FunctionCounter.builder("did.resolver.cache.hits", cache, DidDocumentCache::hits)
        .description("did:fabric resolutions answered from the cache")
        .tag("method", "fabric")
        .register(registry);
    FunctionCounter.builder("did.resolver.cache.misses", cache, DidDocumentCache::misses)
        .description("did:fabric resolutions read from the ledger")
        .tag("method", "fabric")
        .register(registry);
    Gauge.builder("did.resolver.cache.size", cache, DidDocumentCache::size)
        .description("did:fabric results cached")
        .tag("method", "fabric")
        .register(registry);
  }
}
