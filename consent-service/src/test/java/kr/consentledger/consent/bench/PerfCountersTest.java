/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerfCountersTest {
  @Test
  void a_running_jvm_reports_the_seconds_its_jit_compilers_spent() {
    double seconds = PerfCounters.compileSeconds(ProcessHandle.current().pid());
    assertThat(seconds)
        .as("this test's own JVM has compiled something by now")
        .isPositive()
        .isLessThan(86_400);
  }

  @Test
  void a_process_that_is_no_jvm_has_none() {
    assertThat(PerfCounters.compileSeconds(1)).isEqualTo(-1);
    assertThat(PerfCounters.compileSeconds(Long.MAX_VALUE)).isEqualTo(-1);
  }
}
