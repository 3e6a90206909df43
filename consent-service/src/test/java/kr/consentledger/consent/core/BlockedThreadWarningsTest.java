/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import org.junit.jupiter.api.Test;

/** The extension that fails the integration tests sees Vert.x's blocked-thread warnings. */
class BlockedThreadWarningsTest {
  @org.junit.jupiter.api.BeforeEach
  void anyLoad() {
    // These tests are about recognising the warning, whatever the machine's load now.
    System.setProperty(BlockedThreadWarnings.MAX_LOAD_PER_CPU, "1e9");
  }

  @org.junit.jupiter.api.AfterEach
  void defaultLoad() {
    System.clearProperty(BlockedThreadWarnings.MAX_LOAD_PER_CPU);
  }

  @Test
  void an_event_loop_blocked_past_its_limit_is_recorded() throws Exception {
    BlockedThreadWarnings.install();
    BlockedThreadWarnings.drain();
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxEventLoopExecuteTime(50)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(20)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    try {
      CountDownLatch done = new CountDownLatch(1);
      vertx.runOnContext(
          v -> {
            try {
              Thread.sleep(400); // deliberately blocks the event loop
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            done.countDown();
          });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(BlockedThreadWarnings.drain())
        .isNotEmpty()
        .allSatisfy(
            w ->
                assertThat(w)
                    .contains("vert.x-eventloop-thread")
                    .contains(BlockedThreadWarnings.MARKER));
  }

  @Test
  void a_line_of_a_service_process_is_recorded_only_when_it_is_a_warning() {
    BlockedThreadWarnings.drain();
    BlockedThreadWarnings.scan(
        "[vertx-blocked-thread-checker] WARN io.vertx.core.internal.threadchecker.BlockedThreadChecker"
            + " - Thread Thread[#40,vert.x-eventloop-thread-1,5,main] has been blocked for 2702 ms, time limit is 2000 ms");
    BlockedThreadWarnings.scan("[main] INFO consent-service listening on 127.0.0.1:8090");
    assertThat(BlockedThreadWarnings.drain()).hasSize(1);
  }

  @Test
  void a_warning_on_an_oversubscribed_machine_is_not_counted() {
    BlockedThreadWarnings.drain();
    System.setProperty(BlockedThreadWarnings.MAX_LOAD_PER_CPU, "-1"); // any load is above this
    BlockedThreadWarnings.scan(
        "[vertx-blocked-thread-checker] WARN io.vertx.core.internal.threadchecker.BlockedThreadChecker"
            + " - Thread Thread[#40,vert.x-eventloop-thread-1,5,main] has been blocked for 2702 ms, time limit is 2000 ms");
    assertThat(BlockedThreadWarnings.drain()).isEmpty();
  }
}
