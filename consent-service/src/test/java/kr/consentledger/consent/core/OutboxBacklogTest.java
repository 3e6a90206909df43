/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import org.junit.jupiter.api.Test;

class OutboxBacklogTest {
  @Test
  void work_is_admitted_below_the_count_and_refused_as_overloaded_from_it() {
    OutboxBacklog backlog = new OutboxBacklog(100, Duration.ZERO);
    backlog.observe(99);
    ConsentException admitted = backlog.refusal();
    backlog.added(1);
    ConsentException refused = backlog.refusal();

    assertThat(admitted).isNull();
    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ProblemCode.OVERLOADED);
    assertThat(refused.retryAfterSeconds()).isBetween(1, OutboxBacklog.MAX_RETRY_AFTER_SECONDS);
  }

  @Test
  void completed_items_lower_the_backlog_and_measure_the_drain_rate() {
    OutboxBacklog backlog = new OutboxBacklog(100, Duration.ZERO);
    backlog.observe(150);
    backlog.drained(60);

    assertThat(backlog.waiting()).isEqualTo(90);
    assertThat(backlog.drainRate()).isEqualTo(60.0 / OutboxBacklog.RATE_SECONDS);
    assertThat(backlog.refusal()).isNull();
  }

  @Test
  void retry_after_is_the_time_the_excess_takes_to_drain_at_the_measured_rate() {
    OutboxBacklog backlog = new OutboxBacklog(100, Duration.ZERO);
    backlog.observe(500);
    backlog.drained(50); // 10 items a second over the rate's window; 450 waiting, 351 over

    assertThat(backlog.refusal().retryAfterSeconds())
        .isEqualTo(OutboxBacklog.MAX_RETRY_AFTER_SECONDS);
    backlog.observe(110);
    assertThat(backlog.refusal().retryAfterSeconds()).isEqualTo(2);
  }

  @Test
  void a_time_bound_refuses_a_backlog_that_would_take_longer_than_it_to_drain() {
    OutboxBacklog backlog = new OutboxBacklog(0, Duration.ofSeconds(3));
    backlog.drained(500); // 100 a second
    backlog.observe(250);
    ConsentException within = backlog.refusal();
    backlog.observe(450);
    ConsentException beyond = backlog.refusal();

    assertThat(within).isNull();
    assertThat(beyond).isNotNull();
    assertThat(beyond.retryAfterSeconds()).isEqualTo(2);
  }

  @Test
  void a_time_bound_with_nothing_drained_refuses_only_a_real_backlog() {
    OutboxBacklog backlog = new OutboxBacklog(0, Duration.ofSeconds(3));
    backlog.observe(OutboxBacklog.MIN_TIMED_BACKLOG - 1);
    ConsentException small = backlog.refusal();
    backlog.observe(OutboxBacklog.MIN_TIMED_BACKLOG);

    assertThat(small).isNull();
    assertThat(backlog.refusal()).isNotNull();
  }

  @Test
  void with_both_bounds_off_it_is_disabled() {
    assertThat(new OutboxBacklog(0, Duration.ZERO).enabled()).isFalse();
    assertThat(new OutboxBacklog(1, Duration.ZERO).enabled()).isTrue();
  }
}
