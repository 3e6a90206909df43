/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.events;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import kr.consentledger.resolver.driver.DidDocumentCache;
import kr.consentledger.service.StreamLoop;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code DidChanged} chaincode events on its own thread and invalidates the cache entry of
 * each changed DID. While the stream is down the cache is disabled, so no stale entry is served;
 * the stream is reopened from the last checkpoint after {@code retryDelay}.
 */
public final class DidChangedListener implements AutoCloseable, StreamLoop.Session {
  /** The chaincode event name. */
  public static final String EVENT_NAME = "DidChanged";

  private static final Logger LOG = LoggerFactory.getLogger(DidChangedListener.class);

  private final DidChangeFeed feed;
  private final DidDocumentCache cache;
  private final InMemoryCheckpointer checkpointer = new InMemoryCheckpointer();
  private final StreamLoop loop;

  private DidChangedListener(DidChangeFeed feed, DidDocumentCache cache, Duration retryDelay) {
    this.feed = Objects.requireNonNull(feed, "feed");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.loop = new StreamLoop("did-changed-events", retryDelay, this);
  }

  /**
   * Starts reading events on a new thread.
   *
   * @param feed the event source
   * @param cache the cache to invalidate; disabled until the stream is open
   * @param retryDelay the pause before reopening a failed stream
   * @return the running listener; close it to stop
   */
  public static DidChangedListener start(
      DidChangeFeed feed, DidDocumentCache cache, Duration retryDelay) {
    DidChangedListener listener = new DidChangedListener(feed, cache, retryDelay);
    cache.disable();
    listener.loop.start();
    return listener;
  }

  @Override
  public void follow(StreamLoop loop) throws Exception {
    try (CloseableIterator<ChaincodeEvent> events = loop.track(feed.open(checkpointer))) {
      if (!loop.running()) {
        return;
      }
      cache.enable();
      LOG.info("DID change events: stream open, cache enabled");
      while (loop.running() && events.hasNext()) {
        ChaincodeEvent event = events.next();
        handle(event);
        checkpointer.checkpointChaincodeEvent(event);
      }
    }
  }

  @Override
  public void failed(Exception failure) {
    LOG.warn(
        "DID change events: stream failed, cache disabled until it reopens: {}",
        failure.toString());
  }

  @Override
  public void ended() {
    cache.disable();
  }

  private void handle(ChaincodeEvent event) {
    if (!EVENT_NAME.equals(event.getEventName())) {
      return;
    }
    String did = null;
    try {
      did = new JsonObject(new String(event.getPayload(), StandardCharsets.UTF_8)).getString("did");
    } catch (RuntimeException e) {
      LOG.warn("DID change event in block {} has a malformed payload", event.getBlockNumber());
    }
    if (did == null) {
      // A change we cannot attribute could be any DID's.
      cache.disable();
      cache.enable();
    } else {
      cache.invalidate(did);
    }
  }

  /**
   * Returns whether the listener thread is still running.
   *
   * @return whether the listener thread is still running
   */
  public boolean isAlive() {
    return loop.isAlive();
  }

  /** Stops reading, closes the stream and waits up to five seconds for the thread to end. */
  @Override
  public void close() {
    loop.close();
  }
}
