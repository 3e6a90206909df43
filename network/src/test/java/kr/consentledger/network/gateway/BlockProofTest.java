/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;

/** The proof's hashes are the ones CONSENT-PROTOCOL.md §10 tells an auditor to compute. */
class BlockProofTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void the_documented_example_gives_the_documented_data_and_header_hashes() throws Exception {
    String doc =
        Files.readString(
            Path.of("..", "ledger-chaincode", "CONSENT-PROTOCOL.md"), StandardCharsets.UTF_8);
    List<String> entries = example(doc, "proof-entries").lines().map(String::strip).toList();
    byte[] previous = HEX.parseHex(example(doc, "proof-previous-hash"));
    BlockData.Builder data = BlockData.newBuilder();
    entries.forEach(e -> data.addData(ByteString.copyFrom(HEX.parseHex(e))));
    byte[] dataHash = BlockProof.dataHash(Block.newBuilder().setData(data).build());
    BlockHeader header =
        BlockHeader.newBuilder()
            .setNumber(5)
            .setPreviousHash(ByteString.copyFrom(previous))
            .setDataHash(ByteString.copyFrom(dataHash))
            .build();

    assertThat(HEX.formatHex(dataHash)).isEqualTo(example(doc, "proof-data-hash"));
    assertThat(HEX.formatHex(BlockProof.headerHash(header)))
        .isEqualTo(example(doc, "proof-header-hash"))
        .isEqualTo(
            HEX.formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(HEX.parseHex(example(doc, "proof-header-der")))));
  }

  @Test
  void a_block_number_of_128_or_more_is_a_minimal_positive_der_integer() throws Exception {
    byte[] zeros = new byte[32];
    BlockHeader header =
        BlockHeader.newBuilder()
            .setNumber(128)
            .setPreviousHash(ByteString.copyFrom(zeros))
            .setDataHash(ByteString.copyFrom(zeros))
            .build();
    String der = "3048" + "02020080" + "0420" + "00".repeat(32) + "0420" + "00".repeat(32);

    assertThat(HEX.formatHex(BlockProof.headerHash(header)))
        .isEqualTo(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(HEX.parseHex(der))));
  }

  private static String example(String doc, String name) {
    Matcher m =
        Pattern.compile(
                "<!-- example " + Pattern.quote(name) + " -->\\s*```\\w*\\n(.*?)\\n```",
                Pattern.DOTALL)
            .matcher(doc);
    assertThat(m.find()).as("example " + name).isTrue();
    return m.group(1).strip();
  }
}
