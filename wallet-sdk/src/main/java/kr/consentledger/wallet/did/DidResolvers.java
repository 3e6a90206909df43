/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Dids;

/** Factories for {@link DidResolver}s. */
public final class DidResolvers {
  private DidResolvers() {}

  /**
   * Returns a resolver for {@code did:key} and {@code did:jwk}, computed locally without I/O.
   *
   * @return a resolver for {@code did:key} and {@code did:jwk}, computed locally without I/O
   */
  public static DidResolver local() {
    return byMethod(Map.of("key", unchanging(DidKey::resolve), "jwk", unchanging(DidJwk::resolve)));
  }

  /** A resolver of DIDs whose document never changes: any past time has the one document. */
  private static DidResolver unchanging(DidResolver resolver) {
    return new DidResolver() {
      @Override
      public DidDocument resolve(String did) throws RejectedException, WalletException {
        return resolver.resolve(did);
      }

      @Override
      public DidDocument resolveAt(String did, Instant versionTime)
          throws RejectedException, WalletException {
        return resolver.resolve(did);
      }
    };
  }

  /**
   * Routes by DID method name.
   *
   * @param resolvers method name (for example {@code "fabric"}) to resolver; copied
   * @return a resolver that rejects other methods with METHOD_NOT_SUPPORTED
   */
  public static DidResolver byMethod(Map<String, DidResolver> resolvers) {
    Map<String, DidResolver> copy = Map.copyOf(Objects.requireNonNull(resolvers, "resolvers"));
    return new DidResolver() {
      @Override
      public DidDocument resolve(String did) throws RejectedException, WalletException {
        return route(copy, did).resolve(did);
      }

      @Override
      public DidDocument resolveAt(String did, Instant versionTime)
          throws RejectedException, WalletException {
        return route(copy, did).resolveAt(did, versionTime);
      }
    };
  }

  private static DidResolver route(Map<String, DidResolver> resolvers, String did)
      throws RejectedException {
    String method = Dids.method(did);
    DidResolver r = resolvers.get(method);
    if (r == null) {
      throw new RejectedException(
          RejectionReason.METHOD_NOT_SUPPORTED,
          "DID rejected: method \"" + method + "\" is not supported by this resolver");
    }
    return r;
  }
}
