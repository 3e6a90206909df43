/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import kr.consentledger.wallet.internal.Bytes;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * Elliptic-curve operations on BouncyCastle's lightweight API.
 *
 * <p>Public keys travel as raw bytes: 32 bytes for Ed25519/X25519, the 33-byte SEC1 compressed
 * point for P-256 and secp256k1. ECDSA signatures are JWS-shaped ({@code r || s}, 32 bytes each),
 * deterministic (RFC 6979) and normalized to low {@code s}.
 */
final class Crypto {
  private static final ECDomainParameters P256 = domain(CustomNamedCurves.getByName("secp256r1"));
  private static final ECDomainParameters K1 = domain(CustomNamedCurves.getByName("secp256k1"));
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * How many decoded public keys are kept at most: a slot holds the last key hashed to it, so many
   * keys (even chosen ones) cost time, a decoding each, never memory or a wrong answer.
   */
  static final int KEPT_KEYS = 1 << 16;

  private static final AtomicReferenceArray<DecodedKey> DECODED_KEYS =
      new AtomicReferenceArray<>(KEPT_KEYS);

  /**
   * A valid public key's type and encoding as given, and its decoded form. The encoding is compared
   * with {@link Arrays#equals(byte[], byte[])}, never through the record's own equality.
   */
  @SuppressWarnings("ArrayRecordComponent")
  private record DecodedKey(KeyType type, byte[] encoded, AsymmetricKeyParameter key) {}

  private Crypto() {}

  private static ECDomainParameters domain(X9ECParameters x9) {
    return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
  }

  private static ECDomainParameters ec(KeyType type) {
    return switch (type) {
      case P256 -> P256;
      case SECP256K1 -> K1;
      default -> throw new IllegalArgumentException(type + " is not a Weierstrass curve");
    };
  }

  /**
   * Validates and normalizes an encoded public key.
   *
   * @param type key type
   * @param encoded raw Ed25519/X25519 key, or a SEC1 compressed or uncompressed point
   * @return the canonical encoding (compressed point for EC)
   * @throws IllegalArgumentException if the bytes are not a valid key of that type
   */
  static byte[] normalizePublic(KeyType type, byte[] encoded) {
    return canonicalPublic(encoded, decodePublic(type, encoded));
  }

  /**
   * Validates and decodes an encoded public key: for Ed25519 and EC keys, the curve point a
   * verification needs. Decoded keys are kept by their encoding ({@link #KEPT_KEYS} slots), so a
   * key met again, in a document resolved again, gets the same decoded point: decoding is the
   * costly part of a first verification, and BouncyCastle keeps its precomputation for an EC point
   * on the point once it has been used a few times (its WNAF tables).
   *
   * @param type key type
   * @param encoded raw Ed25519/X25519 key, or a SEC1 compressed or uncompressed point
   * @return BouncyCastle's key parameters: Ed25519, X25519 or EC public key parameters
   * @throws IllegalArgumentException if the bytes are not a valid key of that type
   */
  static AsymmetricKeyParameter decodePublic(KeyType type, byte[] encoded) {
    int slot = slot(type, encoded);
    DecodedKey kept = DECODED_KEYS.get(slot);
    if (kept != null && kept.type() == type && Arrays.equals(kept.encoded(), encoded)) {
      return kept.key();
    }
    AsymmetricKeyParameter key = decode(type, encoded);
    DECODED_KEYS.set(slot, new DecodedKey(type, encoded.clone(), key));
    return key;
  }

  private static int slot(KeyType type, byte[] encoded) {
    int h = Arrays.hashCode(encoded) * 31 + type.multicodec();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h & (KEPT_KEYS - 1);
  }

  private static AsymmetricKeyParameter decode(KeyType type, byte[] encoded) {
    switch (type) {
      case ED25519 -> {
        if (encoded.length != 32) {
          throw new IllegalArgumentException(
              "an Ed25519 public key has 32 bytes, not " + encoded.length);
        }
        return new Ed25519PublicKeyParameters(encoded, 0);
      }
      case X25519 -> {
        if (encoded.length != 32) {
          throw new IllegalArgumentException(
              "an X25519 public key has 32 bytes, not " + encoded.length);
        }
        return new X25519PublicKeyParameters(encoded, 0);
      }
      default -> {
        ECDomainParameters d = ec(type);
        ECPoint p = d.getCurve().decodePoint(encoded);
        if (p.isInfinity()) {
          throw new IllegalArgumentException("the point at infinity is not a public key");
        }
        return new ECPublicKeyParameters(p, d);
      }
    }
  }

  /**
   * Returns the canonical encoding: the 32 raw bytes for Ed25519/X25519, the compressed point for
   * EC.
   *
   * @param encoded the bytes {@link #decodePublic} decoded
   * @param decoded what it returned
   * @return the canonical encoding: the 32 raw bytes for Ed25519/X25519, the compressed point for
   *     EC
   */
  static byte[] canonicalPublic(byte[] encoded, AsymmetricKeyParameter decoded) {
    return decoded instanceof ECPublicKeyParameters ec
        ? ec.getQ().getEncoded(true)
        : encoded.clone();
  }

  /**
   * Returns {x, y}, each 32 bytes big-endian.
   *
   * @param type P256 or SECP256K1
   * @param compressed compressed point
   * @return {x, y}, each 32 bytes big-endian
   */
  static byte[][] affine(KeyType type, byte[] compressed) {
    ECPoint p = ec(type).getCurve().decodePoint(compressed).normalize();
    return new byte[][] {
      BigIntegers.asUnsignedByteArray(32, p.getAffineXCoord().toBigInteger()),
      BigIntegers.asUnsignedByteArray(32, p.getAffineYCoord().toBigInteger())
    };
  }

  /**
   * @param type P256 or SECP256K1
   * @param x 32-byte x coordinate
   * @param y 32-byte y coordinate
   * @return compressed point
   * @throws IllegalArgumentException if the point is not on the curve
   */
  static byte[] fromAffine(KeyType type, byte[] x, byte[] y) {
    if (x.length != 32 || y.length != 32) {
      throw new IllegalArgumentException("EC coordinates must be 32 bytes each");
    }
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 4;
    System.arraycopy(x, 0, uncompressed, 1, 32);
    System.arraycopy(y, 0, uncompressed, 33, 32);
    return normalizePublic(type, uncompressed);
  }

  /**
   * Returns a new private key (Ed25519 seed or EC scalar, 32 bytes).
   *
   * @param type a signing key type
   * @param random randomness source
   * @return a new private key (Ed25519 seed or EC scalar, 32 bytes)
   */
  static byte[] generatePrivate(KeyType type, SecureRandom random) {
    SecureRandom r = random == null ? RANDOM : random;
    if (type == KeyType.ED25519) {
      byte[] seed = new byte[32];
      r.nextBytes(seed);
      return seed;
    }
    ECKeyPairGenerator gen = new ECKeyPairGenerator();
    gen.init(new ECKeyGenerationParameters(ec(type), r));
    AsymmetricCipherKeyPair kp = gen.generateKeyPair();
    return BigIntegers.asUnsignedByteArray(32, ((ECPrivateKeyParameters) kp.getPrivate()).getD());
  }

  /**
   * @param type a signing key type
   * @param privateKey 32-byte Ed25519 seed or EC scalar
   * @return the public key in canonical encoding
   * @throws IllegalArgumentException if the private key is out of range
   */
  static byte[] publicFromPrivate(KeyType type, byte[] privateKey) {
    if (privateKey.length != 32) {
      throw new IllegalArgumentException("a private key has 32 bytes, not " + privateKey.length);
    }
    if (type == KeyType.ED25519) {
      return new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }
    ECDomainParameters d = ec(type);
    BigInteger s = new BigInteger(1, privateKey);
    if (s.signum() == 0 || s.compareTo(d.getN()) >= 0) {
      throw new IllegalArgumentException("the private scalar is outside [1, n-1]");
    }
    return d.getG().multiply(s).normalize().getEncoded(true);
  }

  /**
   * Signs a message.
   *
   * @param type a signing key type
   * @param privateKey Ed25519 seed or EC scalar
   * @param message the bytes to sign (for JWS: the signing input)
   * @return the JWS signature bytes (64)
   */
  static byte[] sign(KeyType type, byte[] privateKey, byte[] message) {
    if (type == KeyType.ED25519) {
      Ed25519Signer s = new Ed25519Signer();
      s.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
      s.update(message, 0, message.length);
      return s.generateSignature();
    }
    ECDomainParameters d = ec(type);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, privateKey), d));
    BigInteger[] rs = signer.generateSignature(Bytes.sha256(message));
    BigInteger s = rs[1];
    if (s.compareTo(d.getN().shiftRight(1)) > 0) {
      s = d.getN().subtract(s);
    }
    byte[] out = new byte[64];
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, out, 0, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
    return out;
  }

  /**
   * Verifies a JWS-shaped signature with a key already decoded by {@link #decodePublic}.
   *
   * @param type the key's type, a signing type
   * @param key what {@link #decodePublic} returned for the key; null gives false
   * @param message signed bytes
   * @param signature 64-byte signature
   * @return whether it verifies; malformed input gives false
   */
  static boolean verify(KeyType type, CipherParameters key, byte[] message, byte[] signature) {
    if (key == null || !type.canSign() || signature == null || signature.length != 64) {
      return false;
    }
    try {
      if (type == KeyType.ED25519) {
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, key);
        v.update(message, 0, message.length);
        return v.verifySignature(signature);
      }
      ECDSASigner v = new ECDSASigner();
      v.init(false, key);
      BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
      return v.verifySignature(Bytes.sha256(message), r, s);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
