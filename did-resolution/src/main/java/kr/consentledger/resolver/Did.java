/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DID ({@code did:<method>:<method-specific-id>}), checked against the W3C DID Core syntax.
 *
 * @param method the method name, lower-case letters and digits
 * @param methodSpecificId the method-specific identifier
 */
public record Did(String method, String methodSpecificId) {
  /** DIDs longer than this are rejected before any parsing, to bound the work per request. */
  public static final int MAX_LENGTH = 2048;

  private static final Pattern METHOD = Pattern.compile("[a-z0-9]+");
  // Possessive: the plain (a|b)+ loop recursed once per character and threw StackOverflowError on
  // ids near MAX_LENGTH, more so on the small stacks of event-loop threads.
  private static final Pattern ID_CHARS = Pattern.compile("(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})++");

  /** Checks the components against the DID syntax. */
  public Did {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(methodSpecificId, "methodSpecificId");
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("DID method name must be lower-case letters and digits");
    }
    if (!validMethodSpecificId(methodSpecificId)) {
      throw new IllegalArgumentException("DID method-specific id is not valid");
    }
  }

  /**
   * Parses a DID.
   *
   * @param text the DID; path, query and fragment are not allowed
   * @return the DID
   * @throws ResolutionException {@link ResolutionError#INVALID_DID} saying why
   */
  public static Did parse(String text) throws ResolutionException {
    if (text == null || text.isEmpty()) {
      throw new ResolutionException(ResolutionError.INVALID_DID, "DID rejected: empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new ResolutionException(
          ResolutionError.INVALID_DID, "DID rejected: longer than " + MAX_LENGTH + " characters");
    }
    if (!text.startsWith("did:")) {
      throw new ResolutionException(
          ResolutionError.INVALID_DID, "DID rejected: does not start with \"did:\"");
    }
    int colon = text.indexOf(':', 4);
    if (colon < 0) {
      throw new ResolutionException(
          ResolutionError.INVALID_DID, "DID rejected: no method-specific id");
    }
    try {
      return new Did(text.substring(4, colon), text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new ResolutionException(ResolutionError.INVALID_DID, "DID rejected: " + e.getMessage());
    }
  }

  private static boolean validMethodSpecificId(String id) {
    // method-specific-id = *( *idchar ":" ) 1*idchar
    if (id.isEmpty() || id.endsWith(":")) {
      return false;
    }
    for (String segment : id.split(":", -1)) {
      if (!segment.isEmpty() && !ID_CHARS.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "did:" + method + ":" + methodSpecificId;
  }
}
