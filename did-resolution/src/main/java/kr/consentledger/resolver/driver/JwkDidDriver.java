/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.VerificationRelationship;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed448;

/**
 * Resolves {@code did:jwk} locally: the method-specific id is the base64url JSON of a public JWK,
 * which becomes the verification method {@code #0}. A JWK with {@code "use": "enc"} is only for key
 * agreement, {@code "sig"} only for signing relationships, otherwise both (an X25519 key, which
 * cannot sign, only key agreement). JWKs carrying private members are rejected.
 *
 * <p>The wallet SDK's {@link DidJwk} resolves the EC and OKP keys it supports (P-256, secp256k1,
 * Ed25519, X25519), checking the key itself. Other public keys the did:jwk method allows (RSA,
 * P-384, P-521, Ed448, X448), which the SDK cannot use, are resolved here with the same document
 * shape, once the key is checked to be a real public key ({@link #checkOtherKey}): an RSA modulus
 * of 2,048 to 16,384 bits with a sane exponent, a point on the P-384 or P-521 curve, a valid Ed448
 * point, a 56-byte X448 key. Any other curve (for example {@code "P-999"}) and symmetric ({@code
 * oct}) keys are refused.
 */
public final class JwkDidDriver extends LocalDidDriver {
  private static final String PREFIX = "did:jwk:";
  private static final Set<String> PRIVATE_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  /** The public members each key type other than the SDK's must have. */
  private static final java.util.Map<String, String[]> REQUIRED =
      java.util.Map.of(
          "RSA",
          new String[] {"n", "e"},
          "EC",
          new String[] {"crv", "x", "y"},
          "OKP",
          new String[] {"crv", "x"});

  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

  /** Creates the driver with a cache of {@link #DEFAULT_CACHE_SIZE} documents. */
  public JwkDidDriver() {
    this(DEFAULT_CACHE_SIZE);
  }

  /**
   * Creates the driver with a cache of computed documents.
   *
   * @param cacheSize the most documents kept; 0 computes every one
   */
  public JwkDidDriver(int cacheSize) {
    super("jwk", JwkDidDriver::document, cacheSize);
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

  private static DidDocument otherKeyDocument(String did, String kty, JsonObject jwk)
      throws RejectedException {
    for (String member : PRIVATE_MEMBERS) {
      if (jwk.containsKey(member)) {
        throw invalid("the JWK has the private or symmetric member \"" + member + "\"");
      }
    }
    for (String member : REQUIRED.get(kty)) {
      boolean ok =
          jwk.getValue(member) instanceof String value
              && (member.equals("crv") ? !value.isEmpty() : BASE64URL.matcher(value).matches());
      if (!ok) {
        throw invalid(
            "the "
                + kty
                + " JWK has no "
                + (member.equals("crv") ? "" : "base64url ")
                + "\""
                + member
                + "\"");
      }
    }
    checkOtherKey(kty, jwk);
    // A key-agreement-only curve cannot sign.
    boolean agreementOnly =
        "OKP".equals(kty) && String.valueOf(jwk.getValue("crv")).startsWith("X");
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

  /**
   * Checks that a JWK of a type the SDK does not handle parses into a real public key.
   *
   * @throws RejectedException INVALID_DID saying why not
   */
  static void checkOtherKey(String kty, JsonObject jwk) throws RejectedException {
    switch (kty) {
      case "RSA" -> {
        BigInteger n = unsigned(jwk, "n", 0);
        BigInteger e = unsigned(jwk, "e", 0);
        if (n.bitLength() < 2048 || n.bitLength() > 16384 || !n.testBit(0)) {
          throw invalid(
              "the RSA modulus must be odd and 2048 to 16384 bits long, not "
                  + n.bitLength()
                  + " bits");
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.bitLength() > 256) {
          throw invalid("the RSA public exponent must be odd, at least 3 and at most 256 bits");
        }
        try {
          KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
          throw invalid("not an RSA public key (" + ex.getMessage() + ")");
        }
      }
      case "EC" -> {
        String crv = String.valueOf(jwk.getValue("crv"));
        int size =
            switch (crv) {
              case "P-384" -> 48;
              case "P-521" -> 66;
              default ->
                  throw invalid(
                      "the EC curve \""
                          + abbreviate(crv)
                          + "\" is not one of P-256, secp256k1, P-384, P-521");
            };
        BigInteger x = unsigned(jwk, "x", size);
        BigInteger y = unsigned(jwk, "y", size);
        X9ECParameters params = ECNamedCurveTable.getByName(crv);
        boolean valid;
        try {
          ECPoint p = params.getCurve().createPoint(x, y);
          valid = !p.isInfinity() && p.isValid();
        } catch (RuntimeException ex) {
          valid = false;
        }
        if (!valid) {
          throw invalid("x and y are not a point of " + crv);
        }
      }
      case "OKP" -> {
        String crv = String.valueOf(jwk.getValue("crv"));
        switch (crv) {
          case "Ed448" -> {
            byte[] x = bytes(jwk, "x", 57);
            if (!Ed448.validatePublicKeyFull(x, 0)) {
              throw invalid("x is not a valid Ed448 public key");
            }
          }
          case "X448" -> bytes(jwk, "x", 56);
          default ->
              throw invalid(
                  "the OKP curve \""
                      + abbreviate(crv)
                      + "\" is not one of Ed25519, X25519, Ed448, X448");
        }
      }
      default -> throw invalid("the key type \"" + abbreviate(kty) + "\" is not supported");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 29) + "...";
  }

  /** A member's canonical unpadded base64url bytes; exactly {@code size} of them unless 0. */
  private static byte[] bytes(JsonObject jwk, String member, int size) throws RejectedException {
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(jwk.getString(member));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw invalid("\"" + member + "\" is not base64url");
    }
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(b).equals(jwk.getString(member))) {
      throw invalid("\"" + member + "\" is not canonical unpadded base64url");
    }
    if (size > 0 ? b.length != size : b.length == 0 || b[0] == 0) {
      throw invalid(
          "\""
              + member
              + "\" has "
              + b.length
              + " bytes"
              + (size > 0 ? ", not " + size : " or a leading zero"));
    }
    return b;
  }

  private static BigInteger unsigned(JsonObject jwk, String member, int size)
      throws RejectedException {
    return new BigInteger(1, bytes(jwk, member, size));
  }

  private static RejectedException invalid(String why) {
    return new RejectedException(RejectionReason.INVALID_DID, "did:jwk rejected: " + why);
  }
}
