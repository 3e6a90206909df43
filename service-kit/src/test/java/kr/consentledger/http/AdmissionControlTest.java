/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

  @Test
  void admits_up_to_the_cap_and_refuses_the_next_until_one_is_released() {
    AdmissionControl admission = new AdmissionControl(2);
    assertThat(admission.tryEnter()).isTrue();
    assertThat(admission.tryEnter()).isTrue();
    assertThat(admission.tryEnter()).isFalse();
    assertThat(admission.inFlight()).isEqualTo(2);
    admission.release();
    assertThat(admission.tryEnter()).isTrue();
    assertThat(admission.admitted()).isEqualTo(3);
    assertThat(admission.shed()).isEqualTo(1);
  }

  @Test
  void a_cap_of_zero_admits_everything() {
    AdmissionControl admission = new AdmissionControl(0);
    for (int i = 0; i < 1000; i++) {
      assertThat(admission.tryEnter()).isTrue();
    }
    assertThat(admission.shed()).isZero();
  }

  @Test
  void under_contention_never_more_than_the_cap_are_in_flight() throws Exception {
    AdmissionControl admission = new AdmissionControl(4);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch done = new CountDownLatch(8);
    for (int t = 0; t < 8; t++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 20_000; i++) {
              if (admission.tryEnter()) {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                inside.decrementAndGet();
                admission.release();
              }
            }
            done.countDown();
          });
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(most.get()).isLessThanOrEqualTo(4);
    assertThat(admission.inFlight()).isZero();
    assertThat(admission.admitted() + admission.shed()).isEqualTo(160_000);
  }
}
