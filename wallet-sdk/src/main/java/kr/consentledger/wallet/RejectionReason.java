/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

/**
 * Stable reason codes for {@link RejectedException}. The constant names are the codes: they are
 * part of the API and do not change meaning between versions.
 */
public enum RejectionReason {
  /**
   * Not a compact JWS we parse: not three canonical base64url parts, or its header or payload is
   * not one JSON object with a single meaning (duplicate members, comments, trailing data, invalid
   * UTF-8), or {@code alg} is missing or {@code none}, or a header {@code jwk} is not a public key.
   */
  MALFORMED_JWS,
  /**
   * The JWS header carries a member this token type does not define (for example {@code x5c},
   * {@code x5u}, {@code jku}, {@code jwk}, {@code x5t}, an unknown name) or any {@code crit}:
   * members we do not process are refused rather than ignored (RFC 7515 §4).
   */
  UNSUPPORTED_HEADER,
  /**
   * The JWS {@code typ} (or {@code cty}) is not the one expected (vc+jwt, vp+jwt,
   * did-operation+jwt, consent-anchor+jwt, ...).
   */
  WRONG_TYPE,
  /** The {@code alg} is not EdDSA, ES256 or ES256K, or does not fit the key. */
  UNSUPPORTED_ALGORITHM,
  /** The signature does not verify with the key named by {@code kid}. */
  BAD_SIGNATURE,
  /** {@code kid} is missing or names no verification method in the signer's DID document. */
  UNKNOWN_KEY,
  /**
   * The key exists but is not in the verification relationship required (assertionMethod,
   * authentication).
   */
  NOT_AUTHORISED,
  /** The credential's issuer is not the DID that signed it. */
  ISSUER_MISMATCH,
  /** The presentation's holder is not the DID that signed it. */
  HOLDER_MISMATCH,
  /**
   * The clock is before {@code validFrom} (or a DID-auth token's {@code iat} or {@code nbf}, beyond
   * the skew).
   */
  NOT_YET_VALID,
  /** The clock is after {@code validUntil} (or at or after a DID-auth token's {@code exp}). */
  EXPIRED,
  /** The presentation's {@code aud} is not the expected audience. */
  WRONG_AUDIENCE,
  /** The presentation's {@code nonce} is not the expected nonce. */
  WRONG_NONCE,
  /** The payload is not a W3C VC 2.0 credential this SDK accepts. */
  MALFORMED_CREDENTIAL,
  /** The payload is not a W3C VC 2.0 presentation this SDK accepts. */
  MALFORMED_PRESENTATION,
  /**
   * Key material is malformed (wrong length, point not on the curve, private part where a public
   * key belongs).
   */
  INVALID_KEY,
  /** The key is well formed but of a type this SDK does not support (for example P-384). */
  UNSUPPORTED_KEY_TYPE,
  /** The text is not a DID of the expected method, or its method-specific id cannot be decoded. */
  INVALID_DID,
  /** No resolver is configured for the DID method. */
  METHOD_NOT_SUPPORTED,
  /** The DID is not known to the resolver or the ledger. */
  DID_NOT_FOUND,
  /** The DID has been deactivated. */
  DEACTIVATED,
  /** A DID document breaks a rule of DID Core or of the DID method. */
  INVALID_DOCUMENT,
  /** A did:fabric operation payload is malformed. */
  INVALID_OPERATION,
  /** A did:fabric create names a DID that is not derived from the embedded key. */
  DID_MISMATCH,
  /** A did:fabric create names a DID that already exists. */
  DID_ALREADY_EXISTS,
  /**
   * A did:fabric operation's previousVersionId is not the current versionId (stale or replayed).
   */
  VERSION_MISMATCH,
  /** A did:fabric operation is signed by a key not in the current document's authentication. */
  NOT_CONTROLLER,
  /** A key store could not be opened: wrong password, or the file was damaged or altered. */
  WRONG_PASSWORD,
  /**
   * A consent credential breaks a rule of CONSENT-PROTOCOL.md section 2; the message names the
   * member.
   */
  INVALID_CREDENTIAL,
  /** A consent credential's {@code validUntil - validFrom} is longer than the maximum term. */
  TERM_TOO_LONG,
  /**
   * A consent credential's {@code issuer}, {@code credentialSubject.id} and {@code dataSubject.id}
   * differ.
   */
  SUBJECT_ISSUER_MISMATCH,
  /** An anchor or revocation statement breaks the shape of CONSENT-PROTOCOL.md section 3 or 4. */
  INVALID_STATEMENT,
  /** An anchor statement disagrees with its consent credential; the message names the member. */
  STATEMENT_MISMATCH,
  /**
   * A DID-auth token (CONSENT-PROTOCOL.md section 7) has a malformed payload or a lifetime over 300
   * seconds.
   */
  INVALID_TOKEN,
  /**
   * A Bitstring Status List value is malformed (W3C Bitstring Status List v1.0 {@code
   * MALFORMED_VALUE_ERROR}): an {@code encodedList} that is not multibase base64url of a GZIP
   * bitstring, or a status list credential or entry of the wrong shape.
   */
  STATUS_MALFORMED_VALUE,
  /**
   * A status list credential does not verify, or does not match the entry (its id, its purpose):
   * the specification's {@code STATUS_VERIFICATION_ERROR}.
   */
  STATUS_VERIFICATION_ERROR,
  /**
   * A status list holds fewer than 131,072 entries: the specification's {@code
   * STATUS_LIST_LENGTH_ERROR}.
   */
  STATUS_LIST_LENGTH_ERROR,
  /** A status list index lies outside its list: the specification's {@code RANGE_ERROR}. */
  STATUS_RANGE_ERROR
}
