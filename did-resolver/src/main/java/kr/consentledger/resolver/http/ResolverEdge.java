/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeHandler;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.RateLimiter;
import kr.consentledger.http.ServerTls;

/**
 * did-resolver's edge: every route is open, so every request is limited by its client address;
 * problems {@code rateLimited} (429) and {@code overloaded} (503), both with {@code Retry-After}.
 */
public final class ResolverEdge {
  /** The environment variables' prefix. */
  public static final String PREFIX = "DID_RESOLVER";

  /**
   * The defaults: 500 requests a second per address with bursts of 1,000, 100,000 addresses
   * tracked, 256 requests in process at once, shedding while the event loop is 30 ms behind, plain
   * HTTP.
   */
  public static final EdgeConfig DEFAULTS =
      new EdgeConfig(
          new RateLimiter.Limit(500, 1000),
          RateLimiter.Limit.OFF,
          100_000,
          256,
          30,
          ServerTls.PLAIN);

  private ResolverEdge() {}

  static EdgeHandler handler(EdgeLimits limits) {
    return new EdgeHandler(
        limits,
        new EdgeHandler.Problem(
            ResolverFailureHandler.PROBLEM_BASE + "rateLimited",
            "Too many requests",
            "rateLimited"),
        new EdgeHandler.Problem(
            ResolverFailureHandler.PROBLEM_BASE + "overloaded", "Overloaded", "overloaded"),
        ctx -> false);
  }
}
