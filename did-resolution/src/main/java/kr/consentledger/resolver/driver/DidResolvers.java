/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import java.util.List;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionError;

/** Static factories for {@link DidResolver}s. */
public final class DidResolvers {
  private DidResolvers() {}

  /**
   * A resolver for {@code did:key} and {@code did:jwk}, computed without I/O.
   *
   * @return the resolver; other methods fail with {@link ResolutionError#METHOD_NOT_SUPPORTED}
   */
  public static DidResolver local() {
    return byMethod(localDrivers());
  }

  /**
   * The drivers behind {@link #local()}, to combine with others in {@link #byMethod}; each keeps up
   * to 4,096 computed documents.
   *
   * @return the did:key and did:jwk drivers
   */
  public static List<DidMethodDriver> localDrivers() {
    return List.of(new KeyDidDriver(), new JwkDidDriver());
  }

  /**
   * The drivers behind {@link #local()} with caches of a given size.
   *
   * @param cacheSize the most computed documents each driver keeps; 0 computes every one
   * @return the did:key and did:jwk drivers
   */
  public static List<DidMethodDriver> localDrivers(int cacheSize) {
    return List.of(new KeyDidDriver(cacheSize), new JwkDidDriver(cacheSize));
  }

  /**
   * A resolver that checks the DID syntax and routes by method name.
   *
   * @param drivers one driver per method; copied
   * @return the resolver; methods without a driver fail with {@link
   *     ResolutionError#METHOD_NOT_SUPPORTED}
   * @throws IllegalArgumentException when two drivers claim the same method
   */
  public static DidResolver byMethod(List<? extends DidMethodDriver> drivers) {
    return new MethodRoutingResolver(List.copyOf(drivers));
  }
}
