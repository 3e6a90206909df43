/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.fabric;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import kr.consentledger.consent.ConsentEventFeed;
import kr.consentledger.consent.EventCheckpoint;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.ChaincodeEventsRequest;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;

/**
 * {@link ConsentEventFeed} from the gateway's chaincode events. A stored checkpoint is handed to
 * the gateway as a Fabric {@link Checkpoint}, so the stream starts at its block and skips that
 * block's events up to and including its transaction.
 */
public final class FabricConsentEvents implements ConsentEventFeed {
  private final Network network;
  private final String chaincode;
  private final long startBlock;

  /**
   * @param network the channel's network; owned by the caller
   * @param chaincode the chaincode name
   * @param startBlock where to start without a checkpoint
   */
  public FabricConsentEvents(Network network, String chaincode, long startBlock) {
    this.network = Objects.requireNonNull(network, "network");
    this.chaincode = Objects.requireNonNull(chaincode, "chaincode");
    this.startBlock = startBlock;
  }

  @Override
  public Stream open(EventCheckpoint from) {
    ChaincodeEventsRequest.Builder request = network.newChaincodeEventsRequest(chaincode);
    if (from == null) {
      request.startBlock(startBlock);
    } else {
      request.checkpoint(
          new Checkpoint() {
            @Override
            public OptionalLong getBlockNumber() {
              return OptionalLong.of(from.blockNumber());
            }

            @Override
            public Optional<String> getTransactionId() {
              return Optional.ofNullable(from.transactionId());
            }
          });
    }
    CloseableIterator<ChaincodeEvent> events = request.build().getEvents();
    return new Stream() {
      @Override
      public boolean hasNext() {
        return events.hasNext();
      }

      @Override
      public Event next() {
        ChaincodeEvent e = events.next();
        return new Event(
            e.getBlockNumber(), e.getTransactionId(), e.getEventName(), e.getPayload());
      }

      @Override
      public void close() {
        events.close();
      }
    };
  }
}
