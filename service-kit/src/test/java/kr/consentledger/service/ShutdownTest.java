/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShutdownTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void blocking_parts_close_first_in_order_then_the_asynchronous_ones_skipping_nulls()
      throws Exception {
    List<String> closed = new CopyOnWriteArrayList<>();
    AutoCloseable never = null;
    Shutdown.of(vertx)
        .blocking(() -> closed.add("listener"))
        .blocking(never)
        .blocking(() -> closed.add("connection"))
        .then("pool", name -> Future.succeededFuture(closed.add(name)))
        .then((String) null, name -> Future.succeededFuture(closed.add("never")))
        .then("workers", name -> Future.succeededFuture(closed.add(name)))
        .close()
        .await(5, TimeUnit.SECONDS);

    assertThat(closed).containsExactly("listener", "connection", "pool", "workers");
  }

  @Test
  void the_asynchronous_parts_close_even_when_the_one_before_failed() throws Exception {
    List<String> closed = new CopyOnWriteArrayList<>();
    Shutdown.of(vertx)
        .then("pool", name -> Future.failedFuture(new IllegalStateException("pool")))
        .then("workers", name -> Future.succeededFuture(closed.add(name)))
        .close()
        .await(5, TimeUnit.SECONDS);

    assertThat(closed).containsExactly("workers");
  }
}
