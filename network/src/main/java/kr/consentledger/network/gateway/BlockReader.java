/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Objects;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * Reads a channel's blocks as Fabric stores them, through the {@code qscc} system chaincode, so
 * that a reader can check them without trusting our services. Calls block; use a worker thread.
 */
public final class BlockReader {
  private final Network network;

  private BlockReader(Network network) {
    this.network = network;
  }

  /** A reader of the channel {@code network} is connected to. */
  public static BlockReader of(Network network) {
    return new BlockReader(Objects.requireNonNull(network, "network"));
  }

  /** The chain's height, current block hash and previous block hash. */
  public BlockchainInfo chainInfo() throws GatewayException, InvalidProtocolBufferException {
    return BlockchainInfo.parseFrom(
        network.getContract("qscc").evaluateTransaction("GetChainInfo", network.getName()));
  }

  /** The block with this number. */
  public Block block(long number) throws GatewayException, InvalidProtocolBufferException {
    return Block.parseFrom(
        network
            .getContract("qscc")
            .evaluateTransaction("GetBlockByNumber", network.getName(), Long.toString(number)));
  }

  /** The block that holds the transaction. */
  public Block blockOf(String transactionId)
      throws GatewayException, InvalidProtocolBufferException {
    return Block.parseFrom(
        network
            .getContract("qscc")
            .evaluateTransaction("GetBlockByTxID", network.getName(), transactionId));
  }
}
