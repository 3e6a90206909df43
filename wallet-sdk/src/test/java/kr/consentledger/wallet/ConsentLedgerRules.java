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
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.StatementsAccess;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.jws.Jws;

/**
 * A test-only model of the chaincode's per-statement checks (CONSENT-PROTOCOL.md section 5), in the
 * protocol's order, so the fixtures' expected outcomes are computed rather than asserted by hand.
 */
final class ConsentLedgerRules {
  private ConsentLedgerRules() {}

  static Outcome apply(
      String function,
      String statement,
      Map<String, DidState> dids,
      JsonNode priorRecord,
      Instant txTime) {
    return LedgerRules.outcome(
        () ->
            function.equals("Anchor")
                ? anchor(statement, dids, priorRecord, txTime)
                : revoke(statement, dids, priorRecord, txTime));
  }

  private static Outcome anchor(
      String statement, Map<String, DidState> dids, JsonNode prior, Instant txTime) throws Reject {
    Jws.Parsed parsed = parse(statement, ConsentStatements.ANCHOR_TYP);
    ObjectNode p = payload(() -> StatementsAccess.anchorPayload(parsed));
    String subject = p.get("subject").asText();
    authorise(parsed, subject, dids, VerificationRelationship.ASSERTION_METHOD);
    if (expired(p, txTime)) {
      throw new Reject("EXPIRED");
    }
    String id = p.get("consentId").asText();
    if (!absent(prior) && prior.get("consentId").asText().equals(id)) {
      if (prior.get("credentialHash").asText().equals(p.get("credentialHash").asText())) {
        return Outcome.accepted("unchanged");
      }
      throw new Reject("CONSENT_EXISTS");
    }
    return Outcome.accepted("anchored");
  }

  private static Outcome revoke(
      String statement, Map<String, DidState> dids, JsonNode prior, Instant txTime) throws Reject {
    Jws.Parsed parsed = parse(statement, ConsentStatements.REVOCATION_TYP);
    ObjectNode p = payload(() -> StatementsAccess.revocationPayload(parsed));
    String id = p.get("consentId").asText();
    if (absent(prior) || !prior.get("consentId").asText().equals(id)) {
      throw new Reject("CONSENT_NOT_FOUND");
    }
    String subject = p.get("subject").asText();
    if (!prior.get("credentialHash").asText().equals(p.get("credentialHash").asText())
        || !prior.get("subject").asText().equals(subject)) {
      throw new Reject("HASH_MISMATCH");
    }
    authorise(parsed, subject, dids, VerificationRelationship.AUTHENTICATION);
    if (prior.get("status").asText().equals("ConsentWithdrawn")) {
      if (prior.path("revocationStatementHash").asText().equals(Jws.sha256Hex(statement))) {
        return Outcome.accepted("unchanged");
      }
      throw new Reject("ALREADY_REVOKED");
    }
    if (expired(prior, txTime)) {
      throw new Reject("EXPIRED");
    }
    return Outcome.accepted("revoked");
  }
}
