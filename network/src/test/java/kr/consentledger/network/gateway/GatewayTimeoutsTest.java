/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayTimeoutsTest {
  @Test
  void an_empty_environment_gives_the_defaults() {
    assertThat(GatewayTimeouts.fromEnvironment(Map.of())).isEqualTo(GatewayTimeouts.DEFAULT);
  }

  @Test
  void each_variable_sets_its_deadline_in_milliseconds() {
    GatewayTimeouts t =
        GatewayTimeouts.fromEnvironment(
            Map.of(
                "FABRIC_EVALUATE_TIMEOUT_MS", "1500",
                "FABRIC_ENDORSE_TIMEOUT_MS", "2500",
                "FABRIC_SUBMIT_TIMEOUT_MS", " 3500 ",
                "FABRIC_COMMIT_STATUS_TIMEOUT_MS", "10000"));

    assertThat(t)
        .isEqualTo(
            new GatewayTimeouts(
                Duration.ofMillis(1500),
                Duration.ofMillis(2500),
                Duration.ofMillis(3500),
                Duration.ofSeconds(10)));
  }

  @Test
  void a_value_that_is_not_a_positive_number_is_refused_naming_the_variable() {
    for (String bad : new String[] {"0", "-5", "10s", "1e3"}) {
      assertThatThrownBy(
              () -> GatewayTimeouts.fromEnvironment(Map.of("FABRIC_COMMIT_STATUS_TIMEOUT_MS", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("FABRIC_COMMIT_STATUS_TIMEOUT_MS");
    }
  }
}
