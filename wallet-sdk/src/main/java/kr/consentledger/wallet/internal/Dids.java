/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.internal;

import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;

/** DID and DID URL syntax helpers (W3C DID Core section 3). */
public final class Dids {
  // method-specific-id = *( *idchar ":" ) 1*idchar: idchars and colons, not ending with a colon.
  // Written
  // with a possessive loop and a lookbehind, since the nested form recursed once per character and
  // threw StackOverflowError on ids of about 1,700 characters, below the 2,048 accepted.
  private static final Pattern DID =
      Pattern.compile("did:[a-z0-9]+:(?:[A-Za-z0-9._:-]|%[0-9A-Fa-f]{2})*+(?<!:)");

  private Dids() {}

  /**
   * Returns whether it matches the DID syntax (no path, query or fragment).
   *
   * @param did candidate DID
   * @return whether it matches the DID syntax (no path, query or fragment)
   */
  public static boolean isDid(String did) {
    return did != null && did.length() <= 2048 && DID.matcher(did).matches();
  }

  /**
   * Returns its method name.
   *
   * @param did a DID
   * @return its method name
   * @throws RejectedException INVALID_DID if the text is not a DID
   */
  public static String method(String did) throws RejectedException {
    requireDid(did);
    return did.substring(4, did.indexOf(':', 4));
  }

  /**
   * Refuses text that is not a DID.
   *
   * @param did candidate
   * @throws RejectedException INVALID_DID
   */
  public static void requireDid(String did) throws RejectedException {
    if (!isDid(did)) {
      throw new RejectedException(
          RejectionReason.INVALID_DID, "DID rejected: \"" + abbreviate(did) + "\" is not a DID");
    }
  }

  /**
   * Returns the DID part (before any path, query or fragment).
   *
   * @param didUrl a DID URL, for example {@code did:key:z6Mk...#z6Mk...}
   * @return the DID part (before any path, query or fragment)
   */
  public static String didOf(String didUrl) {
    int end = didUrl.length();
    for (char c : new char[] {'#', '?', '/'}) {
      int i = didUrl.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return didUrl.substring(0, end);
  }

  /**
   * Resolves a possibly relative reference against a DID.
   *
   * @param did base DID
   * @param ref {@code #fragment} or an absolute DID URL
   * @return absolute DID URL
   */
  public static String absolute(String did, String ref) {
    return ref.startsWith("#") ? did + ref : ref;
  }

  /**
   * Returns at most 80 characters of it, for error messages.
   *
   * @param s any text, may be null
   * @return at most 80 characters of it, for error messages
   */
  public static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
