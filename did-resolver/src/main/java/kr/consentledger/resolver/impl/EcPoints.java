package kr.consentledger.resolver.impl;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Point decompression for the short-Weierstrass curves of did:key, and the Ed25519 to X25519
 * public-key map. Only public values are handled here, so no constant-time arithmetic is needed.
 */
final class EcPoints {
  /** A curve y^2 = x^3 + a x + b over GF(p), with p = 3 (mod 4) so that sqrt is one power. */
  enum Curve {
    P256(
        "P-256",
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc",
        "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
    SECP256K1(
        "secp256k1",
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
        "0",
        "7");

    final String jwkCrv;
    final BigInteger p;
    final BigInteger a;
    final BigInteger b;

    Curve(String jwkCrv, String p, String a, String b) {
      this.jwkCrv = jwkCrv;
      this.p = new BigInteger(p, 16);
      this.a = new BigInteger(a, 16);
      this.b = new BigInteger(b, 16);
    }
  }

  private static final BigInteger ED25519_P =
      BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  private EcPoints() {}

  /**
   * Decompresses a SEC1 compressed point (33 bytes, prefix 02 or 03).
   *
   * @return {x, y}, each 32 bytes big-endian
   * @throws IllegalArgumentException when the bytes are not a point on the curve
   */
  static byte[][] decompress(Curve curve, byte[] compressed) {
    if (compressed.length != 33 || (compressed[0] != 2 && compressed[0] != 3)) {
      throw new IllegalArgumentException("not a compressed " + curve.jwkCrv + " point");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(compressed, 1, 33));
    if (x.compareTo(curve.p) >= 0) {
      throw new IllegalArgumentException("x is not a field element of " + curve.jwkCrv);
    }
    BigInteger rhs = x.pow(3).add(curve.a.multiply(x)).add(curve.b).mod(curve.p);
    BigInteger y = rhs.modPow(curve.p.add(BigInteger.ONE).shiftRight(2), curve.p);
    if (!y.multiply(y).mod(curve.p).equals(rhs)) {
      throw new IllegalArgumentException("not a point on " + curve.jwkCrv);
    }
    boolean odd = compressed[0] == 3;
    if (y.testBit(0) != odd) {
      y = curve.p.subtract(y);
    }
    return new byte[][] {Arrays.copyOfRange(compressed, 1, 33), toFixed(y, 32)};
  }

  /**
   * Maps an Ed25519 public key to the X25519 public key of the same secret (u = (1 + y) / (1 - y)).
   *
   * @param ed25519 the 32-byte Edwards encoding
   * @return the 32-byte little-endian Montgomery u-coordinate
   */
  static byte[] ed25519ToX25519(byte[] ed25519) {
    if (ed25519.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = ed25519[31 - i];
    }
    bigEndian[0] &= 0x7f; // the top bit is the sign of x
    BigInteger y = new BigInteger(1, bigEndian);
    BigInteger oneMinusY = BigInteger.ONE.subtract(y).mod(ED25519_P);
    if (oneMinusY.signum() == 0) {
      throw new IllegalArgumentException("the Ed25519 key has no X25519 equivalent");
    }
    BigInteger u =
        BigInteger.ONE.add(y).multiply(oneMinusY.modInverse(ED25519_P)).mod(ED25519_P);
    byte[] fixed = toFixed(u, 32);
    byte[] littleEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      littleEndian[i] = fixed[31 - i];
    }
    return littleEndian;
  }

  private static byte[] toFixed(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }
}
