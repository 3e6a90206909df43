/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.jws.Jws;

/**
 * The checks the test-only ledger models ({@link ConsentLedgerRules}, {@link ReceiptLedgerRules})
 * share: the statement's JWS and {@code typ}, its payload's shape, and the signer's DID, key and
 * signature.
 */
final class LedgerRules {
  /** The outcome of one statement: {@code result} and, when rejected, the protocol {@code code}. */
  record Outcome(String result, String code) {
    static Outcome rejected(String code) {
      return new Outcome("rejected", code);
    }

    static Outcome accepted(String result) {
      return new Outcome(result, null);
    }
  }

  /** A protocol rejection, carrying its code. */
  static final class Reject extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    Reject(String code) {
      super(code);
      this.code = code;
    }
  }

  /** The checks of one statement, which end in an outcome or a rejection. */
  interface Checks {
    Outcome run() throws Reject;
  }

  /** The payload check of a statement's type, in the SDK. */
  interface PayloadCheck {
    ObjectNode run() throws RejectedException;
  }

  private LedgerRules() {}

  /**
   * Returns the outcome of the checks, {@code rejected} with the code of a rejection.
   *
   * @return the outcome of the checks, {@code rejected} with the code of a rejection
   */
  static Outcome outcome(Checks checks) {
    try {
      return checks.run();
    } catch (Reject r) {
      return Outcome.rejected(r.code);
    }
  }

  /** MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE. */
  static Jws.Parsed parse(String statement, String typ) throws Reject {
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

  /** INVALID_STATEMENT. */
  static ObjectNode payload(PayloadCheck check) throws Reject {
    try {
      return check.run();
    } catch (RejectedException e) {
      throw new Reject("INVALID_STATEMENT");
    }
  }

  /**
   * Returns whether a ledger entry is absent: null or JSON null.
   *
   * @return whether a ledger entry is absent: null or JSON null
   */
  static boolean absent(JsonNode node) {
    return node == null || node.isNull();
  }

  /**
   * Returns whether a stored {@code validUntil} is at or before the transaction time.
   *
   * @return whether a stored {@code validUntil} is at or before the transaction time
   */
  static boolean expired(JsonNode record, Instant txTime) {
    return !Instant.parse(record.get("validUntil").asText()).isAfter(txTime);
  }

  /**
   * UNKNOWN_DID, DID_DEACTIVATED, NOT_AUTHORISED (the {@code kid} is not a key of {@code did} under
   * {@code relationship}), BAD_SIGNATURE. A did:key resolves by itself; a did:fabric from {@code
   * dids}.
   */
  static void authorise(
      Jws.Parsed parsed,
      String did,
      Map<String, DidState> dids,
      VerificationRelationship relationship)
      throws Reject {
    DidDocument doc;
    if (did.startsWith("did:key:")) {
      try {
        doc = DidKey.resolve(did);
      } catch (RejectedException e) {
        throw new Reject("UNKNOWN_DID");
      }
    } else if (did.startsWith(DidFabric.PREFIX) && dids.containsKey(did)) {
      DidState state = dids.get(did);
      if (state.deactivated()) {
        throw new Reject("DID_DEACTIVATED");
      }
      doc = state.document();
    } else {
      throw new Reject("UNKNOWN_DID");
    }
    String kid = parsed.headerText("kid").orElse("");
    if (!Dids.didOf(kid).equals(did) || !doc.authorizes(kid, relationship)) {
      throw new Reject("NOT_AUTHORISED");
    }
    try {
      parsed.verify(doc.verificationMethod(kid).orElseThrow().publicKey());
    } catch (RejectedException e) {
      throw new Reject(e.reason().name());
    }
  }
}
