/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopDelayTest {

  @Test
  void a_loop_kept_busy_past_the_maximum_delay_is_behind_after_it_and_catches_up_once_free()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<EventLoopDelay> started = new CompletableFuture<>();
      var context = vertx.getOrCreateContext();
      context.runOnContext(v -> started.complete(EventLoopDelay.start(vertx, 20)));
      EventLoopDelay monitor = started.get(10, TimeUnit.SECONDS);

      CompletableFuture<Boolean> busy = new CompletableFuture<>();
      context.runOnContext(
          v -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
            // the tick that was due during the busy spell runs next, late
            context.runOnContext(w -> vertx.setTimer(1, id -> busy.complete(monitor.behind())));
          });
      assertThat(busy.get(10, TimeUnit.SECONDS)).isTrue();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (monitor.behind() && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(monitor.behind()).isFalse();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void a_maximum_of_zero_is_never_behind() {
    assertThat(EventLoopDelay.start(null, 0).behind()).isFalse();
  }
}
