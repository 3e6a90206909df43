/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import java.util.Map;
import java.util.Objects;
import kr.consentledger.service.Env;

/**
 * What a service does at its HTTP edge, before any route runs: HTTPS, per-caller rate limits and
 * the cap on requests in process. Both services read it from environment variables with their own
 * prefix ({@code CONSENT}, {@code DID_RESOLVER}):
 *
 * <table>
 *   <caption>variables</caption>
 *   <tr><td>{@code <P>_RATE_PER_SECOND}, {@code <P>_RATE_BURST}</td><td>the token bucket of each
 *       client address (requests to routes without DID-auth, and DID-auth failures); rate 0 turns
 *       it off</td></tr>
 *   <tr><td>{@code <P>_DID_RATE_PER_SECOND}, {@code <P>_DID_RATE_BURST}</td><td>the token bucket of
 *       each authenticated DID (routes with DID-auth)</td></tr>
 *   <tr><td>{@code <P>_RATE_CALLERS}</td><td>the most callers tracked per table</td></tr>
 *   <tr><td>{@code <P>_MAX_IN_FLIGHT}</td><td>the most requests in process at once; 0 turns the cap
 *       off</td></tr>
 *   <tr><td>{@code <P>_MAX_EVENT_LOOP_DELAY_MS}</td><td>shed new requests while the serving event
 *       loop is this far behind; 0 turns it off</td></tr>
 *   <tr><td>{@code <P>_TLS_CERT}, {@code <P>_TLS_KEY}, {@code <P>_TLS_CLIENT_CA}, {@code
 *       <P>_TLS_CLIENT_AUTH}</td><td>see {@link ServerTls}</td></tr>
 * </table>
 *
 * @param byAddress the rate of each client address
 * @param byDid the rate of each authenticated DID
 * @param maxCallers the most callers each rate table tracks
 * @param maxInFlight the most requests in process at once, 0 for no cap
 * @param maxEventLoopDelayMillis shed new requests while the event loop is this many milliseconds
 *     behind ({@link EventLoopDelay}), 0 for never
 * @param tls HTTPS, or {@link ServerTls#PLAIN}
 */
public record EdgeConfig(
    RateLimiter.Limit byAddress,
    RateLimiter.Limit byDid,
    int maxCallers,
    int maxInFlight,
    int maxEventLoopDelayMillis,
    ServerTls tls) {

  /** No limits, plain HTTP: for tests that embed a service. */
  public static final EdgeConfig NONE =
      new EdgeConfig(RateLimiter.Limit.OFF, RateLimiter.Limit.OFF, 1, 0, 0, ServerTls.PLAIN);

  /** Checks ranges. */
  public EdgeConfig {
    Objects.requireNonNull(byAddress, "byAddress");
    Objects.requireNonNull(byDid, "byDid");
    Objects.requireNonNull(tls, "tls");
    if (maxCallers < 1) {
      throw new IllegalArgumentException("maxCallers must be at least 1");
    }
    if (maxInFlight < 0 || maxEventLoopDelayMillis < 0) {
      throw new IllegalArgumentException(
          "maxInFlight and maxEventLoopDelayMillis must not be negative");
    }
  }

  /**
   * The same with other TLS settings.
   *
   * @param other the TLS settings
   * @return a new configuration
   */
  public EdgeConfig withTls(ServerTls other) {
    return new EdgeConfig(
        byAddress, byDid, maxCallers, maxInFlight, maxEventLoopDelayMillis, other);
  }

  /**
   * Reads the variables above; a variable that is not set keeps the value of {@code defaults}.
   *
   * @param prefix for example {@code CONSENT}
   * @param env the environment
   * @param defaults the service's defaults
   * @return the configuration
   * @throws IllegalArgumentException naming the variable that is malformed
   */
  public static EdgeConfig fromEnvironment(
      String prefix, Map<String, String> env, EdgeConfig defaults) {
    try {
      return new EdgeConfig(
          new RateLimiter.Limit(
              integer(env, prefix + "_RATE_PER_SECOND", defaults.byAddress().perSecond()),
              integer(env, prefix + "_RATE_BURST", defaults.byAddress().burst())),
          new RateLimiter.Limit(
              integer(env, prefix + "_DID_RATE_PER_SECOND", defaults.byDid().perSecond()),
              integer(env, prefix + "_DID_RATE_BURST", defaults.byDid().burst())),
          (int) integer(env, prefix + "_RATE_CALLERS", defaults.maxCallers()),
          (int) integer(env, prefix + "_MAX_IN_FLIGHT", defaults.maxInFlight()),
          (int)
              integer(env, prefix + "_MAX_EVENT_LOOP_DELAY_MS", defaults.maxEventLoopDelayMillis()),
          ServerTls.fromEnvironment(prefix, env));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().startsWith(prefix)
              ? e.getMessage()
              : prefix + "_RATE_*/_MAX_IN_FLIGHT: " + e.getMessage(),
          e);
    }
  }

  private static long integer(Map<String, String> env, String name, long fallback) {
    return Env.integer(env, name, fallback, 0, Integer.MAX_VALUE);
  }
}
