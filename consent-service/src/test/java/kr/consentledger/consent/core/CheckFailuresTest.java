/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import org.junit.jupiter.api.Test;

/** A verdict on what was presented is a failed check; a source that does not answer is a 503. */
class CheckFailuresTest {

  @Test
  void a_verdict_becomes_a_failed_check_with_its_code() {
    var check =
        CheckFailures.failed("receipt", new ConsentException(ProblemCode.BAD_SIGNATURE, "no"));
    assertThat(check.succeeded()).isTrue();
    assertThat(check.result().passed()).isFalse();
    assertThat(check.result().code()).isEqualTo("BAD_SIGNATURE");
    assertThat(check.result().detail()).isEqualTo("no");
  }

  @Test
  void an_unavailable_source_fails_the_verification_with_its_own_503_code() {
    for (ProblemCode code :
        new ProblemCode[] {
          ProblemCode.SERVICE_UNAVAILABLE, ProblemCode.MIRROR_STALE, ProblemCode.OVERLOADED
        }) {
      var check = CheckFailures.failed("ledgerStatus", new ConsentException(code, "later"));
      assertThat(check.failed()).isTrue();
      assertThat(((ConsentException) check.cause()).code()).isEqualTo(code);
    }
  }

  @Test
  void any_other_failure_is_service_unavailable() {
    var check = CheckFailures.failed("recipient", new IllegalStateException("socket closed"));
    assertThat(check.failed()).isTrue();
    assertThat(((ConsentException) check.cause()).code())
        .isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
  }
}
