/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static kr.consentledger.wallet.LedgerRules.absent;
import static kr.consentledger.wallet.LedgerRules.authorise;
import static kr.consentledger.wallet.LedgerRules.expired;
import static kr.consentledger.wallet.LedgerRules.parse;
import static kr.consentledger.wallet.LedgerRules.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import kr.consentledger.wallet.LedgerRules.Outcome;
import kr.consentledger.wallet.LedgerRules.Reject;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.consent.StatementsAccess;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.jws.Jws;

/**
 * A test-only model of the {@code receipts} contract's per-statement checks (RECEIPT-PROTOCOL.md
 * section 2), in the protocol's order, so the fixtures' expected outcomes are computed rather than
 * asserted by hand.
 */
final class ReceiptLedgerRules {
  private ReceiptLedgerRules() {}

  /**
   * Returns the outcome.
   *
   * @param statement the receipt statement
   * @param dids the did:fabric states on the ledger
   * @param consentRecord what {@code consent~<consentId>} holds, or null / JSON null
   * @param participants the participant records on the ledger
   * @param priorReceipt what {@code receipt~<consentId>~<receiptId>} holds, or null / JSON null
   * @param txTime the transaction timestamp
   * @return the outcome
   */
  static Outcome apply(
      String statement,
      Map<String, DidState> dids,
      JsonNode consentRecord,
      JsonNode participants,
      JsonNode priorReceipt,
      Instant txTime) {
    return LedgerRules.outcome(
        () -> record(statement, dids, consentRecord, participants, priorReceipt, txTime));
  }

  private static Outcome record(
      String statement,
      Map<String, DidState> dids,
      JsonNode consent,
      JsonNode participants,
      JsonNode prior,
      Instant txTime)
      throws Reject {
    // 1. MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE
    Jws.Parsed parsed = parse(statement, ReceiptStatements.TYP);
    // 2. INVALID_STATEMENT
    ObjectNode p = payload(() -> StatementsAccess.receiptPayload(parsed));
    String consentId = p.get("consentId").asText();
    String receiptId = p.get("receiptId").asText();
    String provider = p.get("provider").asText();
    String recipient = p.get("recipient").asText();
    // 3. CONSENT_NOT_FOUND
    if (absent(consent) || !consent.get("consentId").asText().equals(consentId)) {
      throw new Reject("CONSENT_NOT_FOUND");
    }
    // 4. PARTY_MISMATCH
    if (!consent.get("provider").asText().equals(provider)
        || !consent.get("recipient").asText().equals(recipient)) {
      throw new Reject("PARTY_MISMATCH");
    }
    // 5. CONSENT_NOT_IN_FORCE
    if (!consent.get("status").asText().equals("ConsentGiven")
        || expired(consent, txTime)
        || Instant.parse(consent.get("validFrom").asText()).isAfter(txTime)) {
      throw new Reject("CONSENT_NOT_IN_FORCE");
    }
    // 6. PARTICIPANT_NOT_ACTIVE
    if (!active(participants, provider, "provider")
        || !active(participants, recipient, "recipient")) {
      throw new Reject("PARTICIPANT_NOT_ACTIVE");
    }
    // 7. UNKNOWN_DID, DID_DEACTIVATED, NOT_AUTHORISED, BAD_SIGNATURE
    authorise(parsed, provider, dids, VerificationRelationship.ASSERTION_METHOD);
    // 8. unchanged or RECEIPT_EXISTS
    if (!absent(prior)
        && prior.get("consentId").asText().equals(consentId)
        && prior.get("receiptId").asText().equals(receiptId)) {
      if (prior.get("statementHash").asText().equals(Jws.sha256Hex(statement))) {
        return Outcome.accepted("unchanged");
      }
      throw new Reject("RECEIPT_EXISTS");
    }
    return Outcome.accepted("recorded");
  }

  private static boolean active(JsonNode participants, String did, String role) {
    for (JsonNode p : participants) {
      if (p.get("did").asText().equals(did)) {
        return p.get("role").asText().equals(role) && p.get("status").asText().equals("active");
      }
    }
    return false;
  }
}
