package kr.consentledger.resolver.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.wallet.DidDocument;
import kr.consentledger.wallet.DidJwk;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.VerificationRelationship;

/**
 * Resolves {@code did:jwk} locally: the method-specific id is the base64url JSON of a public JWK,
 * which becomes the verification method {@code #0}. A JWK with {@code "use": "enc"} is only for
 * key agreement, {@code "sig"} only for signing relationships, otherwise both (an X25519 key, which
 * cannot sign, only key agreement). JWKs carrying private members are rejected.
 *
 * <p>The wallet SDK's {@link DidJwk} resolves the EC and OKP keys it supports (P-256, secp256k1,
 * Ed25519, X25519), checking the key itself. Other public keys the did:jwk method allows (RSA,
 * P-384, P-521, Ed448, X448), which the SDK cannot use, are resolved here with the same document
 * shape; only their members are checked. Symmetric ({@code oct}) keys are refused.
 */
public final class JwkDidDriver extends LocalDidDriver {
  private static final String PREFIX = "did:jwk:";
  private static final Set<String> PRIVATE_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
  /** The public members each key type other than the SDK's must have. */
  private static final java.util.Map<String, String[]> REQUIRED =
      java.util.Map.of("RSA", new String[] {"n", "e"}, "EC", new String[] {"crv", "x", "y"},
          "OKP", new String[] {"crv", "x"});
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

  /** Creates the driver; it holds no state. */
  public JwkDidDriver() {
    super("jwk", JwkDidDriver::document);
  }

  /**
   * Computes the DID document of a did:jwk.
   *
   * @throws ResolutionException INVALID_DID saying why the JWK was rejected
   */
  static JsonObject document(String did) throws ResolutionException {
    return document(did, JwkDidDriver::sdkOrOther);
  }

  private static DidDocument sdkOrOther(String did) throws RejectedException {
    try {
      return DidJwk.resolve(did);
    } catch (RejectedException e) {
      if (e.getCause() instanceof IllegalArgumentException cause) {
        // The id did not decode; the SDK passes the JDK's message on ("Illegal base64 character").
        throw invalid("the id is not the base64url JSON of a JWK (" + cause.getMessage() + ")");
      }
      if (e.reason() != RejectionReason.UNSUPPORTED_KEY_TYPE) {
        throw e;
      }
      // The SDK got as far as the key type, so the id is canonical base64url of a JSON object.
      JsonObject jwk =
          new JsonObject(
              new String(
                  Base64.getUrlDecoder().decode(did.substring(PREFIX.length())),
                  StandardCharsets.UTF_8));
      if (!(jwk.getValue("kty") instanceof String kty) || !REQUIRED.containsKey(kty)) {
        throw e;
      }
      return otherKeyDocument(did, kty, jwk);
    }
  }

  private static DidDocument otherKeyDocument(String did, String kty, JsonObject jwk) throws RejectedException {
    for (String member : PRIVATE_MEMBERS) {
      if (jwk.containsKey(member)) {
        throw invalid("the JWK has the private or symmetric member \"" + member + "\"");
      }
    }
    for (String member : REQUIRED.get(kty)) {
      boolean ok = jwk.getValue(member) instanceof String value
          && (member.equals("crv") ? !value.isEmpty() : BASE64URL.matcher(value).matches());
      if (!ok) {
        throw invalid("the " + kty + " JWK has no " + (member.equals("crv") ? "" : "base64url ") + "\"" + member + "\"");
      }
    }
    // A key-agreement-only curve cannot sign.
    boolean agreementOnly = "OKP".equals(kty) && String.valueOf(jwk.getValue("crv")).startsWith("X");
    String methodId = did + "#0";
    JsonObject document =
        new JsonObject()
            .put(
                "@context",
                new JsonArray().add(DidDocument.DID_CONTEXT).add(DidDocument.JWS_2020_CONTEXT))
            .put("id", did)
            .put(
                "verificationMethod",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", methodId)
                            .put("type", DidDocument.JSON_WEB_KEY_2020)
                            .put("controller", did)
                            .put("publicKeyJwk", jwk)));
    Object use = jwk.getValue("use");
    for (VerificationRelationship relationship : VerificationRelationship.values()) {
      boolean listed =
          relationship == VerificationRelationship.KEY_AGREEMENT
              ? !"sig".equals(use)
              : !"enc".equals(use) && !agreementOnly;
      if (listed) {
        document.put(relationship.jsonName(), new JsonArray().add(methodId));
      }
    }
    // Through the SDK's type, so that it comes out like every other did:jwk document.
    return DidDocument.parse(document.encode());
  }

  private static RejectedException invalid(String why) {
    return new RejectedException(RejectionReason.INVALID_DID, "did:jwk rejected: " + why);
  }
}
