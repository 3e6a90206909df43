package kr.consentledger.resolver.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import kr.consentledger.resolver.Did;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import kr.consentledger.wallet.DidDocument;
import kr.consentledger.wallet.RejectedException;

/**
 * A driver for a method whose documents are computed locally, without I/O, by the wallet SDK
 * ({@code did:key}, {@code did:jwk}). Version options are ignored: such a DID has exactly one
 * version.
 */
abstract class LocalDidDriver implements DidMethodDriver {
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

  LocalDidDriver(String method, Documents documents) {
    this.method = Objects.requireNonNull(method, "method");
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  @Override
  public final String method() {
    return method;
  }

  @Override
  public final Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
    try {
      return Future.succeededFuture(ResolutionResult.of(documents.of(did), null));
    } catch (ResolutionException e) {
      return Future.failedFuture(e);
    }
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
