/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.events;

import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.CloseableIterator;

/** Opens a blocking stream of the chaincode's events. */
@FunctionalInterface
public interface DidChangeFeed {
  /**
   * Opens the stream. Every change committed after this returns must appear in it.
   *
   * @param checkpoint where the previous stream stopped; empty on the first call
   * @return a blocking iterator; closing it from another thread ends a blocked {@code hasNext}
   * @throws Exception when the stream cannot be opened
   */
  CloseableIterator<ChaincodeEvent> open(Checkpoint checkpoint) throws Exception;
}
