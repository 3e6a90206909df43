/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * The {@code did:jwk} method: the DID is {@code did:jwk:} + base64url(UTF-8 JWK JSON), and the
 * document, with one verification method {@code did#0}, is computed locally.
 *
 * <p>{@link #create} writes the JWK with only its required members in lexicographic order. The
 * relationships follow the JWK's {@code use}: {@code sig} gives the four signing relationships,
 * {@code enc} gives keyAgreement only, absent gives all five (X25519 keys: keyAgreement only).
 */
public final class DidJwk {
  private static final String PREFIX = "did:jwk:";

  private DidJwk() {}

  /**
   * Returns the {@code did:jwk} DID.
   *
   * @param key a public key
   * @return the {@code did:jwk} DID
   */
  public static String create(WalletPublicKey key) {
    Objects.requireNonNull(key, "key");
    return PREFIX + Bytes.b64u(key.toJwk().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Resolves locally.
   *
   * @param did a {@code did:jwk} DID
   * @return its DID document
   * @throws RejectedException INVALID_DID, UNSUPPORTED_KEY_TYPE
   */
  public static DidDocument resolve(String did) throws RejectedException {
    Dids.requireDid(did);
    if (!did.startsWith(PREFIX)) {
      throw new RejectedException(
          RejectionReason.INVALID_DID,
          "DID rejected: " + Dids.abbreviate(did) + " is not a did:jwk");
    }
    ObjectNode jwk;
    try {
      jwk =
          Json.parseObject(
                  new String(
                      Bytes.fromB64u(did.substring(PREFIX.length())), StandardCharsets.UTF_8))
              .orElseThrow(
                  () -> new IllegalArgumentException("the decoded value is not a JSON object"));
    } catch (IllegalArgumentException e) {
      throw new RejectedException(
          RejectionReason.INVALID_DID, "did:jwk rejected: " + e.getMessage(), e);
    }
    WalletPublicKey key;
    try {
      key = WalletPublicKey.fromJwk(Json.canonical(jwk));
    } catch (RejectedException e) {
      RejectionReason r =
          e.reason() == RejectionReason.UNSUPPORTED_KEY_TYPE
              ? RejectionReason.UNSUPPORTED_KEY_TYPE
              : RejectionReason.INVALID_DID;
      throw new RejectedException(r, "did:jwk rejected: " + e.getMessage(), e);
    }
    ObjectNode doc = Json.object();
    doc.putArray("@context").add(DidDocument.DID_CONTEXT).add(DidDocument.JWS_2020_CONTEXT);
    doc.put("id", did);
    String vmId = did + "#0";
    ObjectNode vm = doc.putArray("verificationMethod").addObject();
    vm.put("id", vmId);
    vm.put("type", DidDocument.JSON_WEB_KEY_2020);
    vm.put("controller", did);
    vm.set("publicKeyJwk", jwk);
    Optional<String> use = Json.text(jwk, "use");
    boolean sig = key.type().canSign() && !use.equals(Optional.of("enc"));
    boolean enc = !use.equals(Optional.of("sig"));
    if (sig) {
      for (VerificationRelationship r :
          new VerificationRelationship[] {
            VerificationRelationship.ASSERTION_METHOD, VerificationRelationship.AUTHENTICATION,
            VerificationRelationship.CAPABILITY_INVOCATION,
                VerificationRelationship.CAPABILITY_DELEGATION
          }) {
        doc.putArray(r.jsonName()).add(vmId);
      }
    }
    if (enc) {
      doc.putArray(VerificationRelationship.KEY_AGREEMENT.jsonName()).add(vmId);
    }
    return DidDocument.fromJson(doc);
  }
}
