/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;

class ConsentFixturesTest extends AbstractGoldenFixturesTest {
  private static final List<String> CASES =
      List.of(
          "01-anchor-did-key.json",
          "02-anchor-did-fabric.json",
          "03-revoke-did-fabric.json",
          "04-revoke-by-recipient.json",
          "05-anchor-bad-signature.json",
          "06-anchor-expired.json",
          "07-anchor-consent-exists.json",
          "08-anchor-unchanged.json",
          "09-anchor-extra-member.json",
          "10-revoke-already-revoked.json",
          "11-anchor-did-deactivated.json",
          "12-anchor-key-not-in-assertion-method.json",
          "13-revoke-unchanged.json",
          "14-revoke-consent-not-found.json",
          "15-revoke-hash-mismatch.json",
          "16-anchor-unknown-did.json",
          "17-anchor-wrong-type.json",
          "18-revoke-expired.json",
          "19-anchor-malformed-jws.json",
          "20-anchor-time-not-canonical.json");

  ConsentFixturesTest() {
    super("consent", List.of("keys.json", "credential-and-anchor.json"), CASES);
  }

  @Override
  Map<String, String> generateFixtures() throws Exception {
    return ConsentFixtures.generate();
  }

  @Override
  LedgerRules.Outcome applyLedgerRules(JsonNode f, Map<String, DidState> dids, Instant txTime) {
    return ConsentLedgerRules.apply(
        f.get("function").asText(),
        f.get("statement").asText(),
        dids,
        f.get("priorRecord"),
        txTime);
  }

  @Test
  void prior_records_hold_the_hash_of_the_anchor_statement_they_came_from() throws Exception {
    JsonNode anchored = load("01-anchor-did-key.json");
    JsonNode retry = load("08-anchor-unchanged.json");

    assertThat(retry.get("priorRecord").get("anchorStatementHash").asText())
        .isEqualTo(Jws.sha256Hex(anchored.get("statement").asText()));
    assertThat(retry.get("priorRecord").get("credentialHash").asText())
        .isEqualTo(
            ConsentStatements.parseAnchor(anchored.get("statement").asText()).credentialHash());
  }

  @Test
  void credential_and_anchor_pair_is_valid_for_the_service() throws Exception {
    JsonNode pair = load("credential-and-anchor.json");
    String credential = pair.get("credential").asText();

    ConsentStatements.Anchor anchor =
        ConsentStatements.checkAnchorMatches(credential, pair.get("anchor").asText());
    VerifiableCredential verified =
        Verifier.builder()
            .resolver(DidResolvers.local())
            .clock(Clock.fixed(Instant.parse(ConsentFixtures.TX_TIME), ZoneOffset.UTC))
            .build()
            .verifyCredential(credential);
    WalletKeyPair subjectKey = WalletKeyPair.fromJwk(pair.get("subjectKey").toString());

    assertThat(anchor.credentialHash()).isEqualTo(Jws.sha256Hex(credential));
    assertThat(verified.credential().issuer()).isEqualTo(DidKey.create(subjectKey.publicKey()));
  }
}
