/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.consentledger.resolver.Did;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;

/** Checks the DID syntax, then hands the DID to the driver of its method. */
public final class MethodRoutingResolver implements DidResolver {
  private final Map<String, DidMethodDriver> drivers;

  /**
   * @param drivers one driver per method name
   * @throws IllegalArgumentException when two drivers claim the same method
   */
  public MethodRoutingResolver(List<? extends DidMethodDriver> drivers) {
    Map<String, DidMethodDriver> byMethod = new HashMap<>();
    for (DidMethodDriver driver : drivers) {
      Objects.requireNonNull(driver, "driver");
      if (byMethod.put(driver.method(), driver) != null) {
        throw new IllegalArgumentException("two drivers for method " + driver.method());
      }
    }
    this.drivers = Map.copyOf(byMethod);
  }

  @Override
  public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
    Objects.requireNonNull(options, "options");
    Did parsed;
    try {
      parsed = Did.parse(did);
    } catch (ResolutionException e) {
      return Future.failedFuture(e);
    }
    DidMethodDriver driver = drivers.get(parsed.method());
    if (driver == null) {
      return Future.failedFuture(
          new ResolutionException(
              ResolutionError.METHOD_NOT_SUPPORTED,
              "DID method \"" + parsed.method() + "\" is not supported by this resolver"));
    }
    return driver.resolve(did, options);
  }
}
