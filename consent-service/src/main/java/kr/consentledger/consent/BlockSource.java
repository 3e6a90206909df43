/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.util.Iterator;
import java.util.List;

/** Port: the channel's blocks, read with blocking calls on the mirror's own threads. */
public interface BlockSource {
  /**
   * The peer's height: the number of blocks it has committed.
   *
   * @return the height
   * @throws Exception when the peer does not answer
   */
  long height() throws Exception;

  /**
   * Opens a stream of blocks.
   *
   * @param from the first block
   * @return the stream; close it to stop
   * @throws Exception when it cannot be opened
   */
  Stream open(long from) throws Exception;

  /** A blocking stream of blocks; {@code hasNext} waits for the next one. */
  interface Stream extends Iterator<Block>, AutoCloseable {
    @Override
    void close();
  }

  /**
   * One block: its number and the chaincode events of its valid transactions, in order.
   *
   * @param number the block number
   * @param events the events
   */
  public record Block(long number, List<ConsentEventFeed.Event> events) {
    /** Copies the list. */
    public Block {
      events = List.copyOf(events);
    }
  }
}
