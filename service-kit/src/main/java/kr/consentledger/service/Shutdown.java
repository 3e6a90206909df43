/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A verticle's stop, in the order its parts were opened in reverse: first the resources whose
 * {@code close} blocks (event listeners, the gateway connection), together on a worker thread, then
 * the asynchronous ones (pools, worker executors) one after the other, each after the one before
 * ended, however it ended. Parts that were never opened (null) are skipped.
 */
public final class Shutdown {
  private final Vertx vertx;
  private final List<AutoCloseable> blocking = new ArrayList<>();
  private final List<Supplier<Future<?>>> then = new ArrayList<>();

  private Shutdown(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  /**
   * Returns an empty stop.
   *
   * @param vertx the verticle's Vert.x instance
   * @return an empty stop
   */
  public static Shutdown of(Vertx vertx) {
    return new Shutdown(vertx);
  }

  /**
   * Adds a resource closed on a worker thread, after the ones added before.
   *
   * @param resource the resource, or null
   * @return this
   */
  public Shutdown blocking(AutoCloseable resource) {
    if (resource != null) {
      blocking.add(resource);
    }
    return this;
  }

  /**
   * Adds an asynchronous close, run after the blocking ones and the ones added before.
   *
   * @param <T> the resource's type
   * @param resource the resource, or null
   * @param close how it closes
   * @return this
   */
  public <T> Shutdown then(T resource, Function<? super T, ? extends Future<?>> close) {
    if (resource != null) {
      then.add(() -> close.apply(resource));
    }
    return this;
  }

  /**
   * Closes everything.
   *
   * @return completed once the last part is closed; failed when the blocking part failed
   */
  public Future<?> close() {
    Future<?> done =
        vertx.executeBlocking(
            () -> {
              for (AutoCloseable resource : blocking) {
                resource.close();
              }
              return null;
            });
    for (Supplier<Future<?>> next : then) {
      done = done.eventually(next::get);
    }
    return done;
  }
}
