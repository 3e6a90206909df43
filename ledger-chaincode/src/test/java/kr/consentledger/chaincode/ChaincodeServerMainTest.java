/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaincodeServerMainTest {
  @Test
  void with_tls_the_server_will_not_start_without_a_client_ca_file(@TempDir Path dir)
      throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

    assertThatThrownBy(() -> ChaincodeServerMain.clientCa(true, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ChaincodeServerMain.CLIENT_CA_VARIABLE);
    assertThatThrownBy(
            () -> ChaincodeServerMain.clientCa(true, dir.resolve("missing.pem").toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be read");
    assertThat(ChaincodeServerMain.clientCa(true, ca.toString())).isEqualTo(ca.toString());
    assertThat(ChaincodeServerMain.clientCa(false, null)).isNull();
  }
}
