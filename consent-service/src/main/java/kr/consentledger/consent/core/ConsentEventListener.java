/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.ConsentEventFeed;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentStorage;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.consent.EventCheckpoint;
import kr.consentledger.consent.LedgerChange;
import kr.consentledger.service.StreamLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects {@code ConsentsChanged} events into the read model. Reads the blocking event stream on
 * its own thread; each event's changes and the checkpoint after it are written in ONE database
 * transaction, so after a restart the stream resumes exactly after the last applied event (the
 * Fabric {@code Checkpointer} semantics, kept in PostgreSQL). A failed stream is reopened from the
 * stored checkpoint after {@code retryDelay}.
 */
public final class ConsentEventListener implements AutoCloseable {
  /** The chaincode event this listener applies. */
  public static final String EVENT_NAME = "ConsentsChanged";

  /** The checkpoint's name in the database. */
  public static final String CHECKPOINT = "consents-changed";

  /** The receipts contract's event (RECEIPT-PROTOCOL.md §2). */
  public static final String RECEIPTS_EVENT = "ReceiptsRecorded";

  private static final Logger LOG = LoggerFactory.getLogger(ConsentEventListener.class);
  private static final long STORAGE_TIMEOUT_SECONDS = 30;

  private final ConsentEventFeed feed;
  private final ConsentStorage storage;
  private final StreamLoop loop;

  private ConsentEventListener(ConsentEventFeed feed, ConsentStorage storage, Duration retryDelay) {
    this.feed = Objects.requireNonNull(feed, "feed");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.loop = new StreamLoop("consent-events", retryDelay, new Session());
  }

  /**
   * Starts reading on a new thread.
   *
   * @param feed the event source
   * @param storage the database
   * @param retryDelay the pause before reopening a failed stream
   * @return the running listener; close it to stop
   */
  public static ConsentEventListener start(
      ConsentEventFeed feed, ConsentStorage storage, Duration retryDelay) {
    ConsentEventListener listener = new ConsentEventListener(feed, storage, retryDelay);
    listener.loop.start();
    return listener;
  }

  /** Reads the stream from the stored checkpoint, applying each event with the next checkpoint. */
  private final class Session implements StreamLoop.Session {
    @Override
    public void follow(StreamLoop loop) throws Exception {
      EventCheckpoint from =
          storage
              .stores()
              .checkpoints()
              .load(CHECKPOINT)
              .await(STORAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .orElse(null);
      try (ConsentEventFeed.Stream events = loop.track(feed.open(from))) {
        LOG.info("consent events: stream open from {}", from == null ? "the first block" : from);
        while (loop.running() && events.hasNext()) {
          apply(events.next()).await(STORAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
      }
    }

    @Override
    public void failed(Exception failure) {
      LOG.warn(
          "consent events: stream failed, reopening from the checkpoint: {}", failure.toString());
    }
  }

  /**
   * Applies one event and stores the checkpoint after it, in one transaction. Public for tests; the
   * listener thread is the only production caller.
   *
   * @param event the event
   * @return done
   */
  public Future<Void> apply(ConsentEventFeed.Event event) {
    List<LedgerChange> changes = EVENT_NAME.equals(event.name()) ? changes(event) : List.of();
    List<kr.consentledger.consent.ReceiptStore.Receipt> receipts =
        RECEIPTS_EVENT.equals(event.name()) ? receipts(event) : List.of();
    return storage.inTransaction(
        stores -> {
          // One round trip for the receipts and one for the changes, however many the event has.
          Future<Void> chain =
              receipts.isEmpty() ? Future.succeededFuture() : stores.receipts().recordAll(receipts);
          if (!changes.isEmpty()) {
            chain = chain.compose(v -> stores.readModel().applyAll(changes));
          }
          return chain.compose(
              v ->
                  stores
                      .checkpoints()
                      .save(
                          CHECKPOINT,
                          new EventCheckpoint(event.blockNumber(), event.transactionId())));
        });
  }

  /**
   * Reads the changes of a {@code ConsentsChanged} payload; malformed records are logged and
   * skipped.
   *
   * @param event the event
   * @return the changes
   */
  /**
   * The anchoring time of each record of a {@code ConsentsChanged} event, by consent id (records
   * without a readable {@code anchoredAt} are left out).
   *
   * @param event the event
   * @return consent id to anchoring time
   */
  static java.util.Map<String, Instant> anchoredAt(ConsentEventFeed.Event event) {
    java.util.Map<String, Instant> out = new java.util.HashMap<>();
    try {
      for (Object o :
          new JsonObject(Buffer.buffer(event.payload())).getJsonArray("changes", new JsonArray())) {
        if (o instanceof JsonObject r
            && r.getValue("consentId") instanceof String id
            && r.getValue("anchoredAt") instanceof String at) {
          out.put(id, Instant.parse(at));
        }
      }
    } catch (RuntimeException e) {
      // changes(event) logs a malformed payload
    }
    return out;
  }

  static List<LedgerChange> changes(ConsentEventFeed.Event event) {
    List<LedgerChange> out = new ArrayList<>();
    JsonArray records;
    try {
      records =
          new JsonObject(Buffer.buffer(event.payload())).getJsonArray("changes", new JsonArray());
    } catch (RuntimeException e) {
      LOG.warn(
          "consent events: block {} tx {} has a malformed payload",
          event.blockNumber(),
          event.transactionId());
      return out;
    }
    for (Object o : records) {
      try {
        JsonObject r = (JsonObject) o;
        String status = r.getString("status");
        ConsentStatus s =
            "ConsentWithdrawn".equals(status)
                ? ConsentStatus.CONSENT_WITHDRAWN
                : ConsentStatus.CONSENT_GIVEN;
        out.add(
            new LedgerChange(
                new ConsentTerms(
                    r.getString("consentId"),
                    r.getString("subject"),
                    r.getString("provider"),
                    r.getString("recipient"),
                    Instant.parse(r.getString("validFrom")),
                    Instant.parse(r.getString("validUntil"))),
                r.getString("credentialHash"),
                s,
                r.getString("txId", event.transactionId()),
                event.blockNumber()));
      } catch (RuntimeException e) {
        LOG.warn("consent events: skipped a malformed record in tx {}", event.transactionId());
      }
    }
    return out;
  }

  static List<kr.consentledger.consent.ReceiptStore.Receipt> receipts(
      ConsentEventFeed.Event event) {
    List<kr.consentledger.consent.ReceiptStore.Receipt> out = new ArrayList<>();
    JsonArray records;
    try {
      records =
          new JsonObject(Buffer.buffer(event.payload())).getJsonArray("receipts", new JsonArray());
    } catch (RuntimeException e) {
      LOG.warn(
          "receipt events: block {} tx {} has a malformed payload",
          event.blockNumber(),
          event.transactionId());
      return out;
    }
    for (Object o : records) {
      try {
        JsonObject r = (JsonObject) o;
        List<String> categories = new ArrayList<>();
        r.getJsonArray("categories").forEach(c -> categories.add((String) c));
        out.add(
            new kr.consentledger.consent.ReceiptStore.Receipt(
                r.getString("receiptId"),
                r.getString("consentId"),
                r.getString("provider"),
                r.getString("recipient"),
                categories,
                r.getString("presentationHash"),
                Instant.parse(r.getString("recordedAt")),
                r.getString("txId", event.transactionId()),
                event.blockNumber()));
      } catch (RuntimeException e) {
        LOG.warn("receipt events: skipped a malformed record in tx {}", event.transactionId());
      }
    }
    return out;
  }

  /** Stops reading, closes the stream and waits up to five seconds for the thread. */
  @Override
  public void close() {
    loop.close();
  }
}
