/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

import java.util.Objects;

/**
 * A DID URL: a DID with an optional path, query and fragment.
 *
 * @param did the DID
 * @param path the path including its leading {@code /}, or null
 * @param query the query without its {@code ?}, or null
 * @param fragment the fragment without its {@code #}, or null
 */
public record DidUrl(Did did, String path, String query, String fragment) {
  /** Checks that the DID is present. */
  public DidUrl {
    Objects.requireNonNull(did, "did");
  }

  /**
   * Parses a DID URL.
   *
   * @param text the DID URL
   * @return the DID URL
   * @throws ResolutionException {@link ResolutionError#INVALID_DID} when the DID part is invalid
   */
  public static DidUrl parse(String text) throws ResolutionException {
    if (text == null) {
      throw new ResolutionException(ResolutionError.INVALID_DID, "DID rejected: empty");
    }
    String rest = text;
    String fragment = null;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      fragment = rest.substring(hash + 1);
      rest = rest.substring(0, hash);
    }
    String query = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    String path = null;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
    }
    return new DidUrl(Did.parse(rest), path, query, fragment);
  }

  /**
   * Whether this is a bare DID, with no path, query or fragment.
   *
   * @return true for a bare DID
   */
  public boolean isDid() {
    return path == null && query == null && fragment == null;
  }

  @Override
  public String toString() {
    return did
        + (path == null ? "" : path)
        + (query == null ? "" : "?" + query)
        + (fragment == null ? "" : "#" + fragment);
  }
}
