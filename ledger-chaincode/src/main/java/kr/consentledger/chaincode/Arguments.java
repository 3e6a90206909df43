/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

/**
 * Length caps on transaction arguments, checked first in every transaction function, before the
 * argument is parsed or decoded in any way; over the cap is {@code ARGUMENT_TOO_LONG}. The caps (in
 * UTF-16 characters, as the shim hands the arguments over) are listed in CONSENT-PROTOCOL.md.
 */
public final class Arguments {
  /** A DID (a participant's, or a did:fabric to resolve). */
  public static final int MAX_DID_LENGTH = 2_048;

  /** A consent id or another short identifier (versionId, versionTime, role, status). */
  public static final int MAX_ID_LENGTH = 256;

  /** A participant's display name (the registry also refuses more than 200). */
  public static final int MAX_NAME_LENGTH = 1_024;

  /** A did:fabric operation (a compact JWS holding a whole DID document of at most 64 KiB). */
  public static final int MAX_OPERATION_LENGTH = 200_000;

  /** A batch argument: the JSON array of up to 500 statements. */
  public static final int MAX_BATCH_LENGTH = 4 * 1024 * 1024;

  private Arguments() {}

  /**
   * Refuses {@code value} when it is longer than {@code max} characters; null passes (the
   * function's own checks refuse it).
   *
   * @throws org.hyperledger.fabric.shim.ChaincodeException {@code ARGUMENT_TOO_LONG}
   */
  public static void cap(String name, String value, int max) {
    if (value != null && value.length() > max) {
      throw ErrorCodes.reject(
          RejectionCode.ARGUMENT_TOO_LONG, name + " is longer than " + max + " characters");
    }
  }
}
