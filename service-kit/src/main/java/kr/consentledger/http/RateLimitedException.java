/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

/**
 * A caller went over its rate: answered {@code 429} with {@code Retry-After} by {@link
 * EdgeHandler}. The message is safe to show to clients.
 */
public final class RateLimitedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  /**
   * @param retryAfterSeconds the whole seconds until the caller may try again (at least 1)
   * @param message what was refused, safe to show to clients
   */
  public RateLimitedException(long retryAfterSeconds, String message) {
    super(message, null, false, false);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /**
   * When the caller may try again.
   *
   * @return seconds, at least 1
   */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
