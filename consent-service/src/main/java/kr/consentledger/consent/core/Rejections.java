/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;

/**
 * Maps the wallet SDK's rejection codes to the service's problem codes, as wallet-sdk/README.md
 * ("Consent", rejection codes) says.
 */
final class Rejections {
  private Rejections() {}

  /**
   * Every code of the SDK, mapped explicitly (no default: a new SDK code fails to compile here
   * until it is mapped, so none can fall through to a 500).
   *
   * @param reason the SDK's code
   * @return the service's code: the same name where the service has it; MALFORMED_JWS is
   *     MALFORMED_JWT; a key, issuer, holder or controller that is not the signer's is
   *     NOT_AUTHORISED; a DID or its document that cannot be used (unknown, malformed, of a method
   *     or key type not supported) is UNKNOWN_DID, a deactivated one DID_DEACTIVATED; a credential
   *     or presentation that is malformed, not yet valid or meant for another audience or nonce is
   *     INVALID_CREDENTIAL; a malformed DID operation is INVALID_STATEMENT; a DID-auth token that
   *     is not valid (or a key store that does not open) is UNAUTHENTICATED
   */
  static ProblemCode code(RejectionReason reason) {
    return switch (reason) {
      case MALFORMED_JWS -> ProblemCode.MALFORMED_JWT;
      case UNSUPPORTED_HEADER -> ProblemCode.UNSUPPORTED_HEADER;
      case WRONG_TYPE -> ProblemCode.WRONG_TYPE;
      case UNSUPPORTED_ALGORITHM -> ProblemCode.UNSUPPORTED_ALGORITHM;
      case BAD_SIGNATURE -> ProblemCode.BAD_SIGNATURE;
      case UNKNOWN_KEY, NOT_AUTHORISED, ISSUER_MISMATCH, HOLDER_MISMATCH, NOT_CONTROLLER ->
          ProblemCode.NOT_AUTHORISED;
      case EXPIRED -> ProblemCode.EXPIRED;
      case NOT_YET_VALID,
          WRONG_AUDIENCE,
          WRONG_NONCE,
          MALFORMED_CREDENTIAL,
          MALFORMED_PRESENTATION,
          INVALID_CREDENTIAL,
          STATUS_MALFORMED_VALUE,
          STATUS_VERIFICATION_ERROR,
          STATUS_LIST_LENGTH_ERROR,
          STATUS_RANGE_ERROR ->
          ProblemCode.INVALID_CREDENTIAL;
      case INVALID_KEY,
          UNSUPPORTED_KEY_TYPE,
          INVALID_DID,
          METHOD_NOT_SUPPORTED,
          DID_NOT_FOUND,
          INVALID_DOCUMENT,
          DID_MISMATCH ->
          ProblemCode.UNKNOWN_DID;
      case DEACTIVATED -> ProblemCode.DID_DEACTIVATED;
      case INVALID_OPERATION, DID_ALREADY_EXISTS, VERSION_MISMATCH, INVALID_STATEMENT ->
          ProblemCode.INVALID_STATEMENT;
      case TERM_TOO_LONG -> ProblemCode.TERM_TOO_LONG;
      case SUBJECT_ISSUER_MISMATCH -> ProblemCode.SUBJECT_ISSUER_MISMATCH;
      case STATEMENT_MISMATCH -> ProblemCode.STATEMENT_MISMATCH;
      case INVALID_TOKEN, WRONG_PASSWORD -> ProblemCode.UNAUTHENTICATED;
    };
  }

  /**
   * Returns the service's exception with the mapped code and the SDK's message.
   *
   * @param e the SDK's rejection
   * @return the service's exception with the mapped code and the SDK's message
   */
  static ConsentException problem(RejectedException e) {
    return new ConsentException(code(e.reason()), e.getMessage());
  }
}
