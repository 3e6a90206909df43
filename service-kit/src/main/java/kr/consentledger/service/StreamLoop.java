/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.service;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a blocking stream (chaincode events, blocks) on a daemon thread of its own: the session
 * opens the stream and reads it while the loop runs; when the stream fails or ends, the loop pauses
 * for the retry delay and lets the session open it again. {@link #close()} stops the loop, closes
 * the open stream (which ends a blocked read) and waits up to five seconds for the thread.
 */
public final class StreamLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamLoop.class);

  /** What the loop runs, once per stream. */
  public interface Session {
    /**
     * Opens the stream, hands it to {@link StreamLoop#track}, and reads it while {@link
     * StreamLoop#running()}.
     *
     * @param loop the loop
     * @throws Exception when the stream cannot be opened or fails
     */
    void follow(StreamLoop loop) throws Exception;

    /**
     * Called when {@link #follow} failed while the loop was running (not when it was closed).
     *
     * @param failure the failure
     */
    void failed(Exception failure);

    /** Called after each stream, however it ended. */
    default void ended() {}
  }

  private final Session session;
  private final Duration retryDelay;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile AutoCloseable current;

  /**
   * A loop that is not started yet.
   *
   * @param threadName the name of its thread
   * @param retryDelay the pause before reopening a stream that failed or ended
   * @param session what it runs
   */
  public StreamLoop(String threadName, Duration retryDelay, Session session) {
    this.session = Objects.requireNonNull(session, "session");
    this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    this.thread = new Thread(this::run, Objects.requireNonNull(threadName, "threadName"));
    this.thread.setDaemon(true);
  }

  /**
   * Starts the thread.
   *
   * @return this loop
   */
  public StreamLoop start() {
    thread.start();
    return this;
  }

  /**
   * Returns false once the loop is closed (or its thread interrupted).
   *
   * @return false once the loop is closed (or its thread interrupted)
   */
  public boolean running() {
    return running;
  }

  /**
   * Makes the stream the one {@link #close()} closes.
   *
   * @param <S> the stream's type
   * @param stream the stream just opened
   * @return the same stream
   */
  public <S extends AutoCloseable> S track(S stream) {
    current = stream;
    return stream;
  }

  /**
   * Returns whether the loop's thread is still running.
   *
   * @return whether the loop's thread is still running
   */
  public boolean isAlive() {
    return thread.isAlive();
  }

  private void run() {
    while (running) {
      try {
        session.follow(this);
      } catch (Exception e) {
        if (running) {
          session.failed(e);
        }
      } finally {
        current = null;
        session.ended();
      }
      pause();
    }
  }

  private void pause() {
    if (!running) {
      return;
    }
    try {
      TimeUnit.MILLISECONDS.sleep(retryDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops the loop, closes the open stream and waits up to five seconds for the thread to end. */
  @Override
  public void close() {
    running = false;
    AutoCloseable stream = current;
    if (stream != null) {
      try {
        stream.close();
      } catch (Exception e) {
        LOG.debug("closing the stream of {} failed: {}", thread.getName(), e.toString());
      }
    }
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
