/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.BlockSource;
import kr.consentledger.consent.ConsentEventFeed;
import kr.consentledger.network.gateway.BlockReader;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlockSource} through the gateway: the peer's height from {@code qscc GetChainInfo}, and
 * every block of the channel from the gateway's block events (full blocks, so the mirror counts
 * blocks without our events too), reduced to the chaincode events of their valid transactions.
 */
public final class FabricBlockSource implements BlockSource {
  private static final Logger LOG = LoggerFactory.getLogger(FabricBlockSource.class);

  private final Network network;
  private final String chaincode;
  private final BlockReader reader;

  /**
   * @param network the channel's network; owned by the caller
   * @param chaincode the chaincode whose events are kept
   */
  public FabricBlockSource(Network network, String chaincode) {
    this.network = Objects.requireNonNull(network, "network");
    this.chaincode = Objects.requireNonNull(chaincode, "chaincode");
    this.reader = BlockReader.of(network);
  }

  @Override
  public long height() throws Exception {
    return reader.chainInfo().getHeight();
  }

  @Override
  public Stream open(long from) {
    CloseableIterator<org.hyperledger.fabric.protos.common.Block> blocks =
        network.newBlockEventsRequest().startBlock(from).build().getEvents();
    return new Stream() {
      @Override
      public boolean hasNext() {
        return blocks.hasNext();
      }

      @Override
      public BlockSource.Block next() {
        org.hyperledger.fabric.protos.common.Block b = blocks.next();
        return new BlockSource.Block(b.getHeader().getNumber(), events(b, chaincode));
      }

      @Override
      public void close() {
        blocks.close();
      }
    };
  }

  /**
   * The chaincode events of a block's valid transactions, in order.
   *
   * @param block the block
   * @param chaincode the chaincode whose events are kept
   * @return the events
   */
  public static List<ConsentEventFeed.Event> events(
      org.hyperledger.fabric.protos.common.Block block, String chaincode) {
    List<ConsentEventFeed.Event> out = new ArrayList<>();
    long number = block.getHeader().getNumber();
    ByteString filter =
        block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
            ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
            : ByteString.EMPTY;
    for (int i = 0; i < block.getData().getDataCount(); i++) {
      if (i >= filter.size() || filter.byteAt(i) != TxValidationCode.VALID_VALUE) {
        continue;
      }
      try {
        Payload payload =
            Payload.parseFrom(Envelope.parseFrom(block.getData().getData(i)).getPayload());
        ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
          continue;
        }
        for (TransactionAction action : Transaction.parseFrom(payload.getData()).getActionsList()) {
          ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
          ChaincodeAction ca =
              ChaincodeAction.parseFrom(
                  ProposalResponsePayload.parseFrom(cap.getAction().getProposalResponsePayload())
                      .getExtension());
          if (ca.getEvents().isEmpty()) {
            continue;
          }
          ChaincodeEvent event = ChaincodeEvent.parseFrom(ca.getEvents());
          if (chaincode.equals(event.getChaincodeId()) && !event.getEventName().isEmpty()) {
            out.add(
                new ConsentEventFeed.Event(
                    number,
                    header.getTxId(),
                    event.getEventName(),
                    event.getPayload().toByteArray()));
          }
        }
      } catch (InvalidProtocolBufferException e) {
        LOG.warn(
            "ledger mirror: block {} transaction {} cannot be read: {}", number, i, e.toString());
      }
    }
    return out;
  }
}
