/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * The {@code did:key} method (W3C CCG did:key v0.7): the DID is {@code did:key:} + the multibase
 * multicodec public key, and the document is computed locally.
 *
 * <p>Documents use {@code JsonWebKey2020} methods with id {@code did#<multibase>}, listed under
 * authentication, assertionMethod, capabilityInvocation and capabilityDelegation. For Ed25519 the
 * key-agreement method is the derived X25519 key (id {@code did#<x25519 multibase>}); for P-256 and
 * secp256k1 the signing key itself is listed under keyAgreement, as in the spec's test vectors.
 */
public final class DidKey {
  private static final String PREFIX = "did:key:";

  private DidKey() {}

  /**
   * Returns the {@code did:key} DID.
   *
   * @param key a public key
   * @return the {@code did:key} DID
   */
  public static String create(WalletPublicKey key) {
    return PREFIX + Objects.requireNonNull(key, "key").toMultibase();
  }

  /**
   * Returns the public key it encodes.
   *
   * @param did a {@code did:key} DID
   * @return the public key it encodes
   * @throws RejectedException INVALID_DID, UNSUPPORTED_KEY_TYPE
   */
  public static WalletPublicKey publicKey(String did) throws RejectedException {
    Dids.requireDid(did);
    if (!did.startsWith(PREFIX)) {
      throw new RejectedException(
          RejectionReason.INVALID_DID,
          "DID rejected: " + Dids.abbreviate(did) + " is not a did:key");
    }
    String id = did.substring(PREFIX.length());
    WalletPublicKey key;
    try {
      key = WalletPublicKey.fromMultibase(id);
    } catch (RejectedException e) {
      if (e.reason() == RejectionReason.UNSUPPORTED_KEY_TYPE) {
        throw new RejectedException(
            RejectionReason.UNSUPPORTED_KEY_TYPE, "did:key rejected: " + e.getMessage(), e);
      }
      throw new RejectedException(
          RejectionReason.INVALID_DID, "did:key rejected: " + e.getMessage(), e);
    }
    // One spelling per key: a compressed EC point and the shortest multicodec varint, so that
    // two DIDs never name the same key.
    if (!key.toMultibase().equals(id)) {
      throw new RejectedException(
          RejectionReason.INVALID_DID,
          "did:key rejected: the key is not in its canonical multicodec form (EC points are compressed)");
    }
    return key;
  }

  /**
   * Resolves locally.
   *
   * @param did a {@code did:key} DID
   * @return its DID document
   * @throws RejectedException INVALID_DID, UNSUPPORTED_KEY_TYPE
   */
  public static DidDocument resolve(String did) throws RejectedException {
    WalletPublicKey key = publicKey(did);
    ObjectNode doc = Json.object();
    doc.putArray("@context").add(DidDocument.DID_CONTEXT).add(DidDocument.JWS_2020_CONTEXT);
    doc.put("id", did);
    ArrayNode vms = doc.putArray("verificationMethod");
    String vmId = did + "#" + key.toMultibase();
    vms.add(method(vmId, did, key));
    if (key.type().canSign()) {
      for (VerificationRelationship r :
          new VerificationRelationship[] {
            VerificationRelationship.AUTHENTICATION, VerificationRelationship.ASSERTION_METHOD,
            VerificationRelationship.CAPABILITY_INVOCATION,
                VerificationRelationship.CAPABILITY_DELEGATION
          }) {
        doc.putArray(r.jsonName()).add(vmId);
      }
    }
    if (key.type() == KeyType.ED25519) {
      WalletPublicKey x = WalletPublicKey.of(KeyType.X25519, Bytes.ed25519ToX25519(key.encoded()));
      String xId = did + "#" + x.toMultibase();
      vms.add(method(xId, did, x));
      doc.putArray(VerificationRelationship.KEY_AGREEMENT.jsonName()).add(xId);
    } else {
      doc.putArray(VerificationRelationship.KEY_AGREEMENT.jsonName()).add(vmId);
    }
    return DidDocument.fromJson(doc);
  }

  private static ObjectNode method(String id, String did, WalletPublicKey key) {
    ObjectNode vm = Json.object();
    vm.put("id", id);
    vm.put("type", DidDocument.JSON_WEB_KEY_2020);
    vm.put("controller", did);
    vm.set("publicKeyJwk", DidDocument.jwkOf(key));
    return vm;
  }
}
