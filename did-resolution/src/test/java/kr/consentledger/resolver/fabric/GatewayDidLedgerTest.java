/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayDidLedgerTest {
  @ParameterizedTest(name = "\"{0}\" has code {1}")
  @CsvSource({
    "'DID_NOT_FOUND: no DID did:fabric:x', DID_NOT_FOUND",
    "'chaincode response 500, VERSION_NOT_FOUND: no version ab', VERSION_NOT_FOUND",
    "'evaluate call to endorser returned error: chaincode response 500, INVALID_ARGUMENT: bad', INVALID_ARGUMENT",
    "'failed to connect', "
  })
  void the_chaincode_error_code_is_read_from_the_gateway_message(String message, String code) {
    assertThat(GatewayDidLedger.codeIn(message)).isEqualTo(code);
  }
}
