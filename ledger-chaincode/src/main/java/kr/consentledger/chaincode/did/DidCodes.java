package kr.consentledger.chaincode.did;

/**
 * The rejection codes of the did:fabric method (wallet-sdk/DID-METHOD.md §5), plus the codes of
 * resolution. The chaincode and the SDK give the same code for the same operation.
 */
public final class DidCodes {
  public static final String MALFORMED_JWS = "MALFORMED_JWS";
  public static final String UNSUPPORTED_ALGORITHM = "UNSUPPORTED_ALGORITHM";
  public static final String WRONG_TYPE = "WRONG_TYPE";
  public static final String UNSUPPORTED_HEADER = "UNSUPPORTED_HEADER";
  public static final String UNKNOWN_KEY = "UNKNOWN_KEY";
  public static final String INVALID_OPERATION = "INVALID_OPERATION";
  public static final String INVALID_DOCUMENT = "INVALID_DOCUMENT";
  public static final String INVALID_DID = "INVALID_DID";
  public static final String NOT_CONTROLLER = "NOT_CONTROLLER";
  public static final String DID_ALREADY_EXISTS = "DID_ALREADY_EXISTS";
  public static final String DID_MISMATCH = "DID_MISMATCH";
  public static final String BAD_SIGNATURE = "BAD_SIGNATURE";
  public static final String DID_NOT_FOUND = "DID_NOT_FOUND";
  public static final String DEACTIVATED = "DEACTIVATED";
  public static final String VERSION_MISMATCH = "VERSION_MISMATCH";
  public static final String VERSION_NOT_FOUND = "VERSION_NOT_FOUND";

  private DidCodes() {}
}
