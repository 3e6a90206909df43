/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The failures seen while PostgreSQL was killed and restarted under load, and some that are ours.
 */
class DatabaseFailuresTest {

  @Test
  void every_failure_seen_while_postgresql_was_down_is_unavailable() {
    assertThat(
            DatabaseFailures.unavailable(
                new ConnectException("Connection refused: /127.0.0.1:27180")))
        .isTrue();
    assertThat(DatabaseFailures.unavailable(new SocketException("Connection reset"))).isTrue();
    assertThat(DatabaseFailures.unavailable(new ClosedChannelException())).isTrue();
    assertThat(DatabaseFailures.unavailable(new ConnectTimeoutException("connection timed out")))
        .isTrue();
    assertThat(DatabaseFailures.unavailable(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(
            DatabaseFailures.unavailable(
                new VertxException("Connection is not active now, current status: CLOSED", true)))
        .isTrue();
    assertThat(
            DatabaseFailures.unavailable(
                new VertxException(
                    "Pending requests failed to be sent due to connection has been closed.", true)))
        .isTrue();
    assertThat(DatabaseFailures.unavailable(new VertxException("Pool closed", true))).isTrue();
    assertThat(DatabaseFailures.unavailable(new VertxException("Timeout", true))).isTrue();
    assertThat(
            DatabaseFailures.unavailable(
                new PgException("the database system is starting up", "FATAL", "57P03", null)))
        .isTrue();
    assertThat(
            DatabaseFailures.unavailable(
                new PgException(
                    "terminating connection due to unexpected postmaster exit",
                    "FATAL",
                    "57P01",
                    null)))
        .isTrue();
    assertThat(
            DatabaseFailures.unavailable(
                new PgException("sorry, too many clients already", "FATAL", "53300", null)))
        .isTrue();
    assertThat(
            DatabaseFailures.unavailable(
                new PgException("connection failure", "FATAL", "08006", null)))
        .isTrue();
  }

  @Test
  void a_cause_anywhere_in_the_chain_counts() {
    assertThat(
            DatabaseFailures.unavailable(
                new CompletionException(
                    new RuntimeException(new SocketException("Connection reset")))))
        .isTrue();
  }

  @Test
  void faults_of_ours_and_constraint_violations_are_not_unavailability() {
    assertThat(DatabaseFailures.unavailable(null)).isFalse();
    assertThat(DatabaseFailures.unavailable(new NullPointerException())).isFalse();
    assertThat(DatabaseFailures.unavailable(new IllegalStateException("bug"))).isFalse();
    assertThat(DatabaseFailures.unavailable(new VertxException("something else", true))).isFalse();
    assertThat(
            DatabaseFailures.unavailable(
                new PgException(
                    "duplicate key value violates unique constraint", "ERROR", "23505", null)))
        .isFalse();
    assertThat(
            DatabaseFailures.unavailable(new PgException("syntax error", "ERROR", "42601", null)))
        .isFalse();
  }
}
