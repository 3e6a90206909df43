/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.jose;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A public JWK of one of the three key types we accept: OKP/Ed25519 (RFC 8037), EC/P-256 and
 * EC/secp256k1 (RFC 7518, RFC 8812). Verification uses BouncyCastle's low-level classes, which are
 * deterministic and need no JCA provider.
 */
public final class PublicJwk {
  /**
   * The supported key types. Their fields never change: the algorithm sets are {@code Set.of} and
   * the multicodec prefixes are read by this class only, which copies them out.
   */
  @SuppressWarnings("ImmutableEnumChecker")
  public enum Type {
    /** Ed25519, alg EdDSA (or its RFC 9864 alias Ed25519). */
    ED25519(Set.of("EdDSA", "Ed25519"), new byte[] {(byte) 0xed, 0x01}),
    /** NIST P-256, alg ES256. */
    P256(Set.of("ES256"), new byte[] {(byte) 0x80, 0x24}),
    /** secp256k1, alg ES256K. */
    SECP256K1(Set.of("ES256K"), new byte[] {(byte) 0xe7, 0x01});

    private final Set<String> algorithms;
    private final byte[] multicodec;

    Type(Set<String> algorithms, byte[] multicodec) {
      this.algorithms = algorithms;
      this.multicodec = multicodec;
    }
  }

  /** The JWS algorithms any supported key can use. */
  public static final Set<String> ALGORITHMS = Set.of("EdDSA", "Ed25519", "ES256", "ES256K");

  private static final ECDomainParameters P256 = domain("P-256");
  private static final ECDomainParameters SECP256K1 = domain("secp256k1");

  private final Type type;
  private final byte[] x;
  private final byte[] y;
  private final ECPoint point;

  private PublicJwk(Type type, byte[] x, byte[] y, ECPoint point) {
    this.type = type;
    this.x = x;
    this.y = y;
    this.point = point;
  }

  private static ECDomainParameters domain(String name) {
    X9ECParameters p = ECNamedCurveTable.getByName(name);
    return new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
  }

  /**
   * Parses a public JWK.
   *
   * @throws IllegalArgumentException saying why, when it is not a public key of a supported type
   *     with a valid point
   */
  public static PublicJwk parse(JsonNode jwk) {
    if (jwk == null || !jwk.isObject()) {
      throw new IllegalArgumentException("a JWK must be a JSON object");
    }
    if (jwk.has("d")) {
      throw new IllegalArgumentException("a public JWK must not hold the private key (d)");
    }
    String kty = jwk.path("kty").asText("");
    String crv = jwk.path("crv").asText("");
    byte[] x = coordinate(jwk, "x");
    if ("OKP".equals(kty) && "Ed25519".equals(crv)) {
      if (jwk.has("y")) {
        throw new IllegalArgumentException("an OKP key has no y");
      }
      try {
        new Ed25519PublicKeyParameters(x, 0);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("x is not a valid Ed25519 public key");
      }
      return new PublicJwk(Type.ED25519, x, null, null);
    }
    if ("EC".equals(kty) && ("P-256".equals(crv) || "secp256k1".equals(crv))) {
      byte[] y = coordinate(jwk, "y");
      ECDomainParameters d = "P-256".equals(crv) ? P256 : SECP256K1;
      ECPoint p;
      try {
        p = d.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("x and y are not a point of " + crv);
      }
      if (p.isInfinity() || !p.isValid()) {
        throw new IllegalArgumentException("x and y are not a point of " + crv);
      }
      return new PublicJwk("P-256".equals(crv) ? Type.P256 : Type.SECP256K1, x, y, p);
    }
    throw new IllegalArgumentException("unsupported key: kty " + kty + ", crv " + crv);
  }

  /**
   * The key of a multicodec-prefixed public key (the bytes after the {@code z} of a did:key):
   * Ed25519 raw, or a compressed P-256 or secp256k1 point.
   *
   * @throws IllegalArgumentException when the prefix is not one of ours or the key is invalid
   */
  public static PublicJwk fromMulticodec(byte[] bytes) {
    for (Type t : Type.values()) {
      byte[] prefix = t.multicodec;
      if (bytes.length > prefix.length
          && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix)) {
        byte[] key = Arrays.copyOfRange(bytes, prefix.length, bytes.length);
        if (t == Type.ED25519) {
          if (key.length != 32) {
            throw new IllegalArgumentException("an Ed25519 key has 32 bytes");
          }
          try {
            new Ed25519PublicKeyParameters(key, 0);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
          }
          return new PublicJwk(t, key, null, null);
        }
        if (key.length != 33) {
          throw new IllegalArgumentException("an EC key is a 33-byte compressed point");
        }
        ECDomainParameters d = t == Type.P256 ? P256 : SECP256K1;
        ECPoint p;
        try {
          p = d.getCurve().decodePoint(key).normalize();
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("not a point of the curve");
        }
        if (p.isInfinity() || !p.isValid()) {
          throw new IllegalArgumentException("not a point of the curve");
        }
        return new PublicJwk(
            t, p.getAffineXCoord().getEncoded(), p.getAffineYCoord().getEncoded(), p);
      }
    }
    throw new IllegalArgumentException("not an Ed25519, P-256 or secp256k1 multicodec key");
  }

  private static byte[] coordinate(JsonNode jwk, String name) {
    JsonNode n = jwk.get(name);
    byte[] bytes = n != null && n.isTextual() ? Base64Url.decodeCanonical(n.asText()) : null;
    if (bytes == null || bytes.length != 32) {
      throw new IllegalArgumentException(name + " must be 32 bytes of canonical base64url");
    }
    return bytes;
  }

  /** The key's type. */
  public Type type() {
    return type;
  }

  /** Whether a JWS with this {@code alg} may be verified with this key. */
  public boolean fits(String alg) {
    return type.algorithms.contains(alg);
  }

  /**
   * Checks a JWS signature: Ed25519 over the input, or ECDSA with SHA-256 where the signature is
   * {@code r || s}, 32 bytes each (RFC 7518 §3.4). Any valid {@code s} is accepted.
   */
  public boolean verify(byte[] signingInput, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    if (type == Type.ED25519) {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(x, 0));
      verifier.update(signingInput, 0, signingInput.length);
      return verifier.verifySignature(signature);
    }
    SHA256Digest sha = new SHA256Digest();
    sha.update(signingInput, 0, signingInput.length);
    byte[] digest = new byte[32];
    sha.doFinal(digest, 0);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(point, type == Type.P256 ? P256 : SECP256K1));
    return verifier.verifySignature(
        digest,
        new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
  }

  /**
   * The key with its unsigned-varint multicodec prefix: the bytes after the {@code z} of a did:key
   * (Ed25519 raw key; EC keys as the 33-byte compressed point).
   */
  public byte[] multicodec() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(type.multicodec);
    out.writeBytes(type == Type.ED25519 ? x : point.getEncoded(true));
    return out.toByteArray();
  }

  /** Whether {@code other} is the same key: same curve, same point. */
  public boolean sameKey(PublicJwk other) {
    return other != null
        && type == other.type
        && Arrays.equals(x, other.x)
        && Arrays.equals(y, other.y);
  }
}
