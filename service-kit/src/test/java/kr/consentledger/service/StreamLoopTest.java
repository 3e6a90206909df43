/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamLoopTest {
  /** A stream whose read blocks until it is closed. */
  static final class BlockingStream implements AutoCloseable {
    final CountDownLatch closed = new CountDownLatch(1);

    void read() throws InterruptedException {
      closed.await();
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  @Test
  void a_failed_stream_is_reopened_after_the_retry_delay_and_the_failure_reported()
      throws Exception {
    AtomicInteger opened = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger ended = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(1);
    StreamLoop loop =
        new StreamLoop(
            "test-stream",
            Duration.ofMillis(10),
            new StreamLoop.Session() {
              @Override
              public void follow(StreamLoop l) throws Exception {
                if (opened.incrementAndGet() == 3) {
                  third.countDown();
                  BlockingStream stream = l.track(new BlockingStream());
                  stream.read();
                  return;
                }
                throw new IllegalStateException("stream " + opened.get() + " failed");
              }

              @Override
              public void failed(Exception failure) {
                failures.add(failure.getMessage());
              }

              @Override
              public void ended() {
                ended.incrementAndGet();
              }
            });
    loop.start();
    assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).containsExactly("stream 1 failed", "stream 2 failed");
    assertThat(loop.isAlive()).isTrue();

    loop.close();

    assertThat(loop.isAlive()).isFalse();
    assertThat(loop.running()).isFalse();
    assertThat(ended.get()).isEqualTo(3);
    assertThat(failures).hasSize(2);
  }

  @Test
  void closing_ends_a_read_that_blocks_on_the_tracked_stream() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    List<Exception> failures = new CopyOnWriteArrayList<>();
    StreamLoop loop =
        new StreamLoop(
            "test-blocked",
            Duration.ofSeconds(30),
            new StreamLoop.Session() {
              @Override
              public void follow(StreamLoop l) throws Exception {
                try (BlockingStream stream = l.track(new BlockingStream())) {
                  reading.countDown();
                  stream.read();
                }
              }

              @Override
              public void failed(Exception failure) {
                failures.add(failure);
              }
            });
    loop.start();
    assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

    loop.close();

    assertThat(loop.isAlive()).isFalse();
    assertThat(failures).isEmpty();
  }
}
