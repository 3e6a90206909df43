package kr.consentledger.chaincode.consent;

/** The rejection codes of the consent contract (CONSENT-PROTOCOL.md §5, §6). */
public final class ConsentCodes {
  public static final String MALFORMED_JWS = "MALFORMED_JWS";
  public static final String UNSUPPORTED_ALGORITHM = "UNSUPPORTED_ALGORITHM";
  public static final String WRONG_TYPE = "WRONG_TYPE";
  public static final String INVALID_STATEMENT = "INVALID_STATEMENT";
  public static final String BAD_SIGNATURE = "BAD_SIGNATURE";
  public static final String EXPIRED = "EXPIRED";
  public static final String CONSENT_EXISTS = "CONSENT_EXISTS";
  public static final String CONSENT_NOT_FOUND = "CONSENT_NOT_FOUND";
  public static final String HASH_MISMATCH = "HASH_MISMATCH";
  public static final String ALREADY_REVOKED = "ALREADY_REVOKED";
  public static final String BATCH_TOO_LARGE = "BATCH_TOO_LARGE";

  private ConsentCodes() {}
}
