/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import java.util.LinkedHashMap;
import java.util.Map;
import kr.consentledger.resolver.ResolutionResult;

/**
 * A bounded LRU cache of the latest resolution result per DID, thread-safe (event loops read and
 * write it, the event listener thread invalidates it).
 *
 * <p>A result fetched before an invalidation must not be stored after it, or a rotated-away key
 * would be served until eviction. So callers take a {@link #generation()} ticket before fetching
 * and {@link #put} only succeeds while no invalidation happened since. The cache is also disabled
 * (empty, storing nothing) while the change feed is down, because then invalidations are missed.
 */
public final class DidDocumentCache {
  private final int maxEntries;
  private final LinkedHashMap<String, ResolutionResult> entries;
  private long generation;
  private boolean enabled;
  private long hits;
  private long misses;

  /**
   * @param maxEntries the most entries kept; 0 disables caching
   */
  public DidDocumentCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative");
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ResolutionResult> eldest) {
            return size() > DidDocumentCache.this.maxEntries;
          }
        };
  }

  /**
   * Returns the cached result, or null.
   *
   * @return the cached result, or null
   */
  public synchronized ResolutionResult get(String did) {
    ResolutionResult result = enabled ? entries.get(did) : null;
    if (result == null) {
      misses++;
    } else {
      hits++;
    }
    return result;
  }

  /**
   * Returns a ticket for {@link #put}: the number of invalidations so far.
   *
   * @return a ticket for {@link #put}: the number of invalidations so far
   */
  public synchronized long generation() {
    return generation;
  }

  /**
   * Stores a result unless the cache was invalidated or disabled after {@code ticket} was taken.
   *
   * @return whether it was stored
   */
  public synchronized boolean put(String did, ResolutionResult result, long ticket) {
    if (!enabled || ticket != generation || maxEntries == 0) {
      return false;
    }
    entries.put(did, result);
    return true;
  }

  /** Drops one DID and refuses results fetched before now. */
  public synchronized void invalidate(String did) {
    generation++;
    entries.remove(did);
  }

  /** Empties the cache and stops storing until {@link #enable()}: the change feed is down. */
  public synchronized void disable() {
    generation++;
    enabled = false;
    entries.clear();
  }

  /** Starts storing again: the change feed is up. */
  public synchronized void enable() {
    generation++;
    enabled = true;
  }

  /**
   * Returns whether the cache stores results.
   *
   * @return whether the cache stores results
   */
  public synchronized boolean enabled() {
    return enabled;
  }

  /**
   * Returns the number of entries.
   *
   * @return the number of entries
   */
  public synchronized int size() {
    return entries.size();
  }

  /**
   * Returns lookups that found an entry.
   *
   * @return lookups that found an entry
   */
  public synchronized long hits() {
    return hits;
  }

  /**
   * Returns lookups that found none.
   *
   * @return lookups that found none
   */
  public synchronized long misses() {
    return misses;
  }
}
