/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import kr.consentledger.consent.ProblemCode;
import kr.consentledger.http.EdgeError;
import org.junit.jupiter.api.Test;

class EdgeCodesTest {
  @Test
  void every_error_of_the_http_edge_is_a_problem_code_with_the_same_status() {
    for (EdgeError error : EdgeError.values()) {
      assertThat(ProblemCode.valueOf(error.name()).httpStatus())
          .as(error.name())
          .isEqualTo(error.status());
    }
  }

  @Test
  void did_resolver_spells_the_codes_in_camel_case() {
    assertThat(EdgeError.MALFORMED_JSON.camelCode()).isEqualTo("malformedJson");
    assertThat(EdgeError.HEADERS_TOO_LARGE.camelCode()).isEqualTo("headersTooLarge");
  }
}
