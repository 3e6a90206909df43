/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;

/**
 * A signed {@code did:fabric} operation: a compact JWS with {@code typ} {@code did-operation+jwt}.
 * See DID-METHOD.md. Parsing checks the shape only; {@link DidFabric#apply} applies the ledger
 * rules.
 */
public final class DidOperation {
  private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{64}");

  /** The operation kinds, with their JSON names. */
  public enum Type {
    /** {@code create}. */
    CREATE,
    /** {@code update}. */
    UPDATE,
    /** {@code deactivate}. */
    DEACTIVATE;

    /**
     * Returns the JSON name, lowercase.
     *
     * @return the JSON name, lowercase
     */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String jws;
  private final Type type;
  private final String did;
  private final String previousVersionId;
  private final DidDocument document;
  private final String nonce;
  private final String keyId;

  private DidOperation(
      String jws,
      Type type,
      String did,
      String previousVersionId,
      DidDocument document,
      String nonce,
      String keyId) {
    this.jws = jws;
    this.type = type;
    this.did = did;
    this.previousVersionId = previousVersionId;
    this.document = document;
    this.nonce = nonce;
    this.keyId = keyId;
  }

  /**
   * Parses an operation without verifying it.
   *
   * @param compactJws the operation
   * @return the parsed operation
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE, UNKNOWN_KEY,
   *     INVALID_OPERATION, INVALID_DOCUMENT
   */
  public static DidOperation parse(String compactJws) throws RejectedException {
    return parse(Jws.parse(compactJws));
  }

  static DidOperation parse(Jws.Parsed parsed) throws RejectedException {
    if (!parsed.headerText("typ").equals(Optional.of(DidFabric.OPERATION_TYP))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE,
          "DID operation rejected: typ must be \"" + DidFabric.OPERATION_TYP + "\"");
    }
    parsed.requireHeaderMembers("DID operation", Jws.OPERATION_HEADER);
    String kid =
        parsed
            .headerText("kid")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY,
                        "DID operation rejected: the header has no \"kid\""));
    ObjectNode p =
        parsed.payloadObject().orElseThrow(() -> invalid("the payload is not a JSON object"));
    String op = Json.text(p, "operation").orElseThrow(() -> invalid("\"operation\" is missing"));
    Type type =
        switch (op) {
          case "create" -> Type.CREATE;
          case "update" -> Type.UPDATE;
          case "deactivate" -> Type.DEACTIVATE;
          default ->
              throw invalid(
                  "\"operation\" must be create, update or deactivate, not \"" + op + "\"");
        };
    String did = Json.text(p, "did").orElseThrow(() -> invalid("\"did\" is missing"));
    JsonNode prev = p.get("previousVersionId");
    String previous = null;
    if (type == Type.CREATE) {
      if (prev == null || !prev.isNull()) {
        throw invalid("\"previousVersionId\" must be null for create");
      }
    } else {
      if (prev == null || !prev.isTextual() || !VERSION_ID.matcher(prev.asText()).matches()) {
        throw invalid("\"previousVersionId\" must be 64 lowercase hex digits for " + op);
      }
      previous = prev.asText();
    }
    JsonNode docNode = p.get("document");
    DidDocument document = null;
    if (type == Type.DEACTIVATE) {
      if (docNode != null && !docNode.isNull()) {
        throw invalid("deactivate carries no \"document\"");
      }
    } else {
      if (docNode == null || !docNode.isObject()) {
        throw invalid("\"document\" must be a JSON object for " + op);
      }
      document = DidDocument.fromJson(docNode);
    }
    JsonNode n = p.get("nonce");
    if (n != null && !n.isNull() && !n.isTextual()) {
      throw invalid("\"nonce\" must be a string");
    }
    return new DidOperation(
        parsed.compact(),
        type,
        did,
        previous,
        document,
        n == null || n.isNull() ? null : n.asText(),
        kid);
  }

  private static RejectedException invalid(String why) {
    return new RejectedException(
        RejectionReason.INVALID_OPERATION, "DID operation rejected: " + why);
  }

  /**
   * Returns the compact JWS.
   *
   * @return the compact JWS
   */
  public String jws() {
    return jws;
  }

  /**
   * Returns the operation kind.
   *
   * @return the operation kind
   */
  public Type type() {
    return type;
  }

  /**
   * Returns the DID operated on.
   *
   * @return the DID operated on
   */
  public String did() {
    return did;
  }

  /**
   * Returns the versionId this operation builds on; empty for create.
   *
   * @return the versionId this operation builds on; empty for create
   */
  public Optional<String> previousVersionId() {
    return Optional.ofNullable(previousVersionId);
  }

  /**
   * Returns the new document; empty for deactivate.
   *
   * @return the new document; empty for deactivate
   */
  public Optional<DidDocument> document() {
    return Optional.ofNullable(document);
  }

  /**
   * Returns the nonce, if any.
   *
   * @return the nonce, if any
   */
  public Optional<String> nonce() {
    return Optional.ofNullable(nonce);
  }

  /**
   * Returns the header {@code kid}.
   *
   * @return the header {@code kid}
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Returns the versionId the ledger assigns: lowercase hex SHA-256 of the compact JWS's ASCII
   * bytes.
   *
   * @return the versionId the ledger assigns: lowercase hex SHA-256 of the compact JWS's ASCII
   *     bytes
   */
  public String versionId() {
    return Jws.sha256Hex(jws);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DidOperation other && other.jws.equals(jws);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jws);
  }

  @Override
  public String toString() {
    return "DidOperation[" + type.jsonName() + " " + did + ", versionId " + versionId() + "]";
  }
}
