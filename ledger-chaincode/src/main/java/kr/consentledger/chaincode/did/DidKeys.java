/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.did;

import static kr.consentledger.chaincode.ErrorCodes.reject;

import com.fasterxml.jackson.databind.JsonNode;
import kr.consentledger.chaincode.RejectionCode;
import kr.consentledger.chaincode.jose.CompactJws;
import kr.consentledger.chaincode.jose.PublicJwk;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The keys a DID authorises, as other contracts of this chaincode need them: did:fabric from the
 * registry's state, did:key expanded here (its one key is {@code did:key:<id>#<id>}, in every
 * relationship).
 */
public final class DidKeys {

  private static final String DID_KEY = "did:key:";

  private DidKeys() {}

  /**
   * The key {@code kid} of {@code did}, provided the DID's current document lists it under {@code
   * relationship} (for example {@code authentication} or {@code assertionMethod}).
   *
   * @throws org.hyperledger.fabric.shim.ChaincodeException {@code UNKNOWN_DID}, {@code
   *     DID_DEACTIVATED} or {@code NOT_AUTHORISED}
   */
  public static PublicJwk key(ChaincodeStub stub, String did, String kid, String relationship) {
    if (did.startsWith(DID_KEY)) {
      String id = did.substring(DID_KEY.length());
      byte[] decoded = id.startsWith("z") ? DidFabricId.unbase58(id.substring(1)) : null;
      PublicJwk key;
      try {
        key = decoded == null ? null : PublicJwk.fromMulticodec(decoded);
      } catch (IllegalArgumentException e) {
        key = null;
      }
      if (key == null) {
        throw reject(
            RejectionCode.UNKNOWN_DID,
            "not a did:key of an Ed25519, P-256 or secp256k1 key: " + did);
      }
      if (!(did + "#" + id).equals(kid)) {
        throw reject(RejectionCode.NOT_AUTHORISED, kid + " is not the key of " + did);
      }
      return key;
    }
    DidVersion head = DidFabricId.isValid(did) ? new DidStore(stub).head(did) : null;
    if (head == null) {
      throw reject(RejectionCode.UNKNOWN_DID, "no DID document for " + did + " on the ledger");
    }
    if (head.deactivated()) {
      throw reject(RejectionCode.DID_DEACTIVATED, did + " is deactivated");
    }
    JsonNode method = kid == null ? null : DidDocumentRules.method(head.document(), kid);
    if (method == null || !DidDocumentRules.lists(head.document(), relationship, kid)) {
      throw reject(
          RejectionCode.NOT_AUTHORISED, kid + " is not in the " + relationship + " of " + did);
    }
    return PublicJwk.parse(method.get("publicKeyJwk"));
  }

  /**
   * Checks that a statement is signed by a key {@code did} lists under {@code relationship}.
   *
   * @param stub the transaction
   * @param jws the statement
   * @param did the DID that must have signed it
   * @param relationship {@code assertionMethod} or {@code authentication}
   * @throws org.hyperledger.fabric.shim.ChaincodeException UNKNOWN_DID, DID_DEACTIVATED,
   *     NOT_AUTHORISED, UNSUPPORTED_ALGORITHM or BAD_SIGNATURE
   */
  public static void verifyStatement(
      ChaincodeStub stub, CompactJws jws, String did, String relationship) {
    String kid = jws.headerText("kid");
    if (kid == null) {
      throw reject(RejectionCode.NOT_AUTHORISED, "the statement names no kid");
    }
    PublicJwk key = key(stub, did, kid, relationship);
    if (!key.fits(jws.headerText("alg"))) {
      throw reject(
          RejectionCode.UNSUPPORTED_ALGORITHM,
          "alg " + jws.headerText("alg") + " does not fit " + kid);
    }
    if (!key.verify(jws.signingInput(), jws.signature())) {
      throw reject(RejectionCode.BAD_SIGNATURE, "the signature does not verify with " + kid);
    }
  }
}
