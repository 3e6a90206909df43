/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.bouncycastle.util.BigIntegers;

/**
 * Byte-level helpers every layer of the SDK uses and that know no key type: canonical base64url,
 * SHA-256, and the Ed25519 to X25519 map (arithmetic on the encoding only).
 */
public final class Bytes {
  private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64U_DEC = Base64.getUrlDecoder();
  private static final BigInteger ED_P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  private Bytes() {}

  /**
   * Returns unpadded base64url.
   *
   * @param bytes data
   * @return unpadded base64url
   */
  public static String b64u(byte[] bytes) {
    return B64U.encodeToString(bytes);
  }

  /**
   * Strict unpadded base64url decoding: the text must be the canonical encoding of its bytes.
   *
   * @param text base64url text
   * @return bytes
   * @throws IllegalArgumentException if the text is not unpadded base64url
   */
  public static byte[] fromB64u(String text) {
    if (text.indexOf('=') >= 0 || text.indexOf('+') >= 0 || text.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not unpadded base64url");
    }
    byte[] out = B64U_DEC.decode(text);
    if (!B64U.encodeToString(out).equals(text)) {
      // Unused low bits in the last character would give two spellings of the same bytes.
      throw new IllegalArgumentException("not canonical base64url");
    }
    return out;
  }

  /**
   * Returns SHA-256 digest.
   *
   * @param parts byte arrays hashed in order
   * @return SHA-256 digest
   */
  public static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /**
   * Maps an Ed25519 public key to its X25519 (Montgomery) form: u = (1 + y) / (1 - y) mod p.
   *
   * @param ed25519 32-byte Ed25519 public key
   * @return 32-byte X25519 public key
   */
  public static byte[] ed25519ToX25519(byte[] ed25519) {
    byte[] le = ed25519.clone();
    le[31] &= 0x7f;
    BigInteger y = new BigInteger(1, reverse(le));
    BigInteger u =
        BigInteger.ONE
            .add(y)
            .multiply(BigInteger.ONE.subtract(y).mod(ED_P).modInverse(ED_P))
            .mod(ED_P);
    return reverse(BigIntegers.asUnsignedByteArray(32, u));
  }

  private static byte[] reverse(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[in.length - 1 - i];
    }
    return out;
  }
}
