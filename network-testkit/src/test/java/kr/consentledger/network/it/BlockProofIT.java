/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.UUID;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.BlockProof;
import kr.consentledger.network.gateway.BlockReader;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.FabricNetworkExtension;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An auditor's check of a transaction against Fabric's own hash chain, through qscc. */
@ExtendWith(FabricNetworkExtension.class)
class BlockProofIT {

  @Test
  void a_transaction_is_proven_by_its_block_data_hash_and_the_hash_chain(NetworkInfo info)
      throws Exception {
    try (GatewayConnection c =
        GatewayConnection.open(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Network network = c.network(info.channel());
      Contract records = network.getContract(info.chaincode(), "records");
      String key = "proof-" + UUID.randomUUID();
      Status written =
          records
              .newProposal("Put")
              .addArguments(key, "audited")
              .build()
              .endorse()
              .submitAsync()
              .getStatus();
      records.submitTransaction("Put", key, "a later block"); // so the block has a successor
      BlockReader reader = BlockReader.of(network);

      Block block = reader.blockOf(written.getTransactionId());
      BlockProof proof = BlockProof.of(block, written.getTransactionId());
      Block next = reader.block(proof.blockNumber() + 1);
      Block previous = reader.block(proof.blockNumber() - 1);
      BlockchainInfo chain = reader.chainInfo();
      Block last = reader.block(chain.getHeight() - 1);

      assertThat(proof.blockNumber()).isEqualTo(written.getBlockNumber());
      assertThat(proof.validationCode()).isZero();
      assertThat(proof.dataHashMatches()).isTrue();
      assertThat(HexFormat.of().formatHex(next.getHeader().getPreviousHash().toByteArray()))
          .isEqualTo(proof.headerHash());
      assertThat(HexFormat.of().formatHex(BlockProof.headerHash(previous.getHeader())))
          .isEqualTo(proof.previousHash());
      assertThat(BlockProof.headerHash(last.getHeader()))
          .isEqualTo(chain.getCurrentBlockHash().toByteArray());

      // A tampered transaction no longer matches its block's data hash.
      Block tampered =
          block.toBuilder()
              .setData(
                  block.getData().toBuilder()
                      .setData(
                          proof.transactionIndex(),
                          block
                              .getData()
                              .getData(proof.transactionIndex())
                              .concat(com.google.protobuf.ByteString.copyFromUtf8("x"))))
              .build();
      assertThat(BlockProof.dataHash(tampered))
          .isNotEqualTo(block.getHeader().getDataHash().toByteArray());
      assertThat(BlockProof.dataHash(block))
          .isEqualTo(block.getHeader().getDataHash().toByteArray());
    }
  }
}
