/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Deadlines for the four kinds of Gateway call.
 *
 * @param evaluate a query
 * @param endorse collecting endorsements
 * @param submit handing the endorsed transaction to the orderer
 * @param commitStatus waiting for the transaction's validation code
 */
public record GatewayTimeouts(
    Duration evaluate, Duration endorse, Duration submit, Duration commitStatus) {

  /** The defaults: 5 s to evaluate and submit, 15 s to endorse, 60 s for the commit status. */
  public static final GatewayTimeouts DEFAULT =
      new GatewayTimeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          Duration.ofSeconds(5),
          Duration.ofSeconds(60));

  /**
   * The deadlines the environment sets, each in milliseconds, the {@link #DEFAULT} for those unset:
   * {@code FABRIC_EVALUATE_TIMEOUT_MS}, {@code FABRIC_ENDORSE_TIMEOUT_MS}, {@code
   * FABRIC_SUBMIT_TIMEOUT_MS} and {@code FABRIC_COMMIT_STATUS_TIMEOUT_MS}. A transaction whose
   * commit status does not arrive within the last is treated as not committed: its work is sent
   * again, and the chaincode answers {@code unchanged} if the first copy did commit after all.
   *
   * @param env the environment, for example {@code System.getenv()}
   * @return the deadlines
   * @throws IllegalArgumentException naming a variable that is not a positive whole number
   */
  public static GatewayTimeouts fromEnvironment(Map<String, String> env) {
    return new GatewayTimeouts(
        millis(env, "FABRIC_EVALUATE_TIMEOUT_MS", DEFAULT.evaluate()),
        millis(env, "FABRIC_ENDORSE_TIMEOUT_MS", DEFAULT.endorse()),
        millis(env, "FABRIC_SUBMIT_TIMEOUT_MS", DEFAULT.submit()),
        millis(env, "FABRIC_COMMIT_STATUS_TIMEOUT_MS", DEFAULT.commitStatus()));
  }

  private static Duration millis(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long ms = Long.parseLong(value.trim());
      if (ms > 0) {
        return Duration.ofMillis(ms);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a positive number of milliseconds, not \"" + value + "\"");
  }

  /** Checks that every deadline is present and positive. */
  public GatewayTimeouts {
    for (Duration d : new Duration[] {evaluate, endorse, submit, commitStatus}) {
      Objects.requireNonNull(d, "timeout");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive: " + d);
      }
    }
  }
}
