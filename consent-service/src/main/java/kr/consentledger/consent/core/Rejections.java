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
   * @param reason the SDK's code
   * @return the service's code: MALFORMED_JWS is MALFORMED_JWT; UNKNOWN_KEY, KEY_NOT_AUTHORIZED and
   *     ISSUER_MISMATCH are NOT_AUTHORISED; DID_NOT_FOUND is UNKNOWN_DID; DEACTIVATED is
   *     DID_DEACTIVATED; INVALID_TOKEN is UNAUTHENTICATED; the rest by the same name (a code the
   *     service does not know is INTERNAL_ERROR)
   */
  static ProblemCode code(RejectionReason reason) {
    return switch (reason) {
      case MALFORMED_JWS -> ProblemCode.MALFORMED_JWT;
      case UNKNOWN_KEY, KEY_NOT_AUTHORIZED, ISSUER_MISMATCH -> ProblemCode.NOT_AUTHORISED;
      case DID_NOT_FOUND -> ProblemCode.UNKNOWN_DID;
      case DEACTIVATED -> ProblemCode.DID_DEACTIVATED;
      case INVALID_TOKEN -> ProblemCode.UNAUTHENTICATED;
      default -> ProblemCode.fromCode(reason.name());
    };
  }

  /**
   * @param e the SDK's rejection
   * @return the service's exception with the mapped code and the SDK's message
   */
  static ConsentException problem(RejectedException e) {
    return new ConsentException(code(e.reason()), e.getMessage());
  }
}
