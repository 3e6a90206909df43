package kr.consentledger.resolver.impl;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Base58 with the Bitcoin alphabet (multibase prefix {@code z}). */
final class Base58 {
  static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEXES = new int[128];

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEXES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {}

  /** Whether every character is in the alphabet and the text is not empty. */
  static boolean isBase58(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128 || INDEXES[c] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes base58btc.
   *
   * @throws IllegalArgumentException naming the first character outside the alphabet
   */
  static byte[] decode(String text) {
    // Big-endian base-256 digits, built by multiply-and-add per input character.
    byte[] out = new byte[text.length()];
    int length = 0;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    for (int i = zeros; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("invalid base58 character at position " + i);
      }
      int carry = digit;
      for (int j = 0; j < length; j++) {
        carry += (out[out.length - 1 - j] & 0xff) * 58;
        out[out.length - 1 - j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        out[out.length - 1 - length] = (byte) carry;
        length++;
        carry >>>= 8;
      }
    }
    byte[] result = new byte[zeros + length];
    System.arraycopy(out, out.length - length, result, zeros, length);
    return result;
  }

  /** Encodes base58btc. */
  static String encode(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    byte[] digits = new byte[data.length * 2];
    int length = 0;
    for (int i = zeros; i < data.length; i++) {
      int carry = data[i] & 0xff;
      for (int j = 0; j < length; j++) {
        carry += (digits[j] & 0xff) * 256;
        digits[j] = (byte) (carry % 58);
        carry /= 58;
      }
      while (carry > 0) {
        digits[length++] = (byte) (carry % 58);
        carry /= 58;
      }
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream(zeros + length);
    for (int i = 0; i < zeros; i++) {
      text.write('1');
    }
    for (int i = length - 1; i >= 0; i--) {
      text.write(ALPHABET.charAt(digits[i]));
    }
    return text.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
