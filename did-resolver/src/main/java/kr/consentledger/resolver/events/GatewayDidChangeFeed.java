/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.events;

import java.util.Objects;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.ChaincodeEventsRequest;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * The chaincode events of the gateway's network. A first stream starts at the current chain height
 * (asked of the {@code qscc} system chaincode), so no change that is committed after it opens is
 * missed; later streams resume from the checkpoint.
 *
 * @param network the channel's network; owned by the caller
 * @param channel the channel name, for the qscc query
 * @param chaincode the chaincode name
 */
public record GatewayDidChangeFeed(Network network, String channel, String chaincode)
    implements DidChangeFeed {
  /** Checks that every component is present. */
  public GatewayDidChangeFeed {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
  }

  @Override
  public CloseableIterator<ChaincodeEvent> open(Checkpoint checkpoint) throws Exception {
    ChaincodeEventsRequest.Builder request = network.newChaincodeEventsRequest(chaincode);
    if (checkpoint.getBlockNumber().isPresent()) {
      request.checkpoint(checkpoint);
    } else {
      byte[] info = network.getContract("qscc").evaluateTransaction("GetChainInfo", channel);
      request.startBlock(BlockchainInfo.parseFrom(info).getHeight());
    }
    return request.build().getEvents();
  }
}
