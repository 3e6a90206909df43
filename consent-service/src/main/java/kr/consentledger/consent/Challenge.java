/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * A DID-auth challenge (§7): 32 random bytes, base64url, issued to one DID.
 *
 * @param value the challenge text
 * @param did the DID it was issued to
 * @param expiresAt when it stops being accepted
 */
public record Challenge(String value, String did, Instant expiresAt) {
  /** Checks that every component is present. */
  public Challenge {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
