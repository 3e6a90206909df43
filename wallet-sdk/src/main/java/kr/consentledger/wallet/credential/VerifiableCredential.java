/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * A credential secured with JOSE per W3C VC-JOSE-COSE: a compact JWS whose payload is the
 * credential JSON itself, with protected header {@code typ}=vc+jwt, {@code cty}=vc, {@code alg} and
 * {@code kid} (the DID URL of the issuer's verification method).
 *
 * <p>Instances from {@link #parse} are not verified; use {@link Verifier#verifyCredential}.
 */
public final class VerifiableCredential {
  /** The JWS {@code typ}. */
  public static final String TYP = "vc+jwt";

  /** The media type used in enveloped credentials. */
  public static final String MEDIA_TYPE = "application/vc+jwt";

  private final String jws;
  private final Credential credential;
  private final String keyId;

  /** The JWS as parsed, kept so that verifying it does not parse it again; null when issued. */
  private final Jws.Parsed parsed;

  private VerifiableCredential(String jws, Credential credential, String keyId, Jws.Parsed parsed) {
    this.jws = jws;
    this.credential = credential;
    this.keyId = keyId;
    this.parsed = parsed;
  }

  /**
   * Signs a credential.
   *
   * @param credential the credential; its issuer must be the DID of the signer's key
   * @param signer a key of the issuer, listed under assertionMethod
   * @return the secured credential
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException if the signer's kid does not belong to the issuer
   */
  public static VerifiableCredential issue(Credential credential, Signer signer)
      throws WalletException {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(signer, "signer");
    if (!Dids.didOf(signer.keyId()).equals(credential.issuer()) || !signer.keyId().contains("#")) {
      throw new IllegalArgumentException(
          "signer: kid " + signer.keyId() + " is not a key of issuer " + credential.issuer());
    }
    ObjectNode header = Json.object();
    header.put("typ", TYP);
    header.put("cty", "vc");
    header.put("kid", signer.keyId());
    String jws = Jws.sign(header, Json.canonicalBytes(credential.jsonTree()), signer);
    return new VerifiableCredential(jws, credential, signer.keyId(), null);
  }

  /**
   * Parses without verifying.
   *
   * @param jws compact JWS
   * @return the credential
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE, UNKNOWN_KEY,
   *     MALFORMED_CREDENTIAL
   */
  public static VerifiableCredential parse(String jws) throws RejectedException {
    return fromParsed(Jws.parse(jws));
  }

  static VerifiableCredential fromParsed(Jws.Parsed parsed) throws RejectedException {
    if (!parsed.headerText("typ").equals(Optional.of(TYP))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE, "Credential rejected: JWS typ must be \"" + TYP + "\"");
    }
    if (parsed.header().has("cty") && !parsed.headerText("cty").equals(Optional.of("vc"))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE, "Credential rejected: JWS cty, if present, must be \"vc\"");
    }
    parsed.requireHeaderMembers("Credential", Jws.VC_HEADER);
    String kid =
        parsed
            .headerText("kid")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY,
                        "Credential rejected: the JWS header has no \"kid\""));
    ObjectNode payload =
        parsed
            .payloadObject()
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.MALFORMED_CREDENTIAL,
                        "Credential rejected: the payload is not a JSON object"));
    return parsed(parsed, Credential.fromJson(payload), kid);
  }

  /**
   * @return the JWS as parsed, parsing it only when this credential was issued here
   * @throws RejectedException as {@link Jws#parse}
   */
  Jws.Parsed jwsParsed() throws RejectedException {
    return parsed != null ? parsed : Jws.parse(jws);
  }

  /**
   * Returns the credential, keeping the parsed JWS for {@link #verifySignature}.
   *
   * @param parsed a JWS whose header and payload a parser has checked
   * @param credential its payload as a credential
   * @param keyId its {@code kid}
   * @return the credential, keeping the parsed JWS for {@link #verifySignature}
   */
  static VerifiableCredential parsed(Jws.Parsed parsed, Credential credential, String keyId) {
    return new VerifiableCredential(parsed.compact(), credential, keyId, parsed);
  }

  /**
   * Verifies the signature with the key its {@code kid} names, without parsing the JWS again when
   * it was parsed.
   *
   * @param key the key
   * @throws RejectedException UNSUPPORTED_ALGORITHM, BAD_SIGNATURE
   */
  void verifySignature(WalletPublicKey key) throws RejectedException {
    if (parsed != null) {
      parsed.verify(key);
    } else {
      Jws.verifyCompact(jws, key);
    }
  }

  /**
   * Returns the compact JWS.
   *
   * @return the compact JWS
   */
  public String jws() {
    return jws;
  }

  /**
   * Returns the credential (the JWS payload).
   *
   * @return the credential (the JWS payload)
   */
  public Credential credential() {
    return credential;
  }

  /**
   * Returns the {@code kid}: DID URL of the issuer's verification method.
   *
   * @return the {@code kid}: DID URL of the issuer's verification method
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Returns this credential as an EnvelopedVerifiableCredential JSON object, for presentations.
   *
   * @return this credential as an EnvelopedVerifiableCredential JSON object, for presentations
   */
  public String toEnvelopedJson() {
    return Json.canonical(enveloped());
  }

  ObjectNode enveloped() {
    ObjectNode env = Json.object();
    env.put("@context", Credential.VC_CONTEXT);
    env.put("id", "data:" + MEDIA_TYPE + "," + jws);
    env.put("type", "EnvelopedVerifiableCredential");
    return env;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiableCredential other && other.jws.equals(jws);
  }

  @Override
  public int hashCode() {
    return jws.hashCode();
  }

  @Override
  public String toString() {
    return "VerifiableCredential[" + credential + ", kid " + keyId + "]";
  }
}
