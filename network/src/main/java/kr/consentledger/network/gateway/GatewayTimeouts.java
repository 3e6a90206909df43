/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import java.time.Duration;
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
