/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;

/**
 * A bitstring of W3C Bitstring Status List v1.0 (one bit per entry, {@code statusSize} 1): index 0
 * is the left-most bit, that is the most significant bit of the first byte; encoded as {@code u} +
 * base64url without padding (multibase) of the GZIP-compressed bytes (the specification's Bitstring
 * Generation and Expansion algorithms).
 */
public final class BitstringStatusList {
  /** The specification's minimum number of entries (16 KB): 131,072. */
  public static final int MIN_LENGTH = 131_072;

  /**
   * The longest list {@link #decode} expands (16 MiB of bits uncompressed), so that a small GZIP
   * bomb cannot exhaust memory.
   */
  public static final int MAX_LENGTH = 8 * 16 * 1024 * 1024;

  private final byte[] bytes;

  private BitstringStatusList(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Creates a list of {@code length} entries, all 0.
   *
   * @param length the number of entries: a multiple of 8, at least {@link #MIN_LENGTH}
   * @return the list
   * @throws IllegalArgumentException if the length is not allowed
   */
  public static BitstringStatusList create(int length) {
    if (length < MIN_LENGTH || length > MAX_LENGTH || length % 8 != 0) {
      throw new IllegalArgumentException(
          "length: must be a multiple of 8 from " + MIN_LENGTH + " to " + MAX_LENGTH);
    }
    return new BitstringStatusList(new byte[length / 8]);
  }

  /**
   * Expands an {@code encodedList} (the Bitstring Expansion Algorithm) and checks its length
   * against {@link #MIN_LENGTH}.
   *
   * @param encodedList {@code u} + base64url (no padding) of the GZIP-compressed bitstring
   * @return the list
   * @throws RejectedException STATUS_MALFORMED_VALUE (not multibase base64url of GZIP data, or
   *     longer than {@link #MAX_LENGTH}), STATUS_LIST_LENGTH_ERROR (fewer than 131,072 entries)
   */
  public static BitstringStatusList decode(String encodedList) throws RejectedException {
    if (encodedList == null || encodedList.length() < 2 || encodedList.charAt(0) != 'u') {
      throw malformed("encodedList must start with the multibase prefix 'u'");
    }
    byte[] compressed;
    try {
      String b64 = encodedList.substring(1);
      if (b64.indexOf('=') >= 0) {
        throw malformed("encodedList must be base64url without padding");
      }
      compressed = Base64.getUrlDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw malformed("encodedList is not base64url: " + e.getMessage());
    }
    byte[] bits;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed), 8192)) {
      bits = readAtMost(in, MAX_LENGTH / 8);
    } catch (IOException e) {
      throw malformed("encodedList is not GZIP data: " + e.getMessage());
    }
    if ((long) bits.length * 8 < MIN_LENGTH) {
      throw new RejectedException(
          RejectionReason.STATUS_LIST_LENGTH_ERROR,
          "Status list rejected: "
              + (bits.length * 8)
              + " entries, fewer than the minimum "
              + MIN_LENGTH);
    }
    return new BitstringStatusList(bits);
  }

  private static byte[] readAtMost(InputStream in, int max) throws IOException, RejectedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(MIN_LENGTH / 8);
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (out.size() + n > max) {
        throw malformed("the bitstring is longer than " + MAX_LENGTH + " entries");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Returns the number of entries.
   *
   * @return the number of entries (8 per byte)
   */
  public int length() {
    return bytes.length * 8;
  }

  /**
   * Returns an entry's status.
   *
   * @param index the entry's index, from 0
   * @return true when its bit is 1 (for purpose {@code revocation}: revoked)
   * @throws RejectedException STATUS_RANGE_ERROR when the index is outside the list
   */
  public boolean get(long index) throws RejectedException {
    if (index < 0 || index >= length()) {
      throw new RejectedException(
          RejectionReason.STATUS_RANGE_ERROR,
          "Status list rejected: index " + index + " outside the list of " + length());
    }
    int i = (int) index;
    return (bytes[i >>> 3] & (0x80 >>> (i & 7))) != 0;
  }

  /**
   * Sets an entry's status.
   *
   * @param index the entry's index, from 0
   * @param status true for 1
   * @return this list
   * @throws IndexOutOfBoundsException when the index is outside the list
   */
  public BitstringStatusList set(long index, boolean status) {
    if (index < 0 || index >= length()) {
      throw new IndexOutOfBoundsException("index " + index + " outside the list of " + length());
    }
    int i = (int) index;
    if (status) {
      bytes[i >>> 3] |= (byte) (0x80 >>> (i & 7));
    } else {
      bytes[i >>> 3] &= (byte) ~(0x80 >>> (i & 7));
    }
    return this;
  }

  /**
   * Encodes the list (the Bitstring Generation Algorithm): GZIP, then multibase base64url.
   *
   * @return {@code u} + base64url without padding of the GZIP-compressed bitstring
   */
  public String encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reached: writing to memory
    }
    return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /**
   * Returns a copy of the bitstring's bytes.
   *
   * @return the bytes, index 0 the most significant bit of the first
   */
  public byte[] toBytes() {
    return Arrays.copyOf(bytes, bytes.length);
  }

  private static RejectedException malformed(String why) {
    return new RejectedException(
        RejectionReason.STATUS_MALFORMED_VALUE, "Status list rejected: " + why);
  }
}
