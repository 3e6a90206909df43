package kr.consentledger.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Jws;

/**
 * A test-only model of the chaincode's per-statement checks (CONSENT-PROTOCOL.md section 5), in the
 * protocol's order, so the fixtures' expected outcomes are computed rather than asserted by hand.
 */
final class ConsentLedgerRules {
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

    private ConsentLedgerRules() {
    }

    static Outcome apply(String function, String statement, Map<String, DidState> dids, JsonNode priorRecord,
            Instant txTime) {
        try {
            return function.equals("Anchor") ? anchor(statement, dids, priorRecord, txTime)
                    : revoke(statement, dids, priorRecord, txTime);
        } catch (Reject r) {
            return Outcome.rejected(r.code);
        }
    }

    private static Outcome anchor(String statement, Map<String, DidState> dids, JsonNode prior, Instant txTime)
            throws Reject {
        Jws.Parsed parsed = parse(statement, ConsentStatements.ANCHOR_TYP);
        ObjectNode p = shape(() -> ConsentStatements.anchorPayload(parsed));
        String subject = p.get("subject").asText();
        authorise(parsed, subject, dids, VerificationRelationship.ASSERTION_METHOD);
        if (!Instant.parse(p.get("validUntil").asText()).isAfter(txTime)) {
            throw new Reject("EXPIRED");
        }
        String id = p.get("consentId").asText();
        if (prior != null && !prior.isNull() && prior.get("consentId").asText().equals(id)) {
            if (prior.get("credentialHash").asText().equals(p.get("credentialHash").asText())) {
                return new Outcome("unchanged", null);
            }
            throw new Reject("CONSENT_EXISTS");
        }
        return new Outcome("anchored", null);
    }

    private static Outcome revoke(String statement, Map<String, DidState> dids, JsonNode prior, Instant txTime)
            throws Reject {
        Jws.Parsed parsed = parse(statement, ConsentStatements.REVOCATION_TYP);
        ObjectNode p = shape(() -> ConsentStatements.revocationPayload(parsed));
        String id = p.get("consentId").asText();
        if (prior == null || prior.isNull() || !prior.get("consentId").asText().equals(id)) {
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
                return new Outcome("unchanged", null);
            }
            throw new Reject("ALREADY_REVOKED");
        }
        if (!Instant.parse(prior.get("validUntil").asText()).isAfter(txTime)) {
            throw new Reject("EXPIRED");
        }
        return new Outcome("revoked", null);
    }

    private static Jws.Parsed parse(String statement, String typ) throws Reject {
        Jws.Parsed parsed;
        try {
            parsed = Jws.parse(statement);
        } catch (RejectedException e) {
            throw new Reject(e.reason().name());
        }
        if (!parsed.headerText("typ").equals(Optional.of(typ))) {
            throw new Reject("WRONG_TYPE");
        }
        return parsed;
    }

    private interface ShapeCheck {
        ObjectNode run() throws RejectedException;
    }

    private static ObjectNode shape(ShapeCheck check) throws Reject {
        try {
            return check.run();
        } catch (RejectedException e) {
            throw new Reject("INVALID_STATEMENT");
        }
    }

    private static void authorise(Jws.Parsed parsed, String subject, Map<String, DidState> dids,
            VerificationRelationship relationship) throws Reject {
        DidDocument doc;
        if (subject.startsWith("did:key:")) {
            try {
                doc = DidKey.resolve(subject);
            } catch (RejectedException e) {
                throw new Reject("UNKNOWN_DID");
            }
        } else if (subject.startsWith(DidFabric.PREFIX) && dids.containsKey(subject)) {
            DidState state = dids.get(subject);
            if (state.deactivated()) {
                throw new Reject("DID_DEACTIVATED");
            }
            doc = state.document();
        } else {
            throw new Reject("UNKNOWN_DID");
        }
        String kid = parsed.headerText("kid").orElse("");
        if (!Dids.didOf(kid).equals(subject) || !doc.authorizes(kid, relationship)) {
            throw new Reject("NOT_AUTHORISED");
        }
        try {
            parsed.verify(doc.verificationMethod(kid).orElseThrow().publicKey());
        } catch (RejectedException e) {
            throw new Reject(e.reason().name());
        }
    }
}
