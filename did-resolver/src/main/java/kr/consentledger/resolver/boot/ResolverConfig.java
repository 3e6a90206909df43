/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.boot;

import java.util.Map;
import java.util.Objects;
import kr.consentledger.http.HttpServingVerticle;
import kr.consentledger.network.gateway.LedgerTarget;
import kr.consentledger.resolver.driver.KeyDidDriver;
import kr.consentledger.service.Env;

/**
 * The service's configuration, parsed once at start-up.
 *
 * @param host the address to listen on
 * @param port the HTTP port; 0 picks a free one
 * @param ledger the ledger to resolve did:fabric from, or null to serve did:key and did:jwk only
 * @param cacheSize the most did:fabric results cached; 0 disables the cache
 * @param ledgerWorkers the size of the worker pool for blocking gateway calls
 * @param localCacheSize the most computed did:key (and, as many again, did:jwk) documents kept; 0
 *     computes every one
 * @param eventLoops how many instances of the HTTP serving verticle to deploy, each on an event
 *     loop of its own
 */
public record ResolverConfig(
    String host,
    int port,
    LedgerTarget ledger,
    int cacheSize,
    int ledgerWorkers,
    int localCacheSize,
    int eventLoops) {

  private static final int LOCAL_CACHE_DEFAULT = KeyDidDriver.DEFAULT_CACHE_SIZE;

  /**
   * A configuration with the default local cache and one HTTP event loop (as embedded in tests).
   *
   * @param host the address to listen on
   * @param port the HTTP port; 0 picks a free one
   * @param ledger the ledger, or null
   * @param cacheSize the most did:fabric results cached
   * @param ledgerWorkers the size of the worker pool for blocking gateway calls
   */
  public ResolverConfig(
      String host, int port, LedgerTarget ledger, int cacheSize, int ledgerWorkers) {
    this(host, port, ledger, cacheSize, ledgerWorkers, LOCAL_CACHE_DEFAULT, 1);
  }

  /** Checks ranges. */
  public ResolverConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must not be negative");
    }
    if (ledgerWorkers < 1) {
      throw new IllegalArgumentException("ledgerWorkers must be at least 1");
    }
    if (localCacheSize < 0) {
      throw new IllegalArgumentException("localCacheSize must not be negative");
    }
    if (eventLoops < 1 || eventLoops > HttpServingVerticle.MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException(
          "DID_RESOLVER_EVENT_LOOPS must be 1 to "
              + HttpServingVerticle.MAX_EVENT_LOOPS
              + ", not "
              + eventLoops);
    }
  }

  /**
   * The same configuration with another number of HTTP event loops.
   *
   * @param loops the number of HTTP serving verticle instances
   * @return a new configuration
   */
  public ResolverConfig withEventLoops(int loops) {
    return new ResolverConfig(host, port, ledger, cacheSize, ledgerWorkers, localCacheSize, loops);
  }

  /**
   * Reads the configuration from environment variables (see README.md): {@code DID_RESOLVER_HOST},
   * {@code DID_RESOLVER_PORT}, {@code DID_RESOLVER_CACHE_SIZE}, {@code
   * DID_RESOLVER_LEDGER_WORKERS}, {@code DID_RESOLVER_LOCAL_CACHE_SIZE}, {@code
   * DID_RESOLVER_EVENT_LOOPS}, and, to enable did:fabric, {@code FABRIC_PEER_ENDPOINT} with {@code
   * FABRIC_TLS_CA_CERT}, {@code FABRIC_TLS_HOST_OVERRIDE}, {@code FABRIC_MSP_ID}, {@code
   * FABRIC_CERT}, {@code FABRIC_KEY}, {@code FABRIC_CHANNEL}, {@code FABRIC_CHAINCODE}.
   *
   * @param env the environment, for example {@code System.getenv()}
   * @return the configuration
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static ResolverConfig fromEnvironment(Map<String, String> env) {
    LedgerTarget ledger = LedgerTarget.fromEnvironment(env).orElse(null);
    return new ResolverConfig(
        env.getOrDefault("DID_RESOLVER_HOST", "127.0.0.1"),
        Env.intValue(env, "DID_RESOLVER_PORT", 8080),
        ledger,
        Env.intValue(env, "DID_RESOLVER_CACHE_SIZE", 10_000),
        Env.intValue(env, "DID_RESOLVER_LEDGER_WORKERS", 8),
        Env.intValue(env, "DID_RESOLVER_LOCAL_CACHE_SIZE", LOCAL_CACHE_DEFAULT),
        HttpServingVerticle.eventLoops(env, "DID_RESOLVER_EVENT_LOOPS"));
  }
}
