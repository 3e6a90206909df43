/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.BlockReader;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No personal data on the ledger: reads every block of the channel, as Fabric stores it, after the
 * other integration tests of the run have written theirs (this class runs last, see
 * junit-platform.properties), and finds no credential and no personal field. Credentials and
 * statements travel as compact JWS, so every JWS found in a block is decoded and checked too.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class})
@Order(Integer.MAX_VALUE)
class LedgerPrivacyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JWS =
      Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  /** Members that only a consent credential (or a presentation of it) has. */
  private static final List<String> PERSONAL_MEMBERS =
      List.of(
          "credentialSubject",
          "dataSubject",
          "dataCategories",
          "purposes",
          "retentionPeriod",
          "legalBasis",
          "withdrawal",
          "contact",
          "verifiableCredential");

  @Test
  void no_block_holds_a_credential_or_a_personal_field(NetworkInfo info) throws Exception {
    List<String> findings = new ArrayList<>();
    int jwsSeen = 0;
    long height;
    try (GatewayConnection c =
        GatewayConnection.open(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      BlockReader reader = BlockReader.of(c.network(info.channel()));
      height = reader.chainInfo().getHeight();
      for (long n = 0; n < height; n++) {
        Block block = reader.block(n);
        jwsSeen += scan("block " + n, block.toByteArray(), findings);
      }
    }
    assertThat(height).as("blocks written during the suite").isGreaterThan(5);
    assertThat(jwsSeen).as("statements found and decoded").isPositive();
    assertThat(findings).isEmpty();
  }

  @Test
  void the_scan_finds_a_credential_hidden_in_block_bytes() throws Exception {
    kr.consentledger.wallet.keys.WalletKeyPair key =
        kr.consentledger.wallet.keys.WalletKeyPair.generate(
            kr.consentledger.wallet.keys.KeyType.ED25519);
    String did = kr.consentledger.wallet.did.DidKey.create(key.publicKey());
    java.time.Instant from = java.time.Instant.parse("2026-11-22T00:00:00Z");
    String credential =
        kr.consentledger.wallet.credential.ConsentCredential.builder()
            .subject(did, "Hidden Person", null)
            .provider("did:example:p", "P")
            .recipient("did:example:r", "R")
            .validFrom(from)
            .validUntil(from.plusSeconds(86_400))
            .purpose("p", "ServiceProvision", true)
            .dataCategory("health.checkup", true)
            .transmission(
                kr.consentledger.wallet.credential.ConsentCredential.Transmission.oneTime(
                    from.plusSeconds(3600)))
            .retentionPeriod("P1M")
            .legalBasis("PIPA Art. 35-2")
            .withdrawal("wallet", null)
            .statusBaseUrl("https://consent.example.kr/consents")
            .build()
            .issue(key.signer(did + "#" + did.substring("did:key:".length())))
            .jws();
    byte[] block =
        ("\u0000\u0012some-protobuf\u0000" + credential + "\u0001")
            .getBytes(StandardCharsets.ISO_8859_1);
    List<String> findings = new ArrayList<>();

    assertThat(scan("synthetic", block, findings)).isEqualTo(1);
    assertThat(findings)
        .anyMatch(f -> f.contains("vc+jwt"))
        .anyMatch(f -> f.contains("credentialSubject"));
  }

  /**
   * Adds what {@code bytes} should not hold to {@code findings}; returns how many JWS it decoded.
   */
  static int scan(String where, byte[] bytes, List<String> findings) {
    // Byte-preserving text: protobuf bytes fields hold our UTF-8 JSON and JWS as they are.
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (String member : PERSONAL_MEMBERS) {
      if (text.contains("\"" + member + "\"")) {
        findings.add(where + " has the member " + member);
      }
    }
    int seen = 0;
    Matcher m = JWS.matcher(text);
    while (m.find()) {
      seen++;
      String[] parts = m.group().split("\\.");
      JsonNode header = decode(parts[0]);
      JsonNode payload = decode(parts[1]);
      String typ = header == null ? "" : header.path("typ").asText();
      if (typ.equals("vc+jwt") || typ.equals("vp+jwt")) {
        findings.add(where + " holds a " + typ);
      }
      for (String member : PERSONAL_MEMBERS) {
        if (payload != null && payload.findValue(member) != null) {
          findings.add(where + " holds a JWS (" + typ + ") with the member " + member);
        }
      }
    }
    return seen;
  }

  private static JsonNode decode(String part) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(part));
    } catch (Exception e) {
      return null;
    }
  }
}
