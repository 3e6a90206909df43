/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

/**
 * The stable error codes of CONSENT-PROTOCOL.md §6, plus the service's own request errors, each
 * with its HTTP status. The constant name is the {@code code} member of the problem body; {@link
 * #type()} is its stable problem {@code type} URI.
 */
public enum ProblemCode {
  /** A credential or statement that is not a compact JWS. */
  MALFORMED_JWT(400, "Malformed JWT"),
  /** Chaincode: a statement that is not a compact JWS. */
  MALFORMED_JWS(400, "Malformed JWS"),
  /** The JWS {@code alg} is not EdDSA, ES256 or ES256K, or does not fit the key. */
  UNSUPPORTED_ALGORITHM(400, "Unsupported algorithm"),
  /** The JWS header carries a member the token type does not define (x5c, jku, jwk, crit, ...). */
  UNSUPPORTED_HEADER(400, "Unsupported JWS header member"),
  /** The JWS {@code typ} (or {@code cty}) is not the one expected. */
  WRONG_TYPE(400, "Wrong JWS type"),
  /** The request does not match the OpenAPI description. */
  VALIDATION_FAILED(400, "Request validation failed"),
  /** A body that is not strict JSON: duplicate members, comments, trailing data, invalid UTF-8. */
  MALFORMED_JSON(400, "Malformed JSON"),
  /** No Host header, more than one, or one that is not a valid host[:port]. */
  INVALID_HOST(400, "Invalid Host header"),
  /** A request target with a malformed percent-escape. */
  INVALID_URI(400, "Invalid request URI"),
  /**
   * A request the HTTP decoder refused (malformed Content-Length, header or chunk), or one the
   * client abandoned.
   */
  BAD_REQUEST(400, "Bad request"),
  /** No DID authentication, or it failed. */
  UNAUTHENTICATED(401, "Unauthenticated"),
  /** Authenticated, but not as a party allowed to reach the resource. */
  FORBIDDEN(403, "Forbidden"),
  /** No consent with that id. */
  CONSENT_NOT_FOUND(404, "Consent not found"),
  /** The ledger holds no transaction with that id. */
  TRANSACTION_NOT_FOUND(404, "Transaction not found"),
  /** No integrity job with that id. */
  JOB_NOT_FOUND(404, "Integrity job not found"),
  /** A did:fabric update or deactivation of a DID that is not on the ledger. */
  DID_NOT_FOUND(404, "DID not found"),
  /** No such route. */
  NOT_FOUND(404, "Not found"),
  /** No OpenID4VP authorization request with that id (or state) on this service. */
  OID4VP_REQUEST_NOT_FOUND(404, "Authorization request not found"),
  /** The OpenID4VP authorization request's time ran out before the step asked for. */
  OID4VP_REQUEST_EXPIRED(410, "Authorization request expired"),
  /**
   * The OpenID4VP authorization request is not in the state the step needs: already answered by a
   * wallet, not answered yet, or already decided.
   */
  OID4VP_REQUEST_STATE(409, "Authorization request in another state"),
  /** No Bitstring Status List with that id (issue 14). */
  STATUS_LIST_NOT_FOUND(404, "Status list not found"),
  /** The route exists, the method does not. */
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  /** The request body did not arrive within the body timeout. */
  REQUEST_TIMEOUT(408, "Request timeout"),
  /** Another credential already uses the consent id. */
  CONSENT_EXISTS(409, "Consent exists"),
  /** The consent is already withdrawn (or a different revocation is on its way). */
  ALREADY_REVOKED(409, "Already revoked"),
  /** A did:fabric create for a DID that is already on the ledger. */
  DID_ALREADY_EXISTS(409, "DID already exists"),
  /** A did:fabric update that is not based on the DID's current version. */
  VERSION_MISMATCH(409, "Version mismatch"),
  /** The request body is larger than the route allows. */
  PAYLOAD_TOO_LARGE(413, "Payload too large"),
  /** The request line is longer than the server accepts. */
  URI_TOO_LONG(414, "URI too long"),
  /** The caller (its authenticated DID, or its address) went over its rate; see Retry-After. */
  RATE_LIMITED(429, "Too many requests"),
  /** The request body is not of a supported media type. */
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  /** The credential breaks a rule of §2; the detail names the member. */
  INVALID_CREDENTIAL(422, "Invalid credential"),
  /** The validity window is longer than the maximum term. */
  TERM_TOO_LONG(422, "Term too long"),
  /**
   * issuer, credentialSubject.id and dataSubject.id differ, or a statement's signer is not the
   * subject.
   */
  SUBJECT_ISSUER_MISMATCH(422, "Subject and issuer differ"),
  /** The anchor statement disagrees with the credential. */
  STATEMENT_MISMATCH(422, "Statement does not match the credential"),
  /** A statement breaks the shape of §3 or §4. */
  INVALID_STATEMENT(422, "Invalid statement"),
  /** The subject DID cannot be resolved. */
  UNKNOWN_DID(422, "Unknown DID"),
  /** The subject DID is deactivated. */
  DID_DEACTIVATED(422, "DID deactivated"),
  /** {@code kid} is not a key of the subject in the required verification relationship. */
  NOT_AUTHORISED(422, "Key not authorised"),
  /** The signature does not verify. */
  BAD_SIGNATURE(422, "Bad signature"),
  /** The consent's validity has ended. */
  EXPIRED(422, "Expired"),
  /**
   * The credential's {@code BitstringStatusListEntry} names no index this service reserved for its
   * subject, or one another consent already uses.
   */
  STATUS_ENTRY_NOT_RESERVED(422, "Status list index not reserved"),
  /** The credential's status list index was reserved for its subject, but lapsed unused. */
  STATUS_RESERVATION_EXPIRED(422, "Status list reservation expired"),
  /** A revocation's hash or subject differ from the consent record. */
  HASH_MISMATCH(422, "Hash mismatch"),
  /** Chaincode: the batch argument was refused (a service bug). */
  INVALID_ARGUMENT(500, "Internal error"),
  /** Chaincode: a transaction argument was longer than its cap (a service bug). */
  ARGUMENT_TOO_LONG(500, "Internal error"),
  /** Chaincode: the batch was too large (a service bug). */
  BATCH_TOO_LARGE(500, "Internal error"),
  /** The request headers are larger than the server accepts. */
  HEADERS_TOO_LARGE(431, "Request header fields too large"),
  /** The server failed; never the client's fault. */
  INTERNAL_ERROR(500, "Internal error"),
  /** A dependency (DID resolution, database) did not answer. */
  SERVICE_UNAVAILABLE(503, "Service unavailable"),
  /**
   * The service is at its cap of requests in process, or the ledger backlog (outbox) is over its
   * bound; see Retry-After.
   */
  OVERLOADED(503, "Overloaded"),
  /**
   * A verification found the service's mirror of the ledger further behind the peer than its bound
   * and no refresh caught up in time; see Retry-After. Never a stale answer.
   */
  MIRROR_STALE(503, "Ledger view stale");

  /** The prefix of every problem {@code type} URI. */
  public static final String TYPE_BASE = "https://consentledger.kr/problems/";

  private final int httpStatus;
  private final String title;

  ProblemCode(int httpStatus, String title) {
    this.httpStatus = httpStatus;
    this.title = title;
  }

  /**
   * The HTTP status of a problem with this code.
   *
   * @return for example 422
   */
  public int httpStatus() {
    return httpStatus;
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
   * The stable problem {@code type} URI.
   *
   * @return for example {@code https://consentledger.kr/problems/consent-exists}
   */
  public String type() {
    return TYPE_BASE + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
