/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.internal.protocol.ConsentFormats;
import kr.consentledger.wallet.keys.Signer;

/**
 * The signed statements the chaincode sees (CONSENT-PROTOCOL.md sections 3 and 4): the anchor
 * statement, which carries only the credential hash, the three DIDs and the validity window, and
 * the revocation statement. Also the service-side check that an anchor statement matches its
 * credential.
 *
 * <p>Parsing checks the shape only; signatures are checked by the chaincode (or with a {@link
 * DidResolver} and the statement's {@code kid}).
 */
public final class ConsentStatements {
  /** The JWS {@code typ} of an anchor statement. */
  public static final String ANCHOR_TYP = "consent-anchor+jwt";

  /** The JWS {@code typ} of a revocation statement. */
  public static final String REVOCATION_TYP = "consent-revocation+jwt";

  private static final Set<String> ANCHOR_MEMBERS =
      Set.of(
          "consentId",
          "credentialHash",
          "subject",
          "provider",
          "recipient",
          "validFrom",
          "validUntil");
  private static final Set<String> REVOCATION_MEMBERS =
      Set.of("consentId", "credentialHash", "subject", "reason");

  private ConsentStatements() {}

  /** The {@code reason} of a revocation statement. */
  public enum Reason {
    /** The subject withdrew the consent: {@code withdrawn}. */
    WITHDRAWN("withdrawn"),
    /** The purpose has been fulfilled: {@code purpose-fulfilled}. */
    PURPOSE_FULFILLED("purpose-fulfilled"),
    /** Any other reason: {@code other}. */
    OTHER("other");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /**
     * Returns the code written to the statement.
     *
     * @return the code written to the statement
     */
    public String code() {
      return code;
    }

    /**
     * Returns the reason, if the code is one of the three.
     *
     * @param code a reason code
     * @return the reason, if the code is one of the three
     */
    public static Optional<Reason> fromCode(String code) {
      return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
  }

  /**
   * A parsed anchor statement (not signature-checked).
   *
   * @param jws the compact JWS as received
   * @param keyId the {@code kid}: a DID URL of the subject
   * @param consentId the consent id
   * @param credentialHash the credential hash, 64 lowercase hex
   * @param subject the subject's DID
   * @param provider the provider's DID
   * @param recipient the recipient's DID
   * @param validFrom start of validity
   * @param validUntil end of validity
   */
  public record Anchor(
      String jws,
      String keyId,
      String consentId,
      String credentialHash,
      String subject,
      String provider,
      String recipient,
      Instant validFrom,
      Instant validUntil) {
    /**
     * Checks that no component is null.
     *
     * @param jws see the record description
     * @param keyId see the record description
     * @param consentId see the record description
     * @param credentialHash see the record description
     * @param subject see the record description
     * @param provider see the record description
     * @param recipient see the record description
     * @param validFrom see the record description
     * @param validUntil see the record description
     */
    public Anchor {
      Objects.requireNonNull(jws, "jws");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(consentId, "consentId");
      Objects.requireNonNull(credentialHash, "credentialHash");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(validFrom, "validFrom");
      Objects.requireNonNull(validUntil, "validUntil");
    }

    /**
     * Returns lowercase hex SHA-256 of the compact JWS: the record's {@code anchorStatementHash}.
     *
     * @return lowercase hex SHA-256 of the compact JWS: the record's {@code anchorStatementHash}
     */
    public String statementHash() {
      return Jws.sha256Hex(jws);
    }
  }

  /**
   * A parsed revocation statement (not signature-checked).
   *
   * @param jws the compact JWS as received
   * @param keyId the {@code kid}: a DID URL of the subject
   * @param consentId the consent id
   * @param credentialHash the credential hash, 64 lowercase hex
   * @param subject the subject's DID
   * @param reason the reason, if given
   */
  public record Revocation(
      String jws,
      String keyId,
      String consentId,
      String credentialHash,
      String subject,
      Optional<Reason> reason) {
    /**
     * Checks that no component is null.
     *
     * @param jws see the record description
     * @param keyId see the record description
     * @param consentId see the record description
     * @param credentialHash see the record description
     * @param subject see the record description
     * @param reason see the record description
     */
    public Revocation {
      Objects.requireNonNull(jws, "jws");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(consentId, "consentId");
      Objects.requireNonNull(credentialHash, "credentialHash");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns lowercase hex SHA-256 of the compact JWS: the record's {@code
     * revocationStatementHash}.
     *
     * @return lowercase hex SHA-256 of the compact JWS: the record's {@code
     *     revocationStatementHash}
     */
    public String statementHash() {
      return Jws.sha256Hex(jws);
    }
  }

  /**
   * Signs the anchor statement of an issued credential (section 3).
   *
   * @param issued an issued consent credential
   * @param signer a key of the subject listed under its assertionMethod
   * @return the compact JWS, {@code typ} consent-anchor+jwt, with exactly the seven payload members
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException if the credential is not issued or the signer's kid is not a
   *     key of the subject
   */
  public static String anchor(ConsentCredential issued, Signer signer) throws WalletException {
    Objects.requireNonNull(issued, "issued");
    Objects.requireNonNull(signer, "signer");
    if (!issued.isIssued()) {
      throw new IllegalArgumentException(
          "issued: the credential is not issued; call issue(Signer) first");
    }
    requireSubjectKey(signer, issued.subject());
    ObjectNode payload = Json.object();
    payload.put("consentId", issued.consentId());
    payload.put("credentialHash", issued.credentialHash());
    payload.put("subject", issued.subject());
    payload.put("provider", issued.provider());
    payload.put("recipient", issued.recipient());
    payload.put("validFrom", ConsentFormats.format(issued.validFrom()));
    payload.put("validUntil", ConsentFormats.format(issued.validUntil()));
    return sign(ANCHOR_TYP, payload, signer);
  }

  /**
   * Signs a revocation statement (section 4).
   *
   * @param consentId the consent id, {@code urn:uuid:...}
   * @param credentialHash the anchored credential hash, 64 lowercase hex
   * @param subjectDid the subject's DID
   * @param reason the reason, or null to leave it out
   * @param signer a key of the subject listed under its current authentication
   * @return the compact JWS, {@code typ} consent-revocation+jwt
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException naming the malformed argument
   */
  public static String revocation(
      String consentId, String credentialHash, String subjectDid, Reason reason, Signer signer)
      throws WalletException {
    Objects.requireNonNull(signer, "signer");
    if (!ConsentFormats.isConsentId(consentId)) {
      throw new IllegalArgumentException(
          "consentId: must be urn:uuid: followed by a lowercase RFC 4122 UUID");
    }
    if (!ConsentFormats.isHash(credentialHash)) {
      throw new IllegalArgumentException("credentialHash: must be 64 lowercase hex digits");
    }
    if (!ConsentFormats.isSubjectDid(subjectDid)) {
      throw new IllegalArgumentException("subjectDid: must be a did:fabric or a did:key DID");
    }
    requireSubjectKey(signer, subjectDid);
    ObjectNode payload = Json.object();
    payload.put("consentId", consentId);
    payload.put("credentialHash", credentialHash);
    payload.put("subject", subjectDid);
    if (reason != null) {
      payload.put("reason", reason.code());
    }
    return sign(REVOCATION_TYP, payload, signer);
  }

  /** Signs any payload; the fixtures use it for statements the rules must refuse. */
  static String sign(String typ, ObjectNode payload, Signer signer) throws WalletException {
    ObjectNode header = Json.object();
    header.put("typ", typ);
    header.put("kid", signer.keyId());
    return Jws.sign(header, Json.canonicalBytes(payload), signer);
  }

  private static void requireSubjectKey(Signer signer, String subject) {
    if (!signer.keyId().startsWith(subject + "#") || !Dids.didOf(signer.keyId()).equals(subject)) {
      throw new IllegalArgumentException(
          "signer: kid " + signer.keyId() + " is not a key of the subject " + subject);
    }
  }

  /**
   * Parses an anchor statement and checks its shape (section 3), in the chaincode's order.
   *
   * @param jws the compact JWS
   * @return the statement
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE, INVALID_STATEMENT
   *     (the message names the member), UNKNOWN_KEY (no kid), NOT_AUTHORISED (kid is not a DID URL
   *     of the subject)
   */
  public static Anchor parseAnchor(String jws) throws RejectedException {
    Jws.Parsed parsed = parse(jws, ANCHOR_TYP, "Anchor statement");
    ObjectNode p = anchorPayload(parsed);
    Instant from = ConsentFormats.time(p.get("validFrom").asText()).orElseThrow();
    Instant until = ConsentFormats.time(p.get("validUntil").asText()).orElseThrow();
    String subject = p.get("subject").asText();
    String kid = subjectKid(parsed, subject, "Anchor statement");
    return new Anchor(
        parsed.compact(),
        kid,
        p.get("consentId").asText(),
        p.get("credentialHash").asText(),
        subject,
        p.get("provider").asText(),
        p.get("recipient").asText(),
        from,
        until);
  }

  /**
   * Parses a revocation statement and checks its shape (section 4), in the chaincode's order.
   *
   * @param jws the compact JWS
   * @return the statement
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE, INVALID_STATEMENT
   *     (the message names the member), UNKNOWN_KEY (no kid), NOT_AUTHORISED (kid is not a DID URL
   *     of the subject)
   */
  public static Revocation parseRevocation(String jws) throws RejectedException {
    Jws.Parsed parsed = parse(jws, REVOCATION_TYP, "Revocation statement");
    ObjectNode p = revocationPayload(parsed);
    String subject = p.get("subject").asText();
    String kid = subjectKid(parsed, subject, "Revocation statement");
    Optional<Reason> reason =
        p.has("reason") ? Reason.fromCode(p.get("reason").asText()) : Optional.empty();
    return new Revocation(
        parsed.compact(),
        kid,
        p.get("consentId").asText(),
        p.get("credentialHash").asText(),
        subject,
        reason);
  }

  /**
   * The consent service's check before anchoring: parses the credential (default maximum term) and
   * the anchor statement, and compares every member.
   *
   * @param credentialJws the consent credential (vc+jwt)
   * @param anchorJws the anchor statement
   * @return the parsed anchor statement
   * @throws RejectedException any code of {@link ConsentCredential#parse(String)} or {@link
   *     #parseAnchor(String)}, or STATEMENT_MISMATCH naming every member that disagrees
   */
  public static Anchor checkAnchorMatches(String credentialJws, String anchorJws)
      throws RejectedException {
    return checkAnchorMatches(ConsentCredential.parse(credentialJws), anchorJws);
  }

  /**
   * As {@link #checkAnchorMatches(String, String)}, for a credential already parsed (for example
   * with another maximum term).
   *
   * @param credential an issued consent credential
   * @param anchorJws the anchor statement
   * @return the parsed anchor statement
   * @throws RejectedException any code of {@link #parseAnchor(String)}, or STATEMENT_MISMATCH
   *     naming every member that disagrees
   */
  public static Anchor checkAnchorMatches(ConsentCredential credential, String anchorJws)
      throws RejectedException {
    Objects.requireNonNull(credential, "credential");
    if (!credential.isIssued()) {
      throw new IllegalArgumentException("credential: not issued");
    }
    Anchor a = parseAnchor(anchorJws);
    List<String> differ = new ArrayList<>();
    compare(differ, "consentId", a.consentId(), credential.consentId());
    compare(differ, "credentialHash", a.credentialHash(), credential.credentialHash());
    compare(differ, "subject", a.subject(), credential.subject());
    compare(differ, "provider", a.provider(), credential.provider());
    compare(differ, "recipient", a.recipient(), credential.recipient());
    compare(differ, "validFrom", a.validFrom(), credential.validFrom());
    compare(differ, "validUntil", a.validUntil(), credential.validUntil());
    if (!differ.isEmpty()) {
      throw new RejectedException(
          RejectionReason.STATEMENT_MISMATCH,
          "Anchor statement rejected: "
              + String.join(", ", differ)
              + " disagree"
              + (differ.size() == 1 ? "s" : "")
              + " with the credential");
    }
    return a;
  }

  private static void compare(
      List<String> differ, String member, Object statement, Object credential) {
    if (!statement.equals(credential)) {
      differ.add(member);
    }
  }

  private static Jws.Parsed parse(String jws, String typ, String what) throws RejectedException {
    Jws.requireStatementLength(jws, what);
    Jws.Parsed parsed = Jws.parse(jws);
    if (!parsed.headerText("typ").equals(Optional.of(typ))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE, what + " rejected: JWS typ must be \"" + typ + "\"");
    }
    parsed.requireHeaderMembers(what, Jws.STATEMENT_HEADER);
    return parsed;
  }

  /** Checks the payload shape of section 3; package-private for the fixtures' reference rules. */
  static ObjectNode anchorPayload(Jws.Parsed parsed) throws RejectedException {
    ObjectNode p = payload(parsed, ANCHOR_MEMBERS, ANCHOR_MEMBERS, "Anchor statement");
    common(p, "Anchor statement");
    for (String m : List.of("provider", "recipient")) {
      if (!ConsentFormats.isDid(p.get(m).asText())) {
        throw badStatement("Anchor statement", m, "must be a DID");
      }
    }
    Optional<Instant> from = ConsentFormats.time(p.get("validFrom").asText());
    Optional<Instant> until = ConsentFormats.time(p.get("validUntil").asText());
    if (from.isEmpty()) {
      throw badStatement(
          "Anchor statement", "validFrom", "must be an ISO 8601 UTC time to the second");
    }
    if (until.isEmpty()) {
      throw badStatement(
          "Anchor statement", "validUntil", "must be an ISO 8601 UTC time to the second");
    }
    if (!from.get().isBefore(until.get())) {
      throw badStatement("Anchor statement", "validUntil", "must be after validFrom");
    }
    return p;
  }

  /** Checks the payload shape of section 4; package-private for the fixtures' reference rules. */
  static ObjectNode revocationPayload(Jws.Parsed parsed) throws RejectedException {
    Set<String> required = Set.of("consentId", "credentialHash", "subject");
    ObjectNode p = payload(parsed, required, REVOCATION_MEMBERS, "Revocation statement");
    common(p, "Revocation statement");
    if (p.has("reason") && Reason.fromCode(p.get("reason").asText()).isEmpty()) {
      throw badStatement(
          "Revocation statement", "reason", "must be withdrawn, purpose-fulfilled or other");
    }
    return p;
  }

  private static ObjectNode payload(
      Jws.Parsed parsed, Set<String> required, Set<String> allowed, String what)
      throws RejectedException {
    return payload(parsed, required, allowed, allowed, what);
  }

  /**
   * The payload of a statement: a JSON object with no member outside {@code allowed}, every member
   * of {@code required}, and the members of {@code text} that are present as strings; members are
   * checked in sorted order, so the first problem reported does not depend on the JSON's order.
   *
   * @throws RejectedException INVALID_STATEMENT naming the statement and the member
   */
  static ObjectNode payload(
      Jws.Parsed parsed, Set<String> required, Set<String> allowed, Set<String> text, String what)
      throws RejectedException {
    ObjectNode p =
        parsed
            .payloadObject()
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.INVALID_STATEMENT,
                        what + " rejected: the payload is not a JSON object"));
    Set<String> extra = new TreeSet<>();
    p.fieldNames()
        .forEachRemaining(
            n -> {
              if (!allowed.contains(n)) {
                extra.add(n);
              }
            });
    if (!extra.isEmpty()) {
      throw new RejectedException(
          RejectionReason.INVALID_STATEMENT,
          what + " rejected: members " + extra + " are not allowed");
    }
    for (String m : new TreeSet<>(allowed)) {
      JsonNode v = p.get(m);
      if (v == null && required.contains(m)) {
        throw badStatement(what, m, "is missing");
      }
      if (v != null && text.contains(m) && !v.isTextual()) {
        throw badStatement(what, m, "must be a string");
      }
    }
    return p;
  }

  private static void common(ObjectNode p, String what) throws RejectedException {
    if (!ConsentFormats.isConsentId(p.get("consentId").asText())) {
      throw badStatement(
          what, "consentId", "must be urn:uuid: followed by a lowercase RFC 4122 UUID");
    }
    if (!ConsentFormats.isHash(p.get("credentialHash").asText())) {
      throw badStatement(what, "credentialHash", "must be 64 lowercase hex digits");
    }
    if (!ConsentFormats.isDid(p.get("subject").asText())) {
      throw badStatement(what, "subject", "must be a DID");
    }
  }

  private static String subjectKid(Jws.Parsed parsed, String subject, String what)
      throws RejectedException {
    String kid =
        parsed
            .headerText("kid")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY,
                        what + " rejected: the JWS header has no \"kid\""));
    if (!kid.startsWith(subject + "#") || !Dids.didOf(kid).equals(subject)) {
      throw new RejectedException(
          RejectionReason.NOT_AUTHORISED,
          what
              + " rejected: kid "
              + Dids.abbreviate(kid)
              + " is not a key of the subject "
              + subject);
    }
    return kid;
  }

  private static RejectedException badStatement(String what, String member, String why) {
    return new RejectedException(
        RejectionReason.INVALID_STATEMENT, what + " rejected: " + member + ": " + why);
  }
}
