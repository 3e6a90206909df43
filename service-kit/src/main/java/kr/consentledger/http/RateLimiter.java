/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Per-caller token buckets (Bucket4j): each caller may make {@code burst} requests at once and
 * {@code perSecond} a second after that. The caller table is a Caffeine cache with a hard size cap
 * and idle expiry: an entry unused for as long as its bucket takes to refill completely is dropped
 * (losing nothing, since a new bucket starts full), and past {@code maxCallers} the least used are
 * evicted. Memory is therefore bounded whatever the number of distinct callers. Thread-safe.
 */
public final class RateLimiter {
  /**
   * A rate for one class of caller: {@code tokens} added every {@code period}, at most {@code
   * burst} held.
   *
   * @param tokens tokens added per period; 0 turns the limit off
   * @param period the refill period
   * @param burst the bucket's capacity (at least 1 when the limit is on)
   */
  public record Limit(long tokens, Duration period, long burst) {
    /** No limit. */
    public static final Limit OFF = new Limit(0, 0);

    /** Checks ranges. */
    public Limit {
      Objects.requireNonNull(period, "period");
      if (tokens < 0 || burst < 0) {
        throw new IllegalArgumentException("rate and burst must not be negative");
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive");
      }
      if (tokens > 0 && burst < 1) {
        throw new IllegalArgumentException("burst must be at least 1 when a rate is set");
      }
    }

    /**
     * A rate per second.
     *
     * @param perSecond tokens added per second; 0 turns the limit off
     * @param burst the bucket's capacity
     */
    public Limit(long perSecond, long burst) {
      this(perSecond, Duration.ofSeconds(1), burst);
    }

    /**
     * The rate per second, rounded down.
     *
     * @return tokens a second
     */
    public long perSecond() {
      return tokens * 1_000_000_000L / period.toNanos();
    }

    /**
     * Whether the limit applies.
     *
     * @return false for {@link #OFF}
     */
    public boolean enabled() {
      return tokens > 0;
    }

    /** How long an empty bucket takes to fill again, at least one second. */
    Duration refillTime() {
      long nanos = period.toNanos() / tokens * burst + period.toNanos() / tokens;
      return Duration.ofNanos(Math.max(1_000_000_000L, nanos));
    }
  }

  /**
   * The verdict on one request.
   *
   * @param allowed whether the caller may go on
   * @param retryAfterSeconds when refused, the whole seconds until a token is back (at least 1); 0
   *     when allowed
   */
  public record Decision(boolean allowed, long retryAfterSeconds) {
    static final Decision ALLOW = new Decision(true, 0);
  }

  private final Limit limit;
  private final Cache<String, Bucket> buckets;
  private final TimeMeter time;

  /**
   * A limiter on the system clock.
   *
   * @param limit the rate of each caller
   * @param maxCallers the most callers tracked at once
   */
  public RateLimiter(Limit limit, int maxCallers) {
    this(limit, maxCallers, System::nanoTime);
  }

  /**
   * A limiter on a given nanosecond clock, for tests.
   *
   * @param limit the rate of each caller
   * @param maxCallers the most callers tracked at once (at least 1)
   * @param nanoTime a monotonic clock in nanoseconds
   */
  public RateLimiter(Limit limit, int maxCallers, LongSupplier nanoTime) {
    this.limit = Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(nanoTime, "nanoTime");
    if (maxCallers < 1) {
      throw new IllegalArgumentException("maxCallers must be at least 1");
    }
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoTime.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxCallers)
            .expireAfterAccess(limit.enabled() ? limit.refillTime() : Duration.ofSeconds(1))
            .ticker(nanoTime::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /**
   * The rate of each caller.
   *
   * @return the limit
   */
  public Limit limit() {
    return limit;
  }

  /**
   * Takes a token from the caller's bucket.
   *
   * @param caller the caller's key, for example {@code "did:key:z6Mk…"} or an address
   * @return allowed, or refused with the seconds until a token is back
   */
  public Decision tryAcquire(String caller) {
    if (!limit.enabled()) {
      return Decision.ALLOW;
    }
    ConsumptionProbe probe = bucket(caller).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return Decision.ALLOW;
    }
    return new Decision(false, seconds(probe.getNanosToWaitForRefill()));
  }

  /**
   * Looks at the caller's bucket without taking from it.
   *
   * @param caller the caller's key
   * @return allowed when the bucket holds a token, else refused with the seconds until one is back
   */
  public Decision peek(String caller) {
    if (!limit.enabled()) {
      return Decision.ALLOW;
    }
    Bucket bucket = buckets.getIfPresent(caller);
    if (bucket == null) {
      return Decision.ALLOW;
    }
    EstimationProbe probe = bucket.estimateAbilityToConsume(1);
    return probe.canBeConsumed()
        ? Decision.ALLOW
        : new Decision(false, seconds(probe.getNanosToWaitForRefill()));
  }

  /**
   * Takes a token whether or not one is left (the bucket may go no lower than empty): a charge
   * after the fact, for example for a failed authentication.
   *
   * @param caller the caller's key
   */
  public void charge(String caller) {
    if (limit.enabled()) {
      bucket(caller).tryConsume(1);
    }
  }

  /**
   * How many callers are tracked now (an estimate; never above the cap for long).
   *
   * @return the number of entries
   */
  public long trackedCallers() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket bucket(String caller) {
    return buckets.get(
        caller,
        k ->
            Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(
                    l -> l.capacity(limit.burst()).refillGreedy(limit.tokens(), limit.period()))
                .build());
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
