/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

/**
 * The errors the HTTP edge ({@link HttpEdge}, {@link StrictJsonBodyHandler}) reports before a
 * request reaches the routes. Each service writes them as its own problem+json, under its own code
 * spelling ({@link #name()} for consent-service, {@link #camelCode()} for did-resolver).
 */
public enum EdgeError {
  /** A request the HTTP decoder refused: malformed request line or header, bad Content-Length. */
  BAD_REQUEST(400, "Bad request"),
  /** No Host header, more than one, or one that is not a valid host[:port]. */
  INVALID_HOST(400, "Invalid Host header"),
  /** A request target with a malformed percent-escape (such as {@code %4} or {@code %zz}). */
  INVALID_URI(400, "Invalid request URI"),
  /** A body that is not strict JSON: duplicate members, comments, trailing data, invalid UTF-8. */
  MALFORMED_JSON(400, "Malformed JSON"),
  /** The request body did not arrive within the body timeout. */
  REQUEST_TIMEOUT(408, "Request timeout"),
  /** The request line is longer than the server accepts. */
  URI_TOO_LONG(414, "URI too long"),
  /** The request headers are larger than the server accepts. */
  HEADERS_TOO_LARGE(431, "Request header fields too large");

  private final int status;
  private final String title;

  EdgeError(int status, String title) {
    this.status = status;
    this.title = title;
  }

  /**
   * The HTTP status.
   *
   * @return for example 400
   */
  public int status() {
    return status;
  }

  /**
   * A short summary, the same for every occurrence.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * The code in camel case, as did-resolver spells its codes.
   *
   * @return for example {@code malformedJson}
   */
  public String camelCode() {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
