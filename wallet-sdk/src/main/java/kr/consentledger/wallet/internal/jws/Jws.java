/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.internal.jws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * Compact JWS (RFC 7515) through nimbus-jose-jwt, with BouncyCastle doing the signature math.
 *
 * <p>The protected header is written by us as canonical JSON (sorted members) and handed to nimbus
 * pre-encoded, so the same inputs always give the same bytes.
 */
public final class Jws {
  private Jws() {}

  /** The header members of consent, revocation and receipt statements and DID-auth tokens. */
  public static final Set<String> STATEMENT_HEADER = Set.of("alg", "typ", "kid");

  /** The header members of credentials (vc+jwt) and presentations (vp+jwt). */
  public static final Set<String> VC_HEADER = Set.of("alg", "typ", "cty", "kid");

  /** The header members of did:fabric operations ({@code jwk} on a create only). */
  public static final Set<String> OPERATION_HEADER = Set.of("alg", "typ", "kid", "jwk");

  /**
   * The longest anchor, revocation or receipt statement, in characters (the chaincode's cap too).
   */
  public static final int MAX_STATEMENT_LENGTH = 32_768;

  /**
   * Refuses a statement longer than {@link #MAX_STATEMENT_LENGTH} before it is decoded.
   *
   * @param compact a statement
   * @param what its name for the message
   * @throws RejectedException MALFORMED_JWS when it is longer than {@link #MAX_STATEMENT_LENGTH}
   */
  public static void requireStatementLength(String compact, String what) throws RejectedException {
    if (compact != null && compact.length() > MAX_STATEMENT_LENGTH) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS,
          what + " rejected: longer than " + MAX_STATEMENT_LENGTH + " characters");
    }
  }

  /** The longest compact JWS we parse, in characters. */
  public static final int MAX_LENGTH = 1_000_000;

  /** A parsed, not yet verified, compact JWS. */
  public static final class Parsed {
    private final String compact;
    private final ObjectNode header;
    private final byte[] payload;
    private final ObjectNode payloadObject;
    private final byte[] signature;

    Parsed(
        String compact,
        ObjectNode header,
        byte[] payload,
        ObjectNode payloadObject,
        byte[] signature) {
      this.compact = compact;
      this.header = header;
      this.payload = payload;
      this.payloadObject = payloadObject;
      this.signature = signature;
    }

    /**
     * Returns the compact serialization as received.
     *
     * @return the compact serialization as received
     */
    public String compact() {
      return compact;
    }

    /**
     * Returns a copy of the protected header.
     *
     * @return a copy of the protected header
     */
    public ObjectNode header() {
      return header.deepCopy();
    }

    /**
     * Returns the header member as text, if it is a string.
     *
     * @param name header member name
     * @return the header member as text, if it is a string
     */
    public Optional<String> headerText(String name) {
      return Json.text(header, name);
    }

    /**
     * Returns a copy of the payload bytes.
     *
     * @return a copy of the payload bytes
     */
    public byte[] payload() {
      return payload.clone();
    }

    /**
     * Returns a copy of the payload, a JSON object with a single meaning (always present after
     * {@link Jws#parse}), or empty when parsed by {@link Jws#parseAnyPayload} and not one.
     *
     * @return a copy of the payload, a JSON object with a single meaning (always present after
     *     {@link Jws#parse}), or empty when parsed by {@link Jws#parseAnyPayload} and not one
     */
    public Optional<ObjectNode> payloadObject() {
      return Optional.ofNullable(payloadObject).map(ObjectNode::deepCopy);
    }

    /**
     * Refuses header members this token type does not define (RFC 7515 §4: we process no others, so
     * we accept no others). {@code crit} and {@code b64} are never allowed.
     *
     * @param what the token's name for the message, e.g. "Credential"
     * @param allowed the member names this token type defines
     * @throws RejectedException UNSUPPORTED_HEADER naming the first other member
     */
    public void requireHeaderMembers(String what, Set<String> allowed) throws RejectedException {
      for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          throw new RejectedException(
              RejectionReason.UNSUPPORTED_HEADER,
              what
                  + " rejected: the JWS header"
                  + " member \""
                  + Dids.abbreviate(name)
                  + "\" is not processed here (allowed: "
                  + String.join(", ", new TreeSet<>(allowed))
                  + ")");
        }
      }
    }

    /**
     * Verifies the signature with a key, using what was parsed: nothing is decoded again.
     *
     * @param key the key named by kid
     * @throws RejectedException UNSUPPORTED_ALGORITHM if alg does not fit the key, BAD_SIGNATURE
     */
    public void verify(WalletPublicKey key) throws RejectedException {
      verifySignature(compact, Json.text(header, "alg").orElse(""), signature, key);
    }
  }

  /**
   * Verifies the signature of a compact JWS as received, reading only what the check needs: the
   * protected header (parsed as strictly as by {@link #parse}) for {@code alg}, and the signature.
   * The payload is neither decoded nor read: a token's meaning is its parser's business.
   *
   * @param compact the compact serialization
   * @param key the key
   * @throws RejectedException MALFORMED_JWS (not three canonical base64url parts, a header that is
   *     not one JSON object, {@code alg} missing or {@code none}), UNSUPPORTED_ALGORITHM (another
   *     {@code alg}, or one that does not fit the key), BAD_SIGNATURE
   */
  public static void verifyCompact(String compact, WalletPublicKey key) throws RejectedException {
    if (compact == null || compact.isEmpty() || compact.length() > MAX_LENGTH) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS, "JWS rejected: empty or longer than 1,000,000 characters");
    }
    int first = compact.indexOf('.');
    int last = compact.lastIndexOf('.');
    if (first < 0 || last == first || compact.indexOf('.', first + 1) != last) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS, "JWS rejected: a compact JWS has 3 parts");
    }
    ObjectNode header = object(decode(compact.substring(0, first)), "protected header");
    byte[] signature = decode(compact.substring(last + 1));
    JsonNode algNode = header.get("alg");
    if (algNode == null || !algNode.isTextual() || "none".equals(algNode.textValue())) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS,
          "JWS rejected: the header must name a signature alg (not \"none\")");
    }
    verifySignature(compact, algNode.textValue(), signature, key);
  }

  private static void verifySignature(
      String compact, String alg, byte[] signature, WalletPublicKey key) throws RejectedException {
    KeyType keyType = key.type();
    Optional<KeyType> algType = KeyType.forJwsAlgorithm(alg);
    if (algType.isEmpty()) {
      throw new RejectedException(
          RejectionReason.UNSUPPORTED_ALGORITHM,
          "JWS rejected: alg \""
              + Dids.abbreviate(alg)
              + "\" is not supported (EdDSA, ES256, ES256K are)");
    }
    if (algType.get() != keyType) {
      throw new RejectedException(
          RejectionReason.UNSUPPORTED_ALGORITHM,
          "JWS rejected: alg " + alg + " does not fit the " + keyType + " key named by kid");
    }
    int dot = compact.lastIndexOf('.');
    byte[] signingInput = compact.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
    if (!key.verifySignature(signingInput, signature)) {
      throw new RejectedException(RejectionReason.BAD_SIGNATURE, "JWS rejected: invalid signature");
    }
  }

  /**
   * Signs a payload.
   *
   * @param header protected header members; {@code alg} is set from the signer
   * @param payload payload bytes
   * @param signer the signer
   * @return compact serialization
   * @throws WalletException if the signer fails
   */
  public static String sign(ObjectNode header, byte[] payload, Signer signer)
      throws WalletException {
    ObjectNode h = header.deepCopy();
    h.put("alg", signer.algorithm());
    try {
      JWSHeader jwsHeader = JWSHeader.parse(Base64URL.encode(Json.canonicalBytes(h)));
      JWSObject jws = new JWSObject(jwsHeader, new Payload(payload));
      jws.sign(new SignerAdapter(signer));
      return jws.serialize();
    } catch (ParseException e) {
      throw new IllegalArgumentException("JWS header rejected by nimbus: " + e.getMessage(), e);
    } catch (JOSEException e) {
      if (e.getCause() instanceof WalletException) {
        throw (WalletException) e.getCause();
      }
      throw new WalletException("JWS could not be signed: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a compact JWS without checking the signature. Refused ({@code MALFORMED_JWS}): not
   * exactly three parts; a part that is not canonical unpadded base64url; a header or payload that
   * is not one JSON object with a single meaning ({@link Json#strictObject(byte[])}: strict UTF-8,
   * no duplicate members, comments or trailing data); a header {@code jwk} that is not a supported
   * public key; an {@code alg} that is missing, not a string, or {@code none}. Then an {@code alg}
   * other than EdDSA, Ed25519, ES256 and ES256K is {@code UNSUPPORTED_ALGORITHM}. The caller then
   * checks {@code typ} and {@link Parsed#requireHeaderMembers}.
   *
   * @param compact the compact serialization
   * @return the parsed JWS
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM
   */
  public static Parsed parse(String compact) throws RejectedException {
    return parse(compact, true);
  }

  /**
   * As {@link #parse(String)}, for a payload that need not be JSON (test vectors of RFC 7515 and
   * RFC 8037); every token of the protocol goes through {@link #parse(String)}.
   *
   * @param compact the compact serialization
   * @return the parsed JWS
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM
   */
  public static Parsed parseAnyPayload(String compact) throws RejectedException {
    return parse(compact, false);
  }

  private static Parsed parse(String compact, boolean jsonPayload) throws RejectedException {
    if (compact == null || compact.isEmpty()) {
      throw new RejectedException(RejectionReason.MALFORMED_JWS, "JWS rejected: empty input");
    }
    if (compact.length() > MAX_LENGTH) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS, "JWS rejected: longer than 1,000,000 characters");
    }
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS,
          "JWS rejected: a compact JWS has 3 parts, not " + parts.length);
    }
    byte[] headerBytes = decode(parts[0]);
    byte[] payload = decode(parts[1]);
    byte[] signature = decode(parts[2]);
    ObjectNode header = object(headerBytes, "protected header");
    ObjectNode payloadObject =
        jsonPayload ? object(payload, "payload") : Json.parseObject(payload).orElse(null);
    if (header.has("jwk")) {
      try {
        WalletPublicKey.fromJwk(Json.canonical(header.get("jwk")));
      } catch (RejectedException e) {
        throw new RejectedException(
            RejectionReason.MALFORMED_JWS,
            "JWS rejected: header \"jwk\" is not a supported public key (" + e.getMessage() + ")",
            e);
      }
    }
    JsonNode algNode = header.get("alg");
    if (algNode == null || !algNode.isTextual() || "none".equals(algNode.textValue())) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS,
          "JWS rejected: the header must name a signature alg (not \"none\")");
    }
    String alg = algNode.textValue();
    if (KeyType.forJwsAlgorithm(alg).isEmpty()) {
      throw new RejectedException(
          RejectionReason.UNSUPPORTED_ALGORITHM,
          "JWS rejected: alg \""
              + Dids.abbreviate(alg)
              + "\" is not supported (EdDSA, ES256, ES256K are)");
    }
    return new Parsed(compact, header, payload, payloadObject, signature);
  }

  private static ObjectNode object(byte[] json, String what) throws RejectedException {
    try {
      return Json.strictObject(json);
    } catch (IllegalArgumentException e) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS,
          "JWS rejected: the "
              + what
              + " is not one JSON object with a single meaning: "
              + e.getMessage(),
          e);
    }
  }

  private static byte[] decode(String part) throws RejectedException {
    try {
      return Bytes.fromB64u(part);
    } catch (IllegalArgumentException e) {
      throw new RejectedException(
          RejectionReason.MALFORMED_JWS, "JWS rejected: a part is not base64url", e);
    }
  }

  /**
   * Returns lowercase hex SHA-256 of the ASCII bytes.
   *
   * @param compact compact JWS
   * @return lowercase hex SHA-256 of the ASCII bytes
   */
  public static String sha256Hex(String compact) {
    byte[] h = Bytes.sha256(compact.getBytes(StandardCharsets.US_ASCII));
    StringBuilder sb = new StringBuilder(64);
    for (byte b : h) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  /** Adapts our {@link Signer} port to nimbus. */
  static final class SignerAdapter implements JWSSigner {
    private final Signer signer;
    private final JCAContext jca = new JCAContext();

    SignerAdapter(Signer signer) {
      this.signer = signer;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      try {
        byte[] sig = signer.sign(signingInput);
        if (sig == null || sig.length != 64) {
          throw new JOSEException(
              "the signer returned "
                  + (sig == null ? "null" : sig.length + " bytes")
                  + "; a JWS signature for "
                  + signer.algorithm()
                  + " has 64 bytes");
        }
        return Base64URL.encode(sig);
      } catch (WalletException e) {
        throw new JOSEException(e.getMessage(), e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.parse(signer.algorithm()));
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }
}
