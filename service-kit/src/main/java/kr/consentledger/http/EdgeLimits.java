/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import java.util.Objects;

/**
 * The state of a service's edge that must be one per process, whatever the number of event loops
 * serving HTTP: the rate tables (per client address, per authenticated DID, failed authentications
 * per address) and the in-flight cap. Every {@link EdgeHandler} built on the same instance charges
 * the same buckets and takes permits from the same cap, so a caller spreading a burst over
 * connections served by different event loops is limited exactly as on one. Thread-safe.
 *
 * <p>The event-loop delay check is not here: it is per loop ({@link EdgeHandler#install}).
 */
public final class EdgeLimits {
  private final EdgeConfig config;
  private final RateLimiter byAddress;
  private final RateLimiter byDid;
  private final RateLimiter authFailures;
  private final AdmissionControl admission;

  /**
   * @param config the limits
   */
  public EdgeLimits(EdgeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.byAddress = new RateLimiter(config.byAddress(), config.maxCallers());
    this.byDid = new RateLimiter(config.byDid(), config.maxCallers());
    this.authFailures = new RateLimiter(config.byAddress(), config.maxCallers());
    this.admission = new AdmissionControl(config.maxInFlight());
  }

  /**
   * The limits.
   *
   * @return the configuration
   */
  public EdgeConfig config() {
    return config;
  }

  /**
   * The bucket of each client address (routes without DID-auth).
   *
   * @return the table
   */
  public RateLimiter byAddress() {
    return byAddress;
  }

  /**
   * The bucket of each authenticated DID.
   *
   * @return the table
   */
  public RateLimiter byDid() {
    return byDid;
  }

  /**
   * The bucket of each address's failed authentications.
   *
   * @return the table
   */
  public RateLimiter authFailures() {
    return authFailures;
  }

  /**
   * The cap on requests in process.
   *
   * @return the admission control
   */
  public AdmissionControl admission() {
    return admission;
  }
}
