/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.internal;

import java.math.BigInteger;
import java.util.Arrays;

/** Base58 with the Bitcoin alphabet ("base58btc"), as used by multibase prefix {@code z}. */
public final class Base58 {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger RADIX = BigInteger.valueOf(58);
  private static final int[] INDEXES = new int[128];

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEXES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {}

  /**
   * Encodes bytes; each leading zero byte becomes a leading {@code '1'}.
   *
   * @param data the bytes
   * @return the base58btc text
   */
  public static String encode(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger value = new BigInteger(1, data);
    while (value.signum() > 0) {
      BigInteger[] qr = value.divideAndRemainder(RADIX);
      sb.append(ALPHABET.charAt(qr[1].intValue()));
      value = qr[0];
    }
    sb.append("1".repeat(zeros));
    return sb.reverse().toString();
  }

  /**
   * Decodes base58btc text.
   *
   * @param text the text
   * @return the bytes
   * @throws IllegalArgumentException if a character is outside the alphabet
   */
  public static byte[] decode(String text) {
    BigInteger value = BigInteger.ZERO;
    int zeros = 0;
    boolean leading = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("not a base58btc character at index " + i);
      }
      if (leading && digit == 0) {
        zeros++;
      } else {
        leading = false;
      }
      value = value.multiply(RADIX).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
    int start = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
    if (magnitude.length == 1 && magnitude[0] == 0) {
      start = 1;
    }
    byte[] out = new byte[zeros + magnitude.length - start];
    System.arraycopy(magnitude, start, out, zeros, magnitude.length - start);
    return out;
  }
}
