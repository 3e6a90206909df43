/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

/**
 * The DID Resolution error codes this service reports, with their HTTP status and the stable
 * problem {@code type} URI used in {@code application/problem+json} bodies.
 */
public enum ResolutionError {
  /** The DID is not a valid DID. */
  INVALID_DID("invalidDid", 400, "INVALID_DID", "Invalid DID"),
  /** The DID URL is not a valid DID URL, or uses a part this service does not dereference. */
  INVALID_DID_URL("invalidDidUrl", 400, "INVALID_DID_URL", "Invalid DID URL"),
  /** The resolution options are malformed or contradictory. */
  INVALID_OPTIONS("invalidOptions", 400, "INVALID_OPTIONS", "Invalid resolution options"),
  /** The DID, the version or the DID URL fragment does not exist. */
  NOT_FOUND("notFound", 404, "NOT_FOUND", "Not found"),
  /** No representation the client accepts can be produced. */
  REPRESENTATION_NOT_SUPPORTED(
      "representationNotSupported",
      406,
      "REPRESENTATION_NOT_SUPPORTED",
      "Representation not supported"),
  /** The DID was deactivated. */
  DEACTIVATED("deactivated", 410, "DEACTIVATED", "DID deactivated"),
  /** This resolver has no driver for the DID method. */
  METHOD_NOT_SUPPORTED(
      "methodNotSupported", 501, "METHOD_NOT_SUPPORTED", "DID method not supported"),
  /** The resolver failed; a server fault, not a problem with the request. */
  INTERNAL_ERROR("internalError", 500, "INTERNAL_ERROR", "Internal error");

  private final String code;
  private final int httpStatus;
  private final String type;
  private final String title;

  ResolutionError(String code, int httpStatus, String typeFragment, String title) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.type = "https://www.w3.org/ns/did#" + typeFragment;
    this.title = title;
  }

  /**
   * The spec error code, as written in {@code didResolutionMetadata.error}.
   *
   * @return for example {@code "notFound"}
   */
  public String code() {
    return code;
  }

  /**
   * The HTTP status of the HTTP(S) binding.
   *
   * @return for example 404
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The stable problem type URI.
   *
   * @return for example {@code https://www.w3.org/ns/did#NOT_FOUND}
   */
  public String type() {
    return type;
  }

  /**
   * A short human-readable summary, the same for every occurrence.
   *
   * @return the title
   */
  public String title() {
    return title;
  }
}
