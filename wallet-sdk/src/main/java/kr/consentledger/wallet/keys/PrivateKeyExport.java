/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Json;

/**
 * One private key moved out of a wallet (for example to the web page) and back in: a private JWK
 * (RFC 7517: {@code kty}, {@code crv}, {@code x}, {@code y} for EC, {@code d}, and {@code kid}),
 * either as plain JSON or wrapped in a compact JWE (RFC 7516) with {@code alg} {@code
 * PBES2-HS512+A256KW}, {@code enc} {@code A256GCM} and {@code cty} {@code jwk+json}, encrypted with
 * an export passphrase (UTF-8, at least 8 characters; PBKDF2 cost in the header's {@code p2c}).
 *
 * <p>The JWK's members are written sorted, without white space; {@code kid} is the DID URL of the
 * verification method the key is published as, or the wallet's alias for a key bound to no DID.
 */
public final class PrivateKeyExport {
  /** The JWE content type of an encrypted export. */
  public static final String CONTENT_TYPE = "jwk+json";

  /** The least PBKDF2 iteration count an export is written or read with. */
  public static final int MIN_ITERATIONS = PassphraseJwe.MIN_ITERATIONS;

  private PrivateKeyExport() {}

  /**
   * A key read from an export.
   *
   * @param key the key pair
   * @param kid the JWK's {@code kid}, or null if it has none
   */
  public record Imported(WalletKeyPair key, String kid) {
    /**
     * Checks the members.
     *
     * @param key the key pair
     * @param kid the kid, or null
     */
    public Imported {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Returns the private JWK of a key with its {@code kid}, members sorted; treat as a secret.
   *
   * @param key the key pair
   * @param kid the DID URL of its verification method, or its alias
   * @return the private JWK as compact JSON
   */
  public static String privateJwk(WalletKeyPair key, String kid) {
    Objects.requireNonNull(key, "key");
    if (kid == null || kid.isEmpty()) {
      throw new IllegalArgumentException("kid: required");
    }
    ObjectNode jwk = Json.parseObject(key.toPrivateJwk()).orElseThrow();
    jwk.put("kid", kid);
    return Json.canonical(jwk);
  }

  /**
   * Encrypts the private JWK ({@link #privateJwk}) as a compact JWE.
   *
   * @param key the key pair
   * @param kid the DID URL of its verification method, or its alias
   * @param passphrase the export passphrase, at least 8 characters; not kept
   * @param iterations PBKDF2 iterations, {@link #MIN_ITERATIONS} to 1,000,000 ({@link
   *     WalletKeyStore#DEFAULT_ITERATIONS} is the wallet's)
   * @return the compact JWE
   * @throws WalletException if the encryption fails
   */
  public static String encrypt(WalletKeyPair key, String kid, char[] passphrase, int iterations)
      throws WalletException {
    Objects.requireNonNull(passphrase, "passphrase");
    PassphraseJwe.checkPassphrase(passphrase, "passphrase");
    PassphraseJwe.checkIterations(iterations);
    byte[] jwk = privateJwk(key, kid).getBytes(StandardCharsets.UTF_8);
    try {
      return PassphraseJwe.encrypt(jwk, CONTENT_TYPE, passphrase, iterations);
    } catch (JOSEException e) {
      throw new WalletException("the key could not be encrypted", e);
    } finally {
      Arrays.fill(jwk, (byte) 0);
    }
  }

  /**
   * Returns whether an export is encrypted: a compact JWE (five parts) rather than a JSON object.
   *
   * @param export the export's text
   * @return whether it is a compact JWE
   */
  public static boolean isEncrypted(String export) {
    String t = Objects.requireNonNull(export, "export").strip();
    return !t.startsWith("{") && t.split("\\.", -1).length == 5;
  }

  /**
   * Reads an export: a private JWK (JSON) or a compact JWE of one.
   *
   * @param export the export's text (surrounding white space ignored)
   * @param passphrase the export passphrase for a JWE (not kept); ignored for plain JSON
   * @return the key and its kid
   * @throws RejectedException WRONG_PASSWORD (a wrong passphrase, or an altered JWE), INVALID_KEY
   *     (not such a JWE: another {@code alg}, {@code enc} or {@code cty}, a cost out of range; not
   *     a private JWK; a {@code kid} that is not a string), UNSUPPORTED_KEY_TYPE
   */
  public static Imported read(String export, char[] passphrase) throws RejectedException {
    String text = Objects.requireNonNull(export, "export").strip();
    String json = isEncrypted(text) ? decrypt(text, passphrase) : text;
    ObjectNode jwk =
        Json.parseObject(json)
            .orElseThrow(
                () -> new RejectedException(RejectionReason.INVALID_KEY, "not a JSON object"));
    JsonNode kid = jwk.get("kid");
    if (kid != null && !kid.isTextual()) {
      throw new RejectedException(RejectionReason.INVALID_KEY, "JWK rejected: kid: not a string");
    }
    return new Imported(
        WalletKeyPair.fromJwk(json), Optional.ofNullable(kid).map(JsonNode::asText).orElse(null));
  }

  private static String decrypt(String text, char[] passphrase) throws RejectedException {
    Objects.requireNonNull(passphrase, "passphrase");
    JWEObject jwe;
    try {
      jwe = JWEObject.parse(text);
    } catch (ParseException e) {
      throw invalid("it is not a compact JWE (" + e.getMessage() + ")", e);
    }
    JWEHeader h = jwe.getHeader();
    if (!PassphraseJwe.isPassphraseWrapped(h)) {
      throw invalid("it is not PBES2-HS512+A256KW with A256GCM", null);
    }
    if (!CONTENT_TYPE.equals(h.getContentType())) {
      throw invalid("its cty is not " + CONTENT_TYPE, null);
    }
    if (!PassphraseJwe.iterationsAllowed(h.getPBES2Count())) {
      throw invalid("its p2c is not between 1,000 and 1,000,000", null);
    }
    return new String(
        PassphraseJwe.decrypt(
            jwe, passphrase, "Key export rejected: wrong passphrase, or the export was altered"),
        StandardCharsets.UTF_8);
  }

  private static RejectedException invalid(String why, Throwable cause) {
    return new RejectedException(RejectionReason.INVALID_KEY, "Key export rejected: " + why, cause);
  }
}
