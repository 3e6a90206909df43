/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);

  RateLimiter limiter(long perSecond, long burst, int maxCallers) {
    return new RateLimiter(new RateLimiter.Limit(perSecond, burst), maxCallers, now::get);
  }

  void advance(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void a_caller_gets_its_burst_then_is_refused_with_the_seconds_until_a_token_is_back() {
    RateLimiter limiter = limiter(1, 3, 100);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    }
    RateLimiter.Decision refused = limiter.tryAcquire("a");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void tokens_come_back_at_the_configured_rate() {
    RateLimiter limiter = limiter(10, 10, 100);
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire("a");
    }
    assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    advance(100);
    assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    advance(1000);
    int allowed = 0;
    while (limiter.tryAcquire("a").allowed()) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(10);
  }

  @Test
  void a_slow_rate_says_how_long_to_wait() {
    RateLimiter limiter = limiter(1, 1, 100);
    limiter.tryAcquire("a");
    advance(200);
    assertThat(limiter.tryAcquire("a").retryAfterSeconds()).isEqualTo(1);
    RateLimiter slow = new RateLimiter(new RateLimiter.Limit(1, 1), 100, now::get);
    slow.tryAcquire("b");
    assertThat(slow.peek("b").allowed()).isFalse();
  }

  @Test
  void one_caller_over_its_limit_does_not_limit_another() {
    RateLimiter limiter = limiter(1, 2, 100);
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");
    assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    assertThat(limiter.tryAcquire("b").allowed()).isTrue();
  }

  @Test
  void peek_takes_nothing_and_charge_takes_even_past_the_check() {
    RateLimiter limiter = limiter(1, 2, 100);
    assertThat(limiter.peek("a").allowed()).isTrue();
    assertThat(limiter.peek("a").allowed()).isTrue();
    limiter.charge("a");
    limiter.charge("a");
    limiter.charge("a");
    assertThat(limiter.peek("a").allowed()).isFalse();
    assertThat(limiter.tryAcquire("a").allowed()).isFalse();
  }

  @Test
  void the_caller_table_never_holds_more_than_its_cap() {
    RateLimiter limiter = limiter(1, 1, 1000);
    for (int i = 0; i < 50_000; i++) {
      limiter.tryAcquire("10.0." + (i >> 8) + "." + (i & 255));
    }
    assertThat(limiter.trackedCallers()).isLessThanOrEqualTo(1000);
  }

  @Test
  void idle_callers_are_dropped_once_their_bucket_would_be_full_again() {
    RateLimiter limiter = limiter(10, 20, 1000);
    for (int i = 0; i < 100; i++) {
      limiter.tryAcquire("caller-" + i);
    }
    assertThat(limiter.trackedCallers()).isEqualTo(100);
    advance(2_100);
    assertThat(limiter.trackedCallers()).isZero();
  }

  @Test
  void a_rate_may_be_per_any_period() {
    RateLimiter limiter =
        new RateLimiter(new RateLimiter.Limit(1, java.time.Duration.ofMinutes(1), 1), 10, now::get);
    assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    assertThat(limiter.tryAcquire("a").retryAfterSeconds()).isEqualTo(60);
    advance(60_000);
    assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    assertThat(new RateLimiter.Limit(30, java.time.Duration.ofMinutes(1), 1).perSecond()).isZero();
    assertThat(new RateLimiter.Limit(7, 9).perSecond()).isEqualTo(7);
  }

  @Test
  void a_rate_of_zero_turns_the_limit_off() {
    RateLimiter limiter = new RateLimiter(RateLimiter.Limit.OFF, 1, now::get);
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    }
    assertThat(limiter.trackedCallers()).isZero();
  }
}
