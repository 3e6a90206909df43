package kr.consentledger.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Jws;

/**
 * A test-only model of the {@code receipts} contract's per-statement checks (RECEIPT-PROTOCOL.md
 * section 2), in the protocol's order, so the fixtures' expected outcomes are computed rather than
 * asserted by hand.
 */
final class ReceiptLedgerRules {
    /** The outcome of one statement: {@code result} and, when rejected, the protocol {@code code}. */
    record Outcome(String result, String code) {
        static Outcome rejected(String code) {
            return new Outcome("rejected", code);
        }
    }

    /** A protocol rejection, carrying its code. */
    private static final class Reject extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Reject(String code) {
            super(code);
            this.code = code;
        }
    }

    private ReceiptLedgerRules() {
    }

    /**
     * @param statement the receipt statement
     * @param dids the did:fabric states on the ledger
     * @param consentRecord what {@code consent~<consentId>} holds, or null / JSON null
     * @param participants the participant records on the ledger
     * @param priorReceipt what {@code receipt~<consentId>~<receiptId>} holds, or null / JSON null
     * @param txTime the transaction timestamp
     * @return the outcome
     */
    static Outcome apply(String statement, Map<String, DidState> dids, JsonNode consentRecord, JsonNode participants,
            JsonNode priorReceipt, Instant txTime) {
        try {
            return record(statement, dids, consentRecord, participants, priorReceipt, txTime);
        } catch (Reject r) {
            return Outcome.rejected(r.code);
        }
    }

    private static Outcome record(String statement, Map<String, DidState> dids, JsonNode consent,
            JsonNode participants, JsonNode prior, Instant txTime) throws Reject {
        // 1. MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE
        Jws.Parsed parsed;
        try {
            parsed = Jws.parse(statement);
        } catch (RejectedException e) {
            throw new Reject(e.reason().name());
        }
        if (!parsed.headerText("typ").equals(Optional.of(ReceiptStatements.TYP))) {
            throw new Reject("WRONG_TYPE");
        }
        // 2. INVALID_STATEMENT
        ObjectNode p;
        try {
            p = ReceiptStatements.receiptPayload(parsed);
        } catch (RejectedException e) {
            throw new Reject("INVALID_STATEMENT");
        }
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
                || !Instant.parse(consent.get("validUntil").asText()).isAfter(txTime)
                || Instant.parse(consent.get("validFrom").asText()).isAfter(txTime)) {
            throw new Reject("CONSENT_NOT_IN_FORCE");
        }
        // 6. PARTICIPANT_NOT_ACTIVE
        if (!active(participants, provider, "provider") || !active(participants, recipient, "recipient")) {
            throw new Reject("PARTICIPANT_NOT_ACTIVE");
        }
        // 7. UNKNOWN_DID, DID_DEACTIVATED, NOT_AUTHORISED, BAD_SIGNATURE
        authorise(parsed, provider, dids);
        // 8. unchanged or RECEIPT_EXISTS
        if (!absent(prior) && prior.get("consentId").asText().equals(consentId)
                && prior.get("receiptId").asText().equals(receiptId)) {
            if (prior.get("statementHash").asText().equals(Jws.sha256Hex(statement))) {
                return new Outcome("unchanged", null);
            }
            throw new Reject("RECEIPT_EXISTS");
        }
        return new Outcome("recorded", null);
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static boolean active(JsonNode participants, String did, String role) {
        for (JsonNode p : participants) {
            if (p.get("did").asText().equals(did)) {
                return p.get("role").asText().equals(role) && p.get("status").asText().equals("active");
            }
        }
        return false;
    }

    private static void authorise(Jws.Parsed parsed, String provider, Map<String, DidState> dids) throws Reject {
        DidDocument doc;
        if (provider.startsWith("did:key:")) {
            try {
                doc = DidKey.resolve(provider);
            } catch (RejectedException e) {
                throw new Reject("UNKNOWN_DID");
            }
        } else if (provider.startsWith(DidFabric.PREFIX) && dids.containsKey(provider)) {
            DidState state = dids.get(provider);
            if (state.deactivated()) {
                throw new Reject("DID_DEACTIVATED");
            }
            doc = state.document();
        } else {
            throw new Reject("UNKNOWN_DID");
        }
        String kid = parsed.headerText("kid").orElse("");
        if (!Dids.didOf(kid).equals(provider) || !doc.authorizes(kid, VerificationRelationship.ASSERTION_METHOD)) {
            throw new Reject("NOT_AUTHORISED");
        }
        try {
            parsed.verify(doc.verificationMethod(kid).orElseThrow().publicKey());
        } catch (RejectedException e) {
            throw new Reject(e.reason().name());
        }
    }
}
