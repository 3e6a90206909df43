package kr.consentledger.consent.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.KeyType;
import kr.consentledger.wallet.WalletPublicKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Verifies the signature of a compact JWS with a public key: EdDSA (Ed25519), ES256 (P-256) and
 * ES256K (secp256k1), over the bytes as received, with BouncyCastle's lightweight API (never the
 * JDK's EC). Decoded public keys are kept (bounded), so a key's point is decoded once.
 *
 * <p>The wallet SDK's public API parses statements and DID-auth tokens but verifies only vc+jwt
 * credentials ({@code Verifier.verifyCredential}); it has no public way to verify another compact
 * JWS against a key, and its {@code internal} package is not for other modules. Hence this class,
 * used for anchor and revocation statements and DID-auth tokens. Stateless; CPU only.
 */
public final class JwsSignatures {
  private static final ECDomainParameters P256 = domain("secp256r1");
  private static final ECDomainParameters K1 = domain("secp256k1");
  private static final Base64.Decoder URL = Base64.getUrlDecoder();
  private static final ObjectReader HEADER_READER = new ObjectMapper().reader();
  /**
   * Public keys decoded once: a key is used again and again (a provider's receipts and DID-auth
   * tokens, a subject's consents). Bounded; an invalid key is not kept.
   */
  private static final Cache<KeyBytes, CipherParameters> PUBLIC_KEYS =
      Caffeine.newBuilder().maximumSize(100_000).build();

  private JwsSignatures() {}

  private static ECDomainParameters domain(String curve) {
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
  }

  /**
   * Verifies a compact JWS (already parsed and shape-checked by the SDK). The JWS is split by
   * hand and only its header's {@code alg} read; the key's curve point is decoded once and kept.
   *
   * @param compact the compact serialization
   * @param key the key named by its {@code kid}
   * @throws ConsentException MALFORMED_JWT when it is not a compact JWS, UNSUPPORTED_ALGORITHM
   *     when {@code alg} is not supported or does not fit the key, BAD_SIGNATURE
   */
  public static void verify(String compact, WalletPublicKey key) {
    int first = compact == null ? -1 : compact.indexOf('.');
    int last = first < 0 ? -1 : compact.lastIndexOf('.');
    if (first <= 0 || last == first || compact.indexOf('.', first + 1) != last) {
      throw new ConsentException(ProblemCode.MALFORMED_JWT, "not a compact JWS");
    }
    String alg;
    byte[] signature;
    try {
      JsonNode header = HEADER_READER.readTree(URL.decode(compact.substring(0, first)));
      JsonNode a = header == null ? null : header.get("alg");
      if (a == null || !a.isTextual()) {
        throw new IllegalArgumentException("no alg");
      }
      alg = a.asText();
      signature = URL.decode(compact.substring(last + 1));
    } catch (IOException | RuntimeException e) {
      throw new ConsentException(ProblemCode.MALFORMED_JWT, "not a compact JWS");
    }
    Optional<KeyType> type = KeyType.forJwsAlgorithm(alg);
    if (type.isEmpty()) {
      throw new ConsentException(
          ProblemCode.UNSUPPORTED_ALGORITHM, "alg " + alg + " is not EdDSA, ES256 or ES256K");
    }
    if (type.get() != key.type()) {
      throw new ConsentException(
          ProblemCode.UNSUPPORTED_ALGORITHM, "alg " + alg + " does not fit the " + key.type() + " key named by kid");
    }
    byte[] input = compact.substring(0, last).getBytes(StandardCharsets.US_ASCII);
    if (!verify(key.type(), key.encoded(), input, signature)) {
      throw new ConsentException(ProblemCode.BAD_SIGNATURE, "the signature does not verify");
    }
  }

  static boolean verify(KeyType type, byte[] publicKey, byte[] message, byte[] signature) {
    if (signature == null || signature.length != 64) {
      return false;
    }
    try {
      CipherParameters params = PUBLIC_KEYS.get(new KeyBytes(type, publicKey.clone()), JwsSignatures::decode);
      if (params == null) {
        return false;
      }
      if (type == KeyType.ED25519) {
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, params);
        v.update(message, 0, message.length);
        return v.verifySignature(signature);
      }
      ECDSASigner v = new ECDSASigner();
      v.init(false, params);
      BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
      return v.verifySignature(sha256(message), r, s);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A public key's type and encoding, compared by content: the key of the decoded-key cache. */
  private record KeyBytes(KeyType type, byte[] encoded) {
    @Override
    public boolean equals(Object o) {
      return o instanceof KeyBytes k && k.type == type && Arrays.equals(k.encoded, encoded);
    }

    @Override
    public int hashCode() {
      return type.hashCode() * 31 + Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
      return type + ":" + encoded.length + " bytes";
    }
  }

  /** Decodes a public key's point (the costly part of a verification with a new key); null when invalid. */
  private static CipherParameters decode(KeyBytes k) {
    try {
      if (k.type() == KeyType.ED25519) {
        return new Ed25519PublicKeyParameters(k.encoded(), 0);
      }
      ECDomainParameters d =
          switch (k.type()) {
            case P256 -> P256;
            case SECP256K1 -> K1;
            default -> null;
          };
      return d == null ? null : new ECPublicKeyParameters(d.getCurve().decodePoint(k.encoded()), d);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
