/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiptFixturesTest extends AbstractGoldenFixturesTest {
  private static final List<String> CASES =
      List.of(
          "01-recorded-did-fabric.json",
          "02-recorded-did-key.json",
          "03-consent-not-found.json",
          "04-party-mismatch.json",
          "05-consent-withdrawn.json",
          "06-consent-expired.json",
          "07-recipient-suspended.json",
          "08-provider-not-registered.json",
          "09-signed-by-recipient.json",
          "10-bad-signature.json",
          "11-invalid-category.json",
          "12-unchanged.json",
          "13-receipt-exists.json",
          "14-wrong-type.json");

  ReceiptFixturesTest() {
    super("receipt", List.of("keys.json", "presentation-and-receipt.json"), CASES);
  }

  @Override
  Map<String, String> generateFixtures() throws Exception {
    return ReceiptFixtures.generate();
  }

  @Override
  LedgerRules.Outcome applyLedgerRules(JsonNode f, Map<String, DidState> dids, Instant txTime) {
    return ReceiptLedgerRules.apply(
        f.get("statement").asText(),
        dids,
        f.get("consentRecord"),
        f.get("participants"),
        f.get("priorReceipt"),
        txTime);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void fixture_records_have_the_ledger_formats(String file) {
    JsonNode f = load(file);
    for (JsonNode p : f.get("participants")) {
      assertThat(names(p))
          .containsExactly(
              "did",
              "displayName",
              "registeredAt",
              "registeredBy",
              "role",
              "status",
              "txId",
              "updatedAt",
              "updatedBy");
      assertThat(p.get("role").asText()).isIn("provider", "recipient", "auditor");
      assertThat(p.get("status").asText()).isIn("active", "suspended");
    }
    JsonNode consent = f.get("consentRecord");
    if (!consent.isNull()) {
      assertThat(consent.get("status").asText()).isIn("ConsentGiven", "ConsentWithdrawn");
      assertThat(consent.get("anchorStatementHash").asText()).matches("[0-9a-f]{64}");
    }
    JsonNode prior = f.get("priorReceipt");
    if (!prior.isNull()) {
      assertThat(names(prior))
          .containsExactly(
              "categories",
              "consentId",
              "presentationHash",
              "provider",
              "receiptId",
              "recipient",
              "recordedAt",
              "statementHash",
              "txId");
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void prior_receipt_holds_the_hash_of_the_statement_it_came_from() throws Exception {
    JsonNode recorded = load("01-recorded-did-fabric.json");
    JsonNode retry = load("12-unchanged.json");
    JsonNode exists = load("13-receipt-exists.json");
    String statement = recorded.get("statement").asText();

    assertThat(retry.get("priorReceipt").get("statementHash").asText())
        .isEqualTo(Jws.sha256Hex(statement));
    assertThat(retry.get("statement").asText()).isEqualTo(statement);
    assertThat(ReceiptStatements.parseReceipt(exists.get("statement").asText()).receiptId())
        .isEqualTo(retry.get("priorReceipt").get("receiptId").asText());
  }

  @Test
  void presentation_and_receipt_pair_is_valid_for_the_service() throws Exception {
    JsonNode pair = load("presentation-and-receipt.json");
    String vp = pair.get("presentation").asText();
    ReceiptStatements.Receipt receipt =
        ReceiptStatements.parseReceipt(pair.get("receipt").asText());

    VerifiablePresentation verified =
        Verifier.builder()
            .resolver(DidResolvers.local())
            .clock(Clock.fixed(Instant.parse(ReceiptFixtures.TX_TIME), ZoneOffset.UTC))
            .build()
            .verifyPresentation(vp, receipt.provider(), "receipt-fixtures-challenge-1");
    WalletKeyPair providerKey = WalletKeyPair.fromJwk(pair.get("providerKey").toString());

    assertThat(receipt.presentationHash()).isEqualTo(ReceiptStatements.presentationHash(vp));
    assertThat(ConsentCredential.parse(verified.credentials().get(0).jws()).consentId())
        .isEqualTo(receipt.consentId());
    assertThat(DidFabric.didFor(providerKey.publicKey())).isEqualTo(receipt.provider());
  }
}
