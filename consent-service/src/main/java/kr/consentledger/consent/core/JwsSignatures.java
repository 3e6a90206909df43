package kr.consentledger.consent.core;

import com.nimbusds.jose.JWSObject;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Optional;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.KeyType;
import kr.consentledger.wallet.WalletPublicKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Verifies the signature of a compact JWS with a public key: EdDSA (Ed25519), ES256 (P-256) and
 * ES256K (secp256k1), over the bytes as received. nimbus-jose-jwt splits the JWS and gives the
 * signing input; BouncyCastle's lightweight API does the math.
 *
 * <p>The wallet SDK's public API parses statements and DID-auth tokens but verifies only vc+jwt
 * credentials ({@code Verifier.verifyCredential}); it has no public way to verify another compact
 * JWS against a key, and its {@code internal} package is not for other modules. Hence this class,
 * used for anchor and revocation statements and DID-auth tokens. Stateless; CPU only.
 */
public final class JwsSignatures {
  private static final ECDomainParameters P256 = domain("secp256r1");
  private static final ECDomainParameters K1 = domain("secp256k1");

  private JwsSignatures() {}

  private static ECDomainParameters domain(String curve) {
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
  }

  /**
   * Verifies a compact JWS (already parsed and shape-checked by the SDK).
   *
   * @param compact the compact serialization
   * @param key the key named by its {@code kid}
   * @throws ConsentException MALFORMED_JWT when it is not a compact JWS, UNSUPPORTED_ALGORITHM
   *     when {@code alg} is not supported or does not fit the key, BAD_SIGNATURE
   */
  public static void verify(String compact, WalletPublicKey key) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(compact);
    } catch (ParseException | RuntimeException e) {
      throw new ConsentException(ProblemCode.MALFORMED_JWT, "not a compact JWS");
    }
    String alg = jws.getHeader().getAlgorithm().getName();
    Optional<KeyType> type = KeyType.forJwsAlgorithm(alg);
    if (type.isEmpty()) {
      throw new ConsentException(
          ProblemCode.UNSUPPORTED_ALGORITHM, "alg " + alg + " is not EdDSA, ES256 or ES256K");
    }
    if (type.get() != key.type()) {
      throw new ConsentException(
          ProblemCode.UNSUPPORTED_ALGORITHM, "alg " + alg + " does not fit the " + key.type() + " key named by kid");
    }
    byte[] input = jws.getSigningInput();
    byte[] signature = jws.getSignature().decode();
    if (!verify(key.type(), key.encoded(), input, signature)) {
      throw new ConsentException(ProblemCode.BAD_SIGNATURE, "the signature does not verify");
    }
  }

  static boolean verify(KeyType type, byte[] publicKey, byte[] message, byte[] signature) {
    if (signature == null || signature.length != 64) {
      return false;
    }
    try {
      if (type == KeyType.ED25519) {
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        v.update(message, 0, message.length);
        return v.verifySignature(signature);
      }
      ECDomainParameters d =
          switch (type) {
            case P256 -> P256;
            case SECP256K1 -> K1;
            default -> null;
          };
      if (d == null) {
        return false;
      }
      ECDSASigner v = new ECDSASigner();
      v.init(false, new ECPublicKeyParameters(d.getCurve().decodePoint(publicKey), d));
      BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
      return v.verifySignature(sha256(message), r, s);
    } catch (RuntimeException e) {
      return false;
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
