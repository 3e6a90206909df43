/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;

/** What the contracts that take batches of signed statements share. */
public final class Statements {
  /** The longest statement in a batch, in characters; a longer one is MALFORMED_JWS. */
  public static final int MAX_STATEMENT_LENGTH = 32_768;

  private Statements() {}

  /** At most 64 characters of {@code s}, for messages. */
  public static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }

  /**
   * The statements of a batch argument: a JSON array of 1 to {@code max} strings.
   *
   * @throws org.hyperledger.fabric.shim.ChaincodeException INVALID_ARGUMENT, or BATCH_TOO_LARGE
   *     when there are more than {@code max}
   */
  public static List<String> batch(String json, int max) {
    Arguments.cap("statements", json, Arguments.MAX_BATCH_LENGTH);
    JsonNode batch;
    try {
      batch = json == null ? null : kr.consentledger.chaincode.jose.StrictJson.parse(json);
    } catch (IllegalArgumentException e) {
      batch = null;
    }
    if (batch == null || !batch.isArray() || batch.isEmpty()) {
      throw ErrorCodes.reject(
          RejectionCode.INVALID_ARGUMENT,
          "statements must be a JSON array of 1 to " + max + " strings");
    }
    if (batch.size() > max) {
      throw ErrorCodes.reject(
          RejectionCode.BATCH_TOO_LARGE,
          "at most " + max + " statements per transaction, not " + batch.size());
    }
    List<String> items = new ArrayList<>();
    for (JsonNode n : batch) {
      if (!n.isTextual()) {
        throw ErrorCodes.reject(
            RejectionCode.INVALID_ARGUMENT, "every statement must be a compact JWS string");
      }
      items.add(n.asText());
    }
    return items;
  }

  /**
   * Parses a statement and checks its {@code alg} and {@code typ}.
   *
   * @throws org.hyperledger.fabric.shim.ChaincodeException MALFORMED_JWS, UNSUPPORTED_ALGORITHM or
   *     WRONG_TYPE
   */
  public static kr.consentledger.chaincode.jose.CompactJws parse(String item, String type) {
    if (item.length() > MAX_STATEMENT_LENGTH) {
      throw ErrorCodes.reject(
          RejectionCode.MALFORMED_JWS,
          "a statement is at most " + MAX_STATEMENT_LENGTH + " characters");
    }
    kr.consentledger.chaincode.jose.CompactJws jws;
    try {
      jws = kr.consentledger.chaincode.jose.CompactJws.parse(item);
    } catch (kr.consentledger.chaincode.jose.CompactJws.MalformedException e) {
      throw ErrorCodes.reject(RejectionCode.MALFORMED_JWS, e.getMessage());
    }
    if (!kr.consentledger.chaincode.jose.PublicJwk.ALGORITHMS.contains(jws.headerText("alg"))) {
      throw ErrorCodes.reject(
          RejectionCode.UNSUPPORTED_ALGORITHM,
          "alg " + jws.headerText("alg") + " is not EdDSA, Ed25519, ES256 or ES256K");
    }
    if (!type.equals(jws.headerText("typ"))) {
      throw ErrorCodes.reject(RejectionCode.WRONG_TYPE, "typ must be " + type);
    }
    String other =
        jws.unsupportedHeaderMember(kr.consentledger.chaincode.jose.CompactJws.STATEMENT_HEADER);
    if (other != null) {
      throw ErrorCodes.reject(
          RejectionCode.UNSUPPORTED_HEADER,
          "the header member " + abbreviate(other) + " is not processed here (alg, kid, typ are)");
    }
    return jws;
  }

  /** Lowercase hex SHA-256 of a compact JWS's ASCII bytes: its versionId or statement hash. */
  public static String sha256Hex(String compact) {
    byte[] in = compact.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[32];
    SHA256Digest sha = new SHA256Digest();
    sha.update(in, 0, in.length);
    sha.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }
}
