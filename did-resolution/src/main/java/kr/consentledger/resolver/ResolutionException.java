/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

import java.util.Objects;

/**
 * A DID could not be resolved: the input was rejected (invalid DID, not found, deactivated,
 * unsupported method or representation) or the resolver failed ({@link
 * ResolutionError#INTERNAL_ERROR}). The message says why and is safe to show to clients.
 */
public final class ResolutionException extends Exception {
  private final ResolutionError error;
  private final transient ResolutionResult result;

  /**
   * A rejection without a result.
   *
   * @param error the spec error, not null
   * @param message why, safe to show to clients
   */
  public ResolutionException(ResolutionError error, String message) {
    this(error, message, null, null);
  }

  /**
   * A rejection or failure.
   *
   * @param error the spec error, not null
   * @param message why, safe to show to clients
   * @param result the result to show despite the error (a deactivated DID's), or null
   * @param cause the underlying fault, or null; never shown to clients
   */
  public ResolutionException(
      ResolutionError error, String message, ResolutionResult result, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.error = Objects.requireNonNull(error, "error");
    this.result = result;
  }

  /**
   * The spec error.
   *
   * @return the error, never null
   */
  public ResolutionError error() {
    return error;
  }

  /**
   * The result that goes with the error, for {@link ResolutionError#DEACTIVATED}.
   *
   * @return the result, or null
   */
  public ResolutionResult result() {
    return result;
  }
}
