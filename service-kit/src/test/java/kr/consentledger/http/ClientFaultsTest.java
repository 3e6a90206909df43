/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ClientFaultsTest {
  @Test
  void a_client_that_closed_its_connection_is_a_client_fault() {
    assertThat(ClientFaults.isClientFault(new HttpClosedException("Connection was closed"), false))
        .isTrue();
    assertThat(
            ClientFaults.isClientFault(new java.io.IOException("Connection reset by peer"), true))
        .isTrue();
  }

  @Test
  void a_database_or_ledger_connection_failing_while_the_client_waits_is_our_fault() {
    assertThat(ClientFaults.isClientFault(new ConnectException("Connection refused"), false))
        .isFalse();
    assertThat(ClientFaults.isClientFault(new VertxException("Connection was closed", true), false))
        .isFalse();
    assertThat(ClientFaults.isClientFault(new IllegalStateException("bug"), true)).isFalse();
    assertThat(ClientFaults.isClientFault(null, true)).isFalse();
  }
}
