/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a service of ours finds the ledger: the gateway peer and identity, the deadlines, the
 * channel and the chaincode, and how long it waits before reopening a failed event stream.
 *
 * @param endpoint the gateway peer and client identity
 * @param timeouts the gateway deadlines
 * @param channel the channel
 * @param chaincode the chaincode name
 * @param eventRetryDelay the pause before reopening a failed event stream
 */
public record LedgerTarget(
    GatewayEndpoint endpoint,
    GatewayTimeouts timeouts,
    String channel,
    String chaincode,
    Duration eventRetryDelay) {

  /** Checks that every component is present. */
  public LedgerTarget {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
    Objects.requireNonNull(eventRetryDelay, "eventRetryDelay");
  }

  /**
   * The ledger the environment names, as every service of ours reads it: the endpoint of {@link
   * GatewayEndpoint#fromEnvironment}, {@code FABRIC_CHANNEL} (default {@code consent}) and {@code
   * FABRIC_CHAINCODE} (default {@code ledger}), the deadlines of {@link
   * GatewayTimeouts#fromEnvironment} and a 1 s retry pause.
   *
   * @param env the environment, for example {@code System.getenv()}
   * @return empty when {@code FABRIC_PEER_ENDPOINT} is unset or blank
   * @throws IllegalArgumentException naming a variable that is required and missing
   */
  public static Optional<LedgerTarget> fromEnvironment(Map<String, String> env) {
    return GatewayEndpoint.fromEnvironment(env)
        .map(
            endpoint ->
                new LedgerTarget(
                    endpoint,
                    GatewayTimeouts.fromEnvironment(env),
                    text(env, "FABRIC_CHANNEL", "consent"),
                    text(env, "FABRIC_CHAINCODE", "ledger"),
                    Duration.ofSeconds(1)));
  }

  private static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
