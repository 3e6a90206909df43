/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

/**
 * The codes a failed check of a provider verification reports that the service's error vocabulary
 * ({@link kr.consentledger.consent.ProblemCode}) does not already have. A check reports either one
 * of these or a {@code ProblemCode} (a signature, a DID or a credential that is not usable), never
 * a free string.
 */
public enum CheckCode {
  /** The presentation's holder is neither the consent's recipient nor its subject. */
  HOLDER_NOT_AUTHORISED,
  /** {@code aud} does not name the calling provider. */
  WRONG_AUDIENCE,
  /** The nonce was not recorded because the presentation's signature did not verify. */
  NONCE_UNVERIFIED,
  /** The presentation has no nonce. */
  NONCE_MISSING,
  /** The provider saw this nonce before. */
  NONCE_REPLAYED,
  /** The presentation's nonce is not the one of the OpenID4VP authorization request it answers. */
  NONCE_MISMATCH,
  /** The consent's {@code validFrom} is still ahead. */
  NOT_YET_VALID,
  /** The consent names another provider. */
  WRONG_PROVIDER,
  /** A requested category is not in the consent. */
  CATEGORY_NOT_COVERED,
  /** The requested purpose is not a purpose of the consent. */
  PURPOSE_NOT_COVERED,
  /** The ledger no longer says ConsentGiven. */
  CONSENT_WITHDRAWN,
  /** The consent names another recipient. */
  WRONG_RECIPIENT,
  /** The recipient is not an active registered recipient. */
  RECIPIENT_NOT_ACTIVE,
  /** The receipt statement does not match the request, or cannot be read. */
  RECEIPT_MISMATCH
}
