/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import java.time.Duration;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;

/**
 * Admission control for work that goes through the outbox: bounds the backlog (items waiting for
 * the ledger, pending or in flight) so that submit→committed stays bounded, instead of queueing
 * without limit. New consents, revocations and provider verifications (whose receipt goes to the
 * outbox) are refused with {@code 503 OVERLOADED} and {@code Retry-After} while the backlog is over
 * its bound: a count of items, and optionally a time, the backlog divided by the measured drain
 * rate (what the outbox completed per second over the last {@value #RATE_SECONDS} seconds).
 *
 * <p>The count is PostgreSQL's ({@link #observe}, from the outbox processor's poll), corrected
 * between polls by what was added ({@link #added}) and completed ({@link #drained}) here. Thread
 * safe: the HTTP verticles and the processor call it from their own threads.
 */
public final class OutboxBacklog {
  /** The seconds over which the drain rate is measured. */
  public static final int RATE_SECONDS = 5;

  /** The longest Retry-After given. */
  public static final int MAX_RETRY_AFTER_SECONDS = 30;

  /** A time bound is applied only from this many waiting items on (a start-up with no rate yet). */
  static final long MIN_TIMED_BACKLOG = 100;

  private final long maxItems;
  private final Duration maxWait;
  private final long[] drainedPerSecond = new long[RATE_SECONDS];
  private long bucketSecond;
  private long waiting;

  /**
   * @param maxItems the most items waiting before new work is refused; 0 = no count bound
   * @param maxWait the longest expected wait (backlog ÷ drain rate) before new work is refused;
   *     zero = no time bound
   */
  public OutboxBacklog(long maxItems, Duration maxWait) {
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    if (maxItems < 0 || maxWait.isNegative()) {
      throw new IllegalArgumentException("maxItems and maxWait must not be negative");
    }
    this.maxItems = maxItems;
  }

  /**
   * Whether any bound is set.
   *
   * @return false when both bounds are off
   */
  public boolean enabled() {
    return maxItems > 0 || !maxWait.isZero();
  }

  /**
   * Sets the backlog to a count read from the database.
   *
   * @param counted items pending or submitted
   */
  public synchronized void observe(long counted) {
    waiting = Math.max(0, counted);
  }

  /**
   * Counts items just added.
   *
   * @param n how many
   */
  public synchronized void added(int n) {
    waiting += n;
  }

  /**
   * Counts items just completed (done or rejected), for the backlog and the drain rate.
   *
   * @param n how many
   */
  public synchronized void drained(int n) {
    waiting = Math.max(0, waiting - n);
    drainedPerSecond[bucket(System.nanoTime())] += n;
  }

  /**
   * The estimated backlog.
   *
   * @return items waiting
   */
  public synchronized long waiting() {
    return waiting;
  }

  /**
   * What the outbox completed per second, over the last {@value #RATE_SECONDS} seconds.
   *
   * @return items a second; 0 when nothing was completed
   */
  public synchronized double drainRate() {
    bucket(System.nanoTime());
    long sum = 0;
    for (long n : drainedPerSecond) {
      sum += n;
    }
    return (double) sum / RATE_SECONDS;
  }

  /**
   * The refusal for new work now, or null when it is admitted.
   *
   * @return an {@code OVERLOADED} exception with its Retry-After, or null
   */
  public ConsentException refusal() {
    long backlog;
    double rate;
    synchronized (this) {
      backlog = waiting;
      rate = drainRate();
    }
    if (maxItems > 0 && backlog >= maxItems) {
      return overloaded(backlog, retryAfter(backlog - maxItems + 1, rate));
    }
    if (!maxWait.isZero() && backlog >= MIN_TIMED_BACKLOG) {
      double seconds = rate <= 0 ? Double.POSITIVE_INFINITY : backlog / rate;
      double bound = maxWait.toMillis() / 1000.0;
      if (seconds > bound) {
        return overloaded(backlog, rate <= 0 ? 5 : clamp(Math.ceil(seconds - bound)));
      }
    }
    return null;
  }

  private static int retryAfter(long excess, double rate) {
    return rate <= 0 ? 1 : clamp(Math.ceil(excess / rate));
  }

  private static int clamp(double seconds) {
    return (int) Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, seconds));
  }

  private static ConsentException overloaded(long backlog, int retryAfter) {
    return new ConsentException(
        ProblemCode.OVERLOADED,
        "the ledger backlog is full (" + backlog + " items waiting); try again later",
        retryAfter);
  }

  /** Moves the ring of per-second buckets to {@code nanos}, zeroing the seconds skipped. */
  private int bucket(long nanos) {
    long second = nanos / 1_000_000_000L;
    if (second != bucketSecond) {
      long skipped = Math.min(RATE_SECONDS, Math.max(0, second - bucketSecond));
      for (long s = 1; s <= skipped; s++) {
        drainedPerSecond[(int) Math.floorMod(bucketSecond + s, (long) RATE_SECONDS)] = 0;
      }
      bucketSecond = second;
    }
    return (int) Math.floorMod(second, (long) RATE_SECONDS);
  }
}
