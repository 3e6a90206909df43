/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import kr.consentledger.resolver.Did;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.did.DidDocument;

/**
 * A driver for a method whose documents are computed locally, without I/O, by the wallet SDK
 * ({@code did:key}, {@code did:jwk}). Version options are ignored: such a DID has exactly one
 * version.
 *
 * <p>A DID's document is a function of the DID alone and never changes, so computed results are
 * kept in a bounded Caffeine cache (size-capped, least-frequently-used entries evicted; W-TinyLFU
 * admission keeps a flood of one-off DIDs from pushing out the ones in use). A cached result is
 * returned as the same instance, so its JSON text is encoded once ({@link
 * ResolutionResult#encodedDocument()}). Rejections are not cached. Thread-safe.
 */
abstract class LocalDidDriver implements DidMethodDriver {
  /** The default number of documents each local driver keeps. */
  public static final int DEFAULT_CACHE_SIZE = 4096;

  /** Computes a DID document, failing with INVALID_DID saying why. */
  @FunctionalInterface
  interface Documents {
    JsonObject of(String did) throws ResolutionException;
  }

  /** One of the wallet SDK's local resolvers, such as {@code DidKey::resolve}. */
  @FunctionalInterface
  interface SdkResolver {
    DidDocument resolve(String did) throws RejectedException;
  }

  private final String method;
  private final Documents documents;
  private final Cache<String, ResolutionResult> cache;
  private final int cacheSize;

  LocalDidDriver(String method, Documents documents, int cacheSize) {
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must not be negative");
    }
    this.method = Objects.requireNonNull(method, "method");
    this.documents = Objects.requireNonNull(documents, "documents");
    this.cacheSize = cacheSize;
    this.cache =
        cacheSize == 0
            ? null
            : Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
  }

  @Override
  public final String method() {
    return method;
  }

  @Override
  public final Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
    ResolutionResult cached = cache == null ? null : cache.getIfPresent(did);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    ResolutionResult computed;
    try {
      computed = ResolutionResult.of(documents.of(did), null);
    } catch (ResolutionException e) {
      return Future.failedFuture(e);
    }
    if (cache == null) {
      return Future.succeededFuture(computed);
    }
    // Two event loops computing the same DID at once keep the first result, so both share one.
    return Future.succeededFuture(cache.asMap().merge(did, computed, (first, second) -> first));
  }

  /**
   * The most documents this driver keeps.
   *
   * @return the cap; 0 when nothing is cached
   */
  public final int cacheSize() {
    return cacheSize;
  }

  /**
   * The documents kept now (an estimate, never above the cap for long).
   *
   * @return the number of cached documents
   */
  public final long cachedDocuments() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /**
   * Checks the DID syntax, then has the SDK compute the document.
   *
   * @return the document, members sorted as the SDK writes them
   * @throws ResolutionException INVALID_DID saying why: the syntax, the method, or the key
   */
  static JsonObject document(String did, SdkResolver sdk) throws ResolutionException {
    Did.parse(did); // this resolver's syntax messages, the same for every method
    try {
      return new JsonObject(sdk.resolve(did).toJson());
    } catch (RejectedException e) {
      // INVALID_DID or UNSUPPORTED_KEY_TYPE: either way the DID names no key this resolver can
      // use, which DID Resolution reports as invalidDid. The SDK's message says which.
      throw new ResolutionException(ResolutionError.INVALID_DID, e.getMessage(), null, e);
    }
  }
}
