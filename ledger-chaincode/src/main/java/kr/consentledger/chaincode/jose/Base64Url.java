/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.jose;

import java.util.Base64;

/** Unpadded base64url (RFC 7515 §2) that accepts only the canonical form of every value. */
public final class Base64Url {
  private Base64Url() {}

  /**
   * Decodes {@code text}, or returns null when it is not canonical unpadded base64url (padding,
   * other alphabets, or non-zero trailing bits all fail), so each value has exactly one text.
   */
  public static byte[] decodeCanonical(String text) {
    if (text == null || text.indexOf('=') >= 0) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return encode(bytes).equals(text) ? bytes : null;
  }

  /** Unpadded base64url of {@code bytes}. */
  public static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
