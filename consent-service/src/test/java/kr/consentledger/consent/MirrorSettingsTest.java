/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MirrorSettingsTest {
  @Test
  void without_variables_verifications_read_the_mirror_with_a_one_second_bound() {
    MirrorSettings s = MirrorSettings.fromEnvironment(Map.of());

    assertThat(s).isEqualTo(MirrorSettings.DEFAULTS);
    assertThat(s.liveByDefault()).isFalse();
    assertThat(s.maxLag()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.probeInterval()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void every_variable_is_read() {
    MirrorSettings s =
        MirrorSettings.fromEnvironment(
            Map.of(
                "CONSENT_VERIFY_LEDGER_READ", "live",
                "CONSENT_MIRROR_MAX_LAG_MS", "2500",
                "CONSENT_MIRROR_MAX_LAG_BLOCKS", "3",
                "CONSENT_MIRROR_PROBE_MS", "100",
                "CONSENT_MIRROR_REFRESH_WAIT_MS", "0",
                "CONSENT_MIRROR_MAX_CONSENTS", "10",
                "CONSENT_MIRROR_MAX_DIDS", "5"));

    assertThat(s)
        .isEqualTo(
            new MirrorSettings(
                true, Duration.ofMillis(2500), 3, Duration.ofMillis(100), Duration.ZERO, 10, 5));
  }

  @Test
  void a_malformed_or_inconsistent_value_is_refused_naming_its_variable() {
    assertThatThrownBy(
            () -> MirrorSettings.fromEnvironment(Map.of("CONSENT_VERIFY_LEDGER_READ", "sometimes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONSENT_VERIFY_LEDGER_READ");
    assertThatThrownBy(
            () -> MirrorSettings.fromEnvironment(Map.of("CONSENT_MIRROR_MAX_LAG_MS", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONSENT_MIRROR_MAX_LAG_MS");
    assertThatThrownBy(
            () -> MirrorSettings.fromEnvironment(Map.of("CONSENT_MIRROR_PROBE_MS", "5000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probe interval");
  }
}
