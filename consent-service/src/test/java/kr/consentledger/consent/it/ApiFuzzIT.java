/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import kr.consentledger.http.testing.FuzzApi;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * schemathesis (network/scripts/fuzz-api.sh, every check) over consent-service's OpenAPI document,
 * against the service on the real network and a database of its own: no 5xx, every status and body
 * as declared, schema-violating data refused. At most 40 s of fuzzing ({@code
 * CONSENT_LEDGER_FUZZ_SECONDS} overrides it).
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class ApiFuzzIT {
  @Test
  void schemathesis_finds_no_server_error_and_no_undeclared_status_or_body(
      NetworkInfo info, TestDatabase db) throws Exception {
    try (ServiceUnderTest service = ServiceUnderTest.start(info, db, "consent_fuzz")) {
      int exit = FuzzApi.run(service.base(), "40");

      assertThat(exit).as("schemathesis exit code (its report is in the test output)").isZero();
    }
  }
}
