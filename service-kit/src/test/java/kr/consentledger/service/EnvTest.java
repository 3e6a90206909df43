/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
  @Test
  void a_blank_or_missing_variable_takes_the_fallback() {
    Map<String, String> env = Map.of("A", "  ");
    assertThat(Env.text(env, "A", "x")).isEqualTo("x");
    assertThat(Env.text(env, "B", "y")).isEqualTo("y");
    assertThat(Env.integer(env, "A", 7)).isEqualTo(7);
    assertThat(Env.integer(env, "A", 7, 1, 10)).isEqualTo(7);
    assertThat(Env.intValue(env, "B", 8)).isEqualTo(8);
  }

  @Test
  void values_are_trimmed() {
    Map<String, String> env = Map.of("A", " host ", "N", " 42 ");
    assertThat(Env.text(env, "A", "x")).isEqualTo("host");
    assertThat(Env.integer(env, "N", 0)).isEqualTo(42);
    assertThat(Env.intValue(env, "N", 0)).isEqualTo(42);
  }

  @Test
  void a_malformed_integer_is_rejected_naming_the_variable() {
    Map<String, String> env = Map.of("N", "4x", "BIG", "3000000000");
    assertThatThrownBy(() -> Env.integer(env, "N", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("N must be an integer, not \"4x\"");
    assertThatThrownBy(() -> Env.intValue(env, "BIG", 0))
        .hasMessage("BIG must be -2147483648 to 2147483647, not 3000000000");
  }

  @Test
  void an_integer_out_of_its_range_is_rejected_naming_the_variable() {
    Map<String, String> env = Map.of("N", "0");
    assertThatThrownBy(() -> Env.integer(env, "N", 5, 1, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("N must be 1 to 64, not 0");
  }
}
