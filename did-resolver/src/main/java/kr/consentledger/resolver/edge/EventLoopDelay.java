package kr.consentledger.resolver.edge;

import io.vertx.core.Vertx;

/**
 * Whether the event loop that serves requests is behind: a periodic tick on that loop records the
 * time it ran, and a request handled more than {@code maxDelay} after the last tick finds the loop
 * busy for that long (requests waiting in the loop, not counted as in flight). Overload of work
 * done on the loop itself (signature checks, did:key documents) then sheds new requests cheaply
 * instead of letting every caller's latency grow; the same signal as Fastify's under-pressure
 * {@code maxEventLoopDelay}.
 */
public final class EventLoopDelay {
  private final long maxDelayNanos;
  private volatile long lastTick = System.nanoTime();

  private EventLoopDelay(long maxDelayNanos) {
    this.maxDelayNanos = maxDelayNanos;
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
    EventLoopDelay monitor = new EventLoopDelay(maxDelayMillis * 1_000_000L);
    if (maxDelayMillis > 0) {
      vertx.setPeriodic(Math.max(1, maxDelayMillis / 5), id -> monitor.lastTick = System.nanoTime());
    }
    return monitor;
  }

  /**
   * Whether the loop has been busy for longer than the maximum delay.
   *
   * @return false when the check is off
   */
  public boolean behind() {
    return maxDelayNanos > 0 && System.nanoTime() - lastTick > maxDelayNanos;
  }
}
