/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import java.util.Map;
import java.util.Objects;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
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
    return byMethod(Map.of("key", DidKey::resolve, "jwk", DidJwk::resolve));
  }

  /**
   * Routes by DID method name.
   *
   * @param resolvers method name (for example {@code "fabric"}) to resolver; copied
   * @return a resolver that rejects other methods with METHOD_NOT_SUPPORTED
   */
  public static DidResolver byMethod(Map<String, DidResolver> resolvers) {
    Map<String, DidResolver> copy = Map.copyOf(Objects.requireNonNull(resolvers, "resolvers"));
    return did -> {
      String method = Dids.method(did);
      DidResolver r = copy.get(method);
      if (r == null) {
        throw new RejectedException(
            RejectionReason.METHOD_NOT_SUPPORTED,
            "DID rejected: method \"" + method + "\" is not supported by this resolver");
      }
      return r.resolve(did);
    };
  }
}
