package kr.consentledger.chaincode;

/**
 * Stable error codes carried as the payload of every {@code ChaincodeException}, so that clients
 * in any language can branch on them.
 */
public final class ErrorCodes {
  /** An argument is missing, empty or malformed. */
  public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  /** The key that was asked for has no record. */
  public static final String RECORD_NOT_FOUND = "RECORD_NOT_FOUND";
  /** The chaincode could not do what it should have been able to do. */
  public static final String INTERNAL = "INTERNAL";

  private ErrorCodes() {}

  /**
   * A rejection carrying {@code code} as its payload and, for clients that only see the message
   * (the Fabric Gateway passes on the message alone), as the message's first word.
   */
  public static org.hyperledger.fabric.shim.ChaincodeException reject(String code, String message) {
    return new org.hyperledger.fabric.shim.ChaincodeException(code + ": " + message, code);
  }
}
