/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.RejectionReason;
import org.junit.jupiter.api.Test;

class RejectionsTest {
  @Test
  void every_rejection_of_the_wallet_sdk_maps_to_a_client_error_of_the_service() {
    for (RejectionReason reason : RejectionReason.values()) {
      ProblemCode code = Rejections.code(reason);
      assertThat(code).as(reason.name()).isNotEqualTo(ProblemCode.INTERNAL_ERROR);
      assertThat(code.httpStatus()).as(reason + " → " + code).isBetween(400, 499);
    }
  }
}
