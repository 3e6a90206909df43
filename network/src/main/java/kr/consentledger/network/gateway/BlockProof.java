/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;

/**
 * What an auditor needs to check one transaction against Fabric's hash chain without trusting our
 * services: the block that holds it, the block's data hash recomputed from its transactions, and
 * the block's header hash, which the next block names as its previous hash.
 *
 * <p>Fabric's hashes: the data hash is SHA-256 over the concatenated transaction envelopes; the
 * header hash is SHA-256 of the DER encoding of {@code SEQUENCE {INTEGER number, OCTET STRING
 * previousHash, OCTET STRING dataHash}}.
 *
 * @param transactionId the transaction
 * @param blockNumber the block that holds it
 * @param transactionIndex its position in the block
 * @param validationCode the peer's validation code for it ({@code 0} = VALID)
 * @param headerHash hex SHA-256 of the block header
 * @param previousHash hex hash of the previous block's header, as this block records it
 * @param dataHash hex data hash, as this block's header records it
 * @param computedDataHash hex data hash recomputed from the block's transactions
 */
public record BlockProof(
    String transactionId,
    long blockNumber,
    int transactionIndex,
    int validationCode,
    String headerHash,
    String previousHash,
    String dataHash,
    String computedDataHash) {

  /** Whether the recomputed data hash is the one in the header: no transaction was altered. */
  public boolean dataHashMatches() {
    return dataHash.equals(computedDataHash);
  }

  /**
   * The proof of {@code transactionId} in {@code block}.
   *
   * @throws IllegalArgumentException when the block does not hold the transaction
   */
  public static BlockProof of(Block block, String transactionId) {
    Objects.requireNonNull(transactionId, "transactionId");
    int index = -1;
    for (int i = 0; i < block.getData().getDataCount(); i++) {
      if (transactionId.equals(transactionIdOf(block.getData().getData(i)))) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException(
          "block " + block.getHeader().getNumber() + " does not hold " + transactionId);
    }
    ByteString filter =
        block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
    BlockHeader h = block.getHeader();
    return new BlockProof(
        transactionId,
        h.getNumber(),
        index,
        filter.size() > index ? filter.byteAt(index) & 0xff : -1,
        hex(headerHash(h)),
        hex(h.getPreviousHash().toByteArray()),
        hex(h.getDataHash().toByteArray()),
        hex(dataHash(block)));
  }

  /** SHA-256 of the DER-encoded header: the value the next block records as previousHash. */
  public static byte[] headerHash(BlockHeader h) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    der(body, 0x02, BigInteger.valueOf(h.getNumber()).toByteArray());
    der(body, 0x04, h.getPreviousHash().toByteArray());
    der(body, 0x04, h.getDataHash().toByteArray());
    ByteArrayOutputStream seq = new ByteArrayOutputStream();
    der(seq, 0x30, body.toByteArray());
    return sha256(seq.toByteArray());
  }

  /** SHA-256 over the block's transaction envelopes, concatenated. */
  public static byte[] dataHash(Block block) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    block.getData().getDataList().forEach(d -> all.writeBytes(d.toByteArray()));
    return sha256(all.toByteArray());
  }

  private static String transactionIdOf(ByteString envelope) {
    try {
      Payload payload = Payload.parseFrom(Envelope.parseFrom(envelope).getPayload());
      return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return null;
    }
  }

  private static void der(ByteArrayOutputStream out, int tag, byte[] content) {
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      byte[] len = BigInteger.valueOf(n).toByteArray();
      int skip = len[0] == 0 ? 1 : 0;
      out.write(0x80 | (len.length - skip));
      out.write(len, skip, len.length - skip);
    }
    out.writeBytes(content);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
