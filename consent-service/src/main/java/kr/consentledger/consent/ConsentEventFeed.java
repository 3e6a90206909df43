/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.util.Iterator;
import java.util.Objects;

/**
 * Port: the chaincode events of the ledger, read with blocking calls on the listener's own thread.
 */
public interface ConsentEventFeed {
  /**
   * Opens a stream of events.
   *
   * @param from where to resume; null to start at the configured first block
   * @return the stream; close it to stop
   * @throws Exception when the stream cannot be opened
   */
  Stream open(EventCheckpoint from) throws Exception;

  /** A blocking stream of events; {@code hasNext} waits for the next one. */
  interface Stream extends Iterator<Event>, AutoCloseable {
    @Override
    void close();
  }

  /**
   * One chaincode event.
   *
   * @param blockNumber its block
   * @param transactionId its transaction
   * @param name the event name, for example {@code ConsentsChanged}
   * @param payload the payload bytes
   */
  @SuppressWarnings("ArrayRecordComponent") // the payload is only read, never compared
  record Event(long blockNumber, String transactionId, String name, byte[] payload) {
    /** Checks and copies. */
    public Event {
      Objects.requireNonNull(transactionId, "transactionId");
      Objects.requireNonNull(name, "name");
      payload = payload == null ? new byte[0] : payload.clone();
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }
  }
}
