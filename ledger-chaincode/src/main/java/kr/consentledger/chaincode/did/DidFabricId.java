/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.did;

import java.math.BigInteger;
import java.util.Arrays;
import kr.consentledger.chaincode.jose.PublicJwk;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * did:fabric identifiers: {@code did:fabric:} + base58btc of the first 16 bytes of SHA-256 over the
 * multicodec-prefixed initial public key (DID-METHOD.md §1).
 */
public final class DidFabricId {
  /** The prefix of every did:fabric DID. */
  public static final String PREFIX = "did:fabric:";

  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

  private DidFabricId() {}

  /** The DID whose identifier derives from {@code initialKey}. */
  public static String derive(PublicJwk initialKey) {
    byte[] digest = new byte[32];
    byte[] key = initialKey.multicodec();
    SHA256Digest sha = new SHA256Digest();
    sha.update(key, 0, key.length);
    sha.doFinal(digest, 0);
    return PREFIX + base58(Arrays.copyOf(digest, 16));
  }

  /** Whether {@code did} is a well-formed did:fabric DID: 16 bytes, canonically encoded. */
  public static boolean isValid(String did) {
    if (did == null || !did.startsWith(PREFIX)) {
      return false;
    }
    String id = did.substring(PREFIX.length());
    if (id.length() < 16 || id.length() > 22) {
      return false;
    }
    byte[] bytes = unbase58(id);
    return bytes != null && bytes.length == 16 && base58(bytes).equals(id);
  }

  /** Base58btc (Bitcoin alphabet) of {@code bytes}. */
  public static String base58(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, bytes);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(FIFTY_EIGHT);
      sb.append(ALPHABET.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
      sb.append('1');
    }
    return sb.reverse().toString();
  }

  /** The bytes of a base58btc text, or null when it has a character outside the alphabet. */
  public static byte[] unbase58(String text) {
    BigInteger n = BigInteger.ZERO;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    for (int i = 0; i < text.length(); i++) {
      int digit = ALPHABET.indexOf(text.charAt(i));
      if (digit < 0) {
        return null;
      }
      n = n.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(digit));
    }
    byte[] value = n.signum() == 0 ? new byte[0] : n.toByteArray();
    if (value.length > 0 && value[0] == 0) {
      value = Arrays.copyOfRange(value, 1, value.length);
    }
    byte[] out = new byte[zeros + value.length];
    System.arraycopy(value, 0, out, zeros, value.length);
    return out;
  }
}
