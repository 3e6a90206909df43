/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.Vertx;

/**
 * Whether the event loop that serves requests is behind: a periodic tick on that loop measures how
 * late it ran, and while the smoothed delay (an exponentially weighted moving average, weight 1/4
 * for the newest tick) is more than {@code maxDelay} the loop is behind (requests are waiting in
 * it, not counted as in flight). Overload of work done on the loop itself (signature checks,
 * did:key documents) then sheds new requests cheaply instead of letting every caller's latency
 * grow; the same signal as Fastify's under-pressure {@code maxEventLoopDelay}. The average keeps a
 * single slow moment (a cold start's first TLS handshake, the process descheduled on a busy host)
 * from shedding; a loop that stays behind sheds within a few ticks.
 */
public final class EventLoopDelay {
  private final long maxDelayNanos;
  private final long intervalNanos;
  private long lastTick = System.nanoTime();
  private volatile long lastDelay;

  private EventLoopDelay(long maxDelayNanos, long intervalNanos) {
    this.maxDelayNanos = maxDelayNanos;
    this.intervalNanos = intervalNanos;
  }

  /** One tick, then the next one interval later (a one-shot timer each time: no catch-up burst). */
  private void tick(Vertx vertx, long intervalMillis) {
    long now = System.nanoTime();
    long delay = Math.max(0, now - lastTick - intervalNanos);
    // One writer (this event loop); readers on other loops only need a recent value.
    long previous = lastDelay;
    lastDelay = previous + (delay - previous) / 4;
    lastTick = now;
    vertx.setTimer(intervalMillis, id -> tick(vertx, intervalMillis));
  }

  /**
   * Starts ticking on the current Vert.x context's event loop (call it from the verticle that
   * serves the requests); the tick stops with the verticle or the Vert.x instance.
   *
   * @param vertx the Vert.x instance
   * @param maxDelayMillis the longest delay tolerated; 0 turns the check off
   * @return the monitor
   */
  public static EventLoopDelay start(Vertx vertx, long maxDelayMillis) {
    if (maxDelayMillis < 0) {
      throw new IllegalArgumentException("maxDelayMillis must not be negative");
    }
    long interval = Math.max(1, maxDelayMillis / 5);
    EventLoopDelay monitor = new EventLoopDelay(maxDelayMillis * 1_000_000L, interval * 1_000_000L);
    if (maxDelayMillis > 0) {
      vertx.setTimer(interval, id -> monitor.tick(vertx, interval));
    }
    return monitor;
  }

  /**
   * Whether the smoothed delay of the ticks is more than the maximum.
   *
   * @return false when the check is off
   */
  public boolean behind() {
    return maxDelayNanos > 0 && lastDelay > maxDelayNanos;
  }
}
