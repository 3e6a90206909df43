/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.Jws;

/**
 * The consent credential of CONSENT-PROTOCOL.md section 2: a W3C VC 2.0 credential, self-issued by
 * the data subject, saying who (provider) sends what (data categories) to whom (recipient), for
 * which purposes, once or periodically, until when. Secured as a vc+jwt.
 *
 * <p>Immutable. An instance is either unsigned (from {@link #builder()}) or issued (from {@link
 * #issue(Signer)} or {@link #parse(String)}); only an issued credential has a {@link #jws()} and a
 * {@link #credentialHash()}. Every instance satisfies all rules of section 2.
 */
public final class ConsentCredential {
  /** The consent JSON-LD context, second in {@code @context}. */
  public static final String CONSENT_CONTEXT = "https://consentledger.kr/ns/consent/v1";

  /** The credential type, next to {@code VerifiableCredential}. */
  public static final String TYPE = "ConsentCredential";

  /** The {@code credentialStatus.type}. */
  public static final String STATUS_TYPE = "FabricConsentStatus2026";

  /** The default maximum term ({@code validUntil - validFrom}): 365 days. */
  public static final Duration DEFAULT_MAX_TERM = Duration.ofDays(365);

  private static final String REJECTED = "Consent credential rejected: ";
  // Possessive, so that a long category cannot overflow the stack (see ReceiptStatements).
  private static final Pattern CATEGORY =
      Pattern.compile("[a-z][a-z0-9]*+(?:\\.[a-z][a-z0-9]*+)*+");

  private final Credential credential;
  private final Fields fields;
  private final String jws;
  private final String keyId;

  private ConsentCredential(Credential credential, Fields fields, String jws, String keyId) {
    this.credential = credential;
    this.fields = fields;
    this.jws = jws;
    this.keyId = keyId;
  }

  /**
   * A purpose of the consent (Kantara Consent Receipt: purpose, purposeCategory, primaryPurpose).
   *
   * @param purpose human-readable purpose text, not empty
   * @param purposeCategory the purpose category, for example {@code ServiceProvision}
   * @param primary whether this is the primary purpose; exactly one purpose is
   */
  public record Purpose(String purpose, String purposeCategory, boolean primary) {
    /**
     * Checks that no component is null; the other rules are checked when the credential is built.
     *
     * @param purpose see the record description
     * @param purposeCategory see the record description
     * @param primary see the record description
     */
    public Purpose {
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(purposeCategory, "purposeCategory");
    }
  }

  /**
   * A personal-data category covered by the consent.
   *
   * @param category lowercase dotted words, for example {@code health.checkup}
   * @param sensitive whether it is a special category of personal data
   * @param attributes attribute-level detail; empty when the whole category is meant
   */
  public record DataCategory(String category, boolean sensitive, List<String> attributes) {
    /**
     * Checks that no component is null and copies the attributes.
     *
     * @param category see the record description
     * @param sensitive see the record description
     * @param attributes see the record description
     */
    public DataCategory {
      Objects.requireNonNull(category, "category");
      attributes = List.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }
  }

  /**
   * How data is transmitted.
   *
   * @param mode {@link #ONE_TIME} or {@link #PERIODIC}
   * @param cycle the ISO 8601 duration between transmissions; present exactly when periodic
   * @param endDate the end of the transmission request, within the validity window
   */
  public record Transmission(String mode, Optional<String> cycle, Instant endDate) {
    /** The {@code mode} of a single transmission. */
    public static final String ONE_TIME = "one-time";

    /** The {@code mode} of repeated transmissions. */
    public static final String PERIODIC = "periodic";

    /**
     * Checks that no component is null; the other rules are checked when the credential is built.
     *
     * @param mode see the record description
     * @param cycle see the record description
     * @param endDate see the record description
     */
    public Transmission {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(cycle, "cycle");
      Objects.requireNonNull(endDate, "endDate");
    }

    /**
     * @param endDate the end of the transmission request
     * @return a one-time transmission
     */
    public static Transmission oneTime(Instant endDate) {
      return new Transmission(ONE_TIME, Optional.empty(), endDate);
    }

    /**
     * @param cycle ISO 8601 duration between transmissions, for example {@code P1M}
     * @param endDate the end of the transmission request
     * @return a periodic transmission
     */
    public static Transmission periodic(String cycle, Instant endDate) {
      return new Transmission(
          PERIODIC, Optional.of(Objects.requireNonNull(cycle, "cycle")), endDate);
    }

    /**
     * @return whether the mode is periodic
     */
    public boolean isPeriodic() {
      return PERIODIC.equals(mode);
    }
  }

  /**
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses an issued consent credential and checks every rule of section 2, with the default
   * maximum term of 365 days. The signature is not checked; use {@link Verifier#verifyCredential}.
   *
   * @param jws the vc+jwt compact JWS
   * @return the credential
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE (typ not vc+jwt or
   *     cty not vc), UNKNOWN_KEY (no kid), ISSUER_MISMATCH (kid is not a DID URL of the issuer),
   *     INVALID_CREDENTIAL (the message names the member), TERM_TOO_LONG, SUBJECT_ISSUER_MISMATCH
   */
  public static ConsentCredential parse(String jws) throws RejectedException {
    return parse(jws, DEFAULT_MAX_TERM);
  }

  /**
   * Parses an issued consent credential and checks every rule of section 2. The signature is not
   * checked; use {@link Verifier#verifyCredential}.
   *
   * @param jws the vc+jwt compact JWS
   * @param maxTerm the longest {@code validUntil - validFrom} accepted
   * @return the credential
   * @throws RejectedException as {@link #parse(String)}
   */
  public static ConsentCredential parse(String jws, Duration maxTerm) throws RejectedException {
    requirePositive(maxTerm);
    Jws.Parsed parsed = Jws.parse(jws);
    if (!parsed.headerText("typ").equals(Optional.of(VerifiableCredential.TYP))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE,
          REJECTED + "JWS typ must be \"" + VerifiableCredential.TYP + "\"");
    }
    if (!parsed.headerText("cty").equals(Optional.of("vc"))) {
      throw new RejectedException(RejectionReason.WRONG_TYPE, REJECTED + "JWS cty must be \"vc\"");
    }
    parsed.requireHeaderMembers("Consent credential", Jws.VC_HEADER);
    ObjectNode payload =
        parsed.payloadObject().orElseThrow(() -> invalid("payload", "not a JSON object"));
    Fields fields = read(payload, maxTerm);
    String kid =
        parsed
            .headerText("kid")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY, REJECTED + "the JWS header has no \"kid\""));
    if (!kid.startsWith(fields.subject + "#") || !Dids.didOf(kid).equals(fields.subject)) {
      throw new RejectedException(
          RejectionReason.ISSUER_MISMATCH,
          REJECTED
              + "kid "
              + Dids.abbreviate(kid)
              + " is not a key of the subject "
              + fields.subject);
    }
    return new ConsentCredential(Credential.fromJson(payload), fields, parsed.compact(), kid);
  }

  /**
   * Signs this credential as a vc+jwt with a key of the data subject.
   *
   * @param signer a key of the subject listed under its assertionMethod; its kid must be a DID URL
   *     of the subject
   * @return the issued credential
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException if the signer's kid is not a key of the subject
   */
  public ConsentCredential issue(Signer signer) throws WalletException {
    Objects.requireNonNull(signer, "signer");
    if (!signer.keyId().startsWith(fields.subject + "#")
        || !Dids.didOf(signer.keyId()).equals(fields.subject)) {
      throw new IllegalArgumentException(
          "signer: kid " + signer.keyId() + " is not a key of the subject " + fields.subject);
    }
    VerifiableCredential vc = VerifiableCredential.issue(credential, signer);
    return new ConsentCredential(credential, fields, vc.jws(), signer.keyId());
  }

  /**
   * @return the consent id: the credential {@code id}, {@code urn:uuid:...}
   */
  public String consentId() {
    return fields.consentId;
  }

  /**
   * @return the data subject's DID (= issuer = credentialSubject.id = dataSubject.id)
   */
  public String subject() {
    return fields.subject;
  }

  /**
   * @return the provider's DID
   */
  public String provider() {
    return fields.provider;
  }

  /**
   * @return the recipient's DID
   */
  public String recipient() {
    return fields.recipient;
  }

  /**
   * @return {@code validFrom}
   */
  public Instant validFrom() {
    return fields.validFrom;
  }

  /**
   * @return {@code validUntil}
   */
  public Instant validUntil() {
    return fields.validUntil;
  }

  /**
   * @return the purposes, in credential order
   */
  public List<Purpose> purposes() {
    return fields.purposes;
  }

  /**
   * @return the data categories with their sensitive flags, in credential order
   */
  public List<DataCategory> dataCategories() {
    return fields.dataCategories;
  }

  /**
   * @return the transmission mode, cycle and end date
   */
  public Transmission transmission() {
    return fields.transmission;
  }

  /**
   * @return the retention period at the recipient, an ISO 8601 duration
   */
  public String retentionPeriod() {
    return fields.retentionPeriod;
  }

  /**
   * @return the legal basis, for example {@code PIPA Art. 35-2}
   */
  public String legalBasis() {
    return fields.legalBasis;
  }

  /**
   * @return the credential as a generic VC 2.0 credential (all members, including names)
   */
  public Credential credential() {
    return credential;
  }

  /**
   * @return the credential JSON, compact with sorted members
   */
  public String toJson() {
    return credential.toJson();
  }

  /**
   * @return whether this credential is signed (from {@link #issue} or {@link #parse})
   */
  public boolean isIssued() {
    return jws != null;
  }

  /**
   * @return the vc+jwt compact JWS
   * @throws IllegalStateException if the credential is not issued
   */
  public String jws() {
    requireIssued();
    return jws;
  }

  /**
   * @return the {@code kid} that signed it: a DID URL of the subject
   * @throws IllegalStateException if the credential is not issued
   */
  public String keyId() {
    requireIssued();
    return keyId;
  }

  /**
   * The credential hash of section 2, which the anchor statement carries.
   *
   * @return lowercase hex SHA-256 of the compact JWS's ASCII bytes
   * @throws IllegalStateException if the credential is not issued
   */
  public String credentialHash() {
    return hashOf(jws());
  }

  /**
   * The credential hash of section 2 for any string, without parsing it: what an integrity check
   * recomputes over a stored credential that may have been changed.
   *
   * @param compactJws the stored compact JWS
   * @return lowercase hex SHA-256 of its ASCII bytes
   */
  public static String hashOf(String compactJws) {
    return Jws.sha256Hex(compactJws);
  }

  /**
   * @return the issued credential as a {@link VerifiableCredential}, for example to put it in a
   *     presentation
   * @throws IllegalStateException if the credential is not issued
   */
  public VerifiableCredential verifiableCredential() {
    try {
      return VerifiableCredential.parse(jws());
    } catch (RejectedException e) {
      throw new IllegalStateException("an issued consent credential did not parse as a vc+jwt", e);
    }
  }

  private void requireIssued() {
    if (jws == null) {
      throw new IllegalStateException(
          "the consent credential is not issued; call issue(Signer) first");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsentCredential
        && ((ConsentCredential) o).credential.equals(credential)
        && Objects.equals(((ConsentCredential) o).jws, jws);
  }

  @Override
  public int hashCode() {
    return Objects.hash(credential, jws);
  }

  @Override
  public String toString() {
    return "ConsentCredential["
        + fields.consentId
        + ", "
        + fields.subject
        + " -> "
        + fields.provider
        + " -> "
        + fields.recipient
        + (jws == null ? ", unsigned" : ", issued")
        + "]";
  }

  private static void requirePositive(Duration maxTerm) {
    Objects.requireNonNull(maxTerm, "maxTerm");
    if (maxTerm.isNegative() || maxTerm.isZero()) {
      throw new IllegalArgumentException("maxTerm: must be positive");
    }
  }

  /** The typed values of a credential that passed all rules. */
  private static final class Fields {
    String consentId;
    String subject;
    String provider;
    String recipient;
    Instant validFrom;
    Instant validUntil;
    List<Purpose> purposes;
    List<DataCategory> dataCategories;
    Transmission transmission;
    String retentionPeriod;
    String legalBasis;
  }

  private static RejectedException invalid(String member, String why) {
    return new RejectedException(
        RejectionReason.INVALID_CREDENTIAL, REJECTED + member + ": " + why);
  }

  /** Checks every rule of section 2, in document order. */
  private static Fields read(ObjectNode json, Duration maxTerm) throws RejectedException {
    Fields f = new Fields();
    JsonNode ctx = json.get("@context");
    if (ctx == null
        || !ctx.isArray()
        || ctx.size() < 2
        || !Credential.VC_CONTEXT.equals(ctx.get(0).asText(null))
        || !Json.stringOrArray(json, "@context").contains(CONSENT_CONTEXT)) {
      throw invalid(
          "@context",
          "must be an array starting with "
              + Credential.VC_CONTEXT
              + " and containing "
              + CONSENT_CONTEXT);
    }
    f.consentId = ConsentFormats.text(json, "id").orElse(null);
    if (!ConsentFormats.isConsentId(f.consentId)) {
      throw invalid("id", "must be urn:uuid: followed by a lowercase RFC 4122 UUID");
    }
    JsonNode type = json.get("type");
    List<String> types = Json.stringOrArray(json, "type");
    if (type == null
        || !type.isArray()
        || !types.contains("VerifiableCredential")
        || !types.contains(TYPE)) {
      throw invalid("type", "must be an array containing VerifiableCredential and " + TYPE);
    }
    f.subject =
        ConsentFormats.text(json, "issuer")
            .orElseThrow(() -> invalid("issuer", "must be a DID string"));
    if (!ConsentFormats.isSubjectDid(f.subject)) {
      throw invalid(
          "issuer", "must be a did:fabric or a did:key DID (Ed25519, P-256 or secp256k1)");
    }
    f.validFrom = time(json, "validFrom");
    f.validUntil = time(json, "validUntil");
    if (!f.validFrom.isBefore(f.validUntil)) {
      throw invalid("validUntil", "must be after validFrom");
    }
    if (Duration.between(f.validFrom, f.validUntil).compareTo(maxTerm) > 0) {
      throw new RejectedException(
          RejectionReason.TERM_TOO_LONG,
          REJECTED
              + "validUntil: the validity of "
              + Duration.between(f.validFrom, f.validUntil).toDays()
              + " days is longer than the maximum term of "
              + maxTerm.toDays()
              + " days");
    }
    JsonNode cs = object(json, "credentialSubject", "credentialSubject");
    String csId =
        ConsentFormats.text(cs, "id")
            .orElseThrow(() -> invalid("credentialSubject.id", "must be the subject's DID"));
    JsonNode ds = object(cs, "dataSubject", "credentialSubject.dataSubject");
    String dsId =
        ConsentFormats.text(ds, "id")
            .orElseThrow(
                () -> invalid("credentialSubject.dataSubject.id", "must be the subject's DID"));
    if (!csId.equals(f.subject) || !dsId.equals(f.subject)) {
      throw new RejectedException(
          RejectionReason.SUBJECT_ISSUER_MISMATCH,
          REJECTED
              + "issuer ("
              + Dids.abbreviate(f.subject)
              + "), credentialSubject.id ("
              + Dids.abbreviate(csId)
              + ") and credentialSubject.dataSubject.id ("
              + Dids.abbreviate(dsId)
              + ") must be the same DID");
    }
    optionalText(ds, "name", "credentialSubject.dataSubject.name");
    optionalText(ds, "contact", "credentialSubject.dataSubject.contact");
    f.provider = party(cs, "provider");
    f.recipient = party(cs, "recipient");
    if (f.provider.equals(f.subject)) {
      throw invalid("credentialSubject.provider.id", "must differ from the subject");
    }
    if (f.recipient.equals(f.subject) || f.recipient.equals(f.provider)) {
      throw invalid(
          "credentialSubject.recipient.id", "must differ from the subject and the provider");
    }
    f.purposes = purposes(cs);
    f.dataCategories = categories(cs);
    f.transmission = transmission(cs, f.validFrom, f.validUntil);
    f.retentionPeriod = ConsentFormats.text(cs, "retentionPeriod").orElse(null);
    if (!ConsentFormats.isDuration(f.retentionPeriod)) {
      throw invalid(
          "credentialSubject.retentionPeriod",
          "must be a non-zero ISO 8601 duration, for example P1Y");
    }
    if (!ConsentFormats.text(cs, "jurisdiction").equals(Optional.of("KR"))) {
      throw invalid("credentialSubject.jurisdiction", "must be \"KR\"");
    }
    f.legalBasis = nonEmpty(cs, "legalBasis", "credentialSubject.legalBasis");
    JsonNode withdrawal = object(cs, "withdrawal", "credentialSubject.withdrawal");
    nonEmpty(withdrawal, "method", "credentialSubject.withdrawal.method");
    optionalText(withdrawal, "endpoint", "credentialSubject.withdrawal.endpoint");
    JsonNode status = object(json, "credentialStatus", "credentialStatus");
    nonEmpty(status, "id", "credentialStatus.id");
    if (!ConsentFormats.text(status, "type").equals(Optional.of(STATUS_TYPE))) {
      throw invalid("credentialStatus.type", "must be \"" + STATUS_TYPE + "\"");
    }
    if (!ConsentFormats.text(status, "consentId").equals(Optional.of(f.consentId))) {
      throw invalid("credentialStatus.consentId", "must equal the credential id " + f.consentId);
    }
    return f;
  }

  private static Instant time(JsonNode json, String member) throws RejectedException {
    return time(json, member, member);
  }

  private static Instant time(JsonNode json, String field, String member) throws RejectedException {
    return ConsentFormats.time(ConsentFormats.text(json, field).orElse(null))
        .orElseThrow(
            () ->
                invalid(
                    member, "must be an ISO 8601 UTC time to the second, yyyy-MM-ddTHH:mm:ssZ"));
  }

  private static JsonNode object(JsonNode parent, String field, String member)
      throws RejectedException {
    JsonNode v = parent.get(field);
    if (v == null || !v.isObject()) {
      throw invalid(member, "must be an object");
    }
    return v;
  }

  private static String nonEmpty(JsonNode parent, String field, String member)
      throws RejectedException {
    String v = ConsentFormats.text(parent, field).orElse("");
    if (v.isBlank()) {
      throw invalid(member, "must be a non-empty string");
    }
    return v;
  }

  private static void optionalText(JsonNode parent, String field, String member)
      throws RejectedException {
    if (parent.has(field) && !parent.get(field).isTextual()) {
      throw invalid(member, "must be a string when present");
    }
  }

  private static String party(JsonNode cs, String field) throws RejectedException {
    String member = "credentialSubject." + field;
    JsonNode party = object(cs, field, member);
    String id = ConsentFormats.text(party, "id").orElse(null);
    if (!ConsentFormats.isDid(id)) {
      throw invalid(member + ".id", "must be a DID");
    }
    optionalText(party, "name", member + ".name");
    optionalText(party, "role", member + ".role");
    return id;
  }

  private static List<Purpose> purposes(JsonNode cs) throws RejectedException {
    JsonNode arr = cs.get("purposes");
    if (arr == null || !arr.isArray() || arr.isEmpty()) {
      throw invalid("credentialSubject.purposes", "must be a non-empty array");
    }
    List<Purpose> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      String member = "credentialSubject.purposes[" + i + "]";
      JsonNode p = arr.get(i);
      if (!p.isObject()) {
        throw invalid(member, "must be an object");
      }
      String purpose = nonEmpty(p, "purpose", member + ".purpose");
      String category = nonEmpty(p, "purposeCategory", member + ".purposeCategory");
      if (!p.path("primary").isBoolean()) {
        throw invalid(member + ".primary", "must be a boolean");
      }
      out.add(new Purpose(purpose, category, p.get("primary").booleanValue()));
    }
    if (out.stream().filter(Purpose::primary).count() != 1) {
      throw invalid("credentialSubject.purposes", "exactly one purpose must be primary");
    }
    return List.copyOf(out);
  }

  private static List<DataCategory> categories(JsonNode cs) throws RejectedException {
    JsonNode arr = cs.get("dataCategories");
    if (arr == null || !arr.isArray() || arr.isEmpty()) {
      throw invalid("credentialSubject.dataCategories", "must be a non-empty array");
    }
    List<DataCategory> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      String member = "credentialSubject.dataCategories[" + i + "]";
      JsonNode c = arr.get(i);
      if (!c.isObject()) {
        throw invalid(member, "must be an object");
      }
      String category = ConsentFormats.text(c, "category").orElse("");
      if (category.length() > 128 || !CATEGORY.matcher(category).matches()) {
        throw invalid(
            member + ".category", "must be lowercase dotted words, for example health.checkup");
      }
      if (!seen.add(category)) {
        throw invalid(member + ".category", "\"" + category + "\" is listed twice");
      }
      if (!c.path("sensitive").isBoolean()) {
        throw invalid(member + ".sensitive", "must be a boolean");
      }
      List<String> attributes = new ArrayList<>();
      JsonNode attrs = c.get("attributes");
      if (attrs != null) {
        if (!attrs.isArray()) {
          throw invalid(member + ".attributes", "must be an array of non-empty strings");
        }
        for (JsonNode a : attrs) {
          if (!a.isTextual() || a.asText().isBlank()) {
            throw invalid(member + ".attributes", "must be an array of non-empty strings");
          }
          attributes.add(a.asText());
        }
      }
      out.add(new DataCategory(category, c.get("sensitive").booleanValue(), attributes));
    }
    return List.copyOf(out);
  }

  private static Transmission transmission(JsonNode cs, Instant from, Instant until)
      throws RejectedException {
    JsonNode t = object(cs, "transmission", "credentialSubject.transmission");
    String mode = ConsentFormats.text(t, "mode").orElse("");
    if (!mode.equals(Transmission.ONE_TIME) && !mode.equals(Transmission.PERIODIC)) {
      throw invalid("credentialSubject.transmission.mode", "must be \"one-time\" or \"periodic\"");
    }
    Optional<String> cycle = Optional.empty();
    if (mode.equals(Transmission.PERIODIC)) {
      cycle = ConsentFormats.text(t, "cycle");
      if (cycle.isEmpty() || !ConsentFormats.isDuration(cycle.get())) {
        throw invalid(
            "credentialSubject.transmission.cycle",
            "a periodic transmission needs a non-zero ISO 8601 duration, for example P1M");
      }
    } else if (t.has("cycle")) {
      throw invalid(
          "credentialSubject.transmission.cycle", "must be absent for a one-time transmission");
    }
    Instant end = time(t, "endDate", "credentialSubject.transmission.endDate");
    if (end.isBefore(from) || end.isAfter(until)) {
      throw invalid(
          "credentialSubject.transmission.endDate", "must lie within validFrom and validUntil");
    }
    return new Transmission(mode, cycle, end);
  }

  /**
   * Builds a consent credential. {@link #build()} checks every rule of section 2 and throws {@link
   * IllegalArgumentException} whose message starts with the offending member (for example {@code
   * credentialSubject.purposes: exactly one purpose must be primary}); its cause is the {@link
   * RejectedException} with the protocol code (INVALID_CREDENTIAL, TERM_TOO_LONG or
   * SUBJECT_ISSUER_MISMATCH). Times are written in UTC, truncated to the second.
   */
  public static final class Builder {
    private String id;
    private String subject;
    private String subjectName;
    private String subjectContact;
    private String provider;
    private String providerName;
    private String recipient;
    private String recipientName;
    private Instant validFrom;
    private Instant validUntil;
    private final List<Purpose> purposes = new ArrayList<>();
    private final List<DataCategory> categories = new ArrayList<>();
    private Transmission transmission;
    private String retentionPeriod;
    private String jurisdiction = "KR";
    private String legalBasis;
    private String withdrawalMethod;
    private String withdrawalEndpoint;
    private String statusBaseUrl;
    private Duration maxTerm = DEFAULT_MAX_TERM;

    private Builder() {}

    /**
     * @param consentId {@code urn:uuid:} + a lowercase UUID; if never set, a random (version 4) one
     *     is generated
     * @return this builder
     */
    public Builder id(String consentId) {
      this.id = Objects.requireNonNull(consentId, "id");
      return this;
    }

    /**
     * @param did the data subject's DID (did:fabric or did:key); also the issuer
     * @param name display name, or null to leave it out
     * @param contact contact URI such as {@code mailto:...}, or null to leave it out
     * @return this builder
     */
    public Builder subject(String did, String name, String contact) {
      this.subject = Objects.requireNonNull(did, "subject");
      this.subjectName = name;
      this.subjectContact = contact;
      return this;
    }

    /**
     * @param did the provider's DID (the data holder that sends); written with role DataProvider
     * @param name display name, or null to leave it out
     * @return this builder
     */
    public Builder provider(String did, String name) {
      this.provider = Objects.requireNonNull(did, "provider");
      this.providerName = name;
      return this;
    }

    /**
     * @param did the recipient's DID (the third party that receives); written with role
     *     DataRecipient
     * @param name display name, or null to leave it out
     * @return this builder
     */
    public Builder recipient(String did, String name) {
      this.recipient = Objects.requireNonNull(did, "recipient");
      this.recipientName = name;
      return this;
    }

    /**
     * @param validFrom start of the consent
     * @return this builder
     */
    public Builder validFrom(Instant validFrom) {
      this.validFrom = Objects.requireNonNull(validFrom, "validFrom");
      return this;
    }

    /**
     * @param validUntil end of the consent; at most the maximum term after validFrom
     * @return this builder
     */
    public Builder validUntil(Instant validUntil) {
      this.validUntil = Objects.requireNonNull(validUntil, "validUntil");
      return this;
    }

    /**
     * Adds a purpose.
     *
     * @param purpose human-readable text
     * @param purposeCategory for example {@code ServiceProvision}
     * @param primary whether it is the primary purpose; exactly one must be
     * @return this builder
     */
    public Builder purpose(String purpose, String purposeCategory, boolean primary) {
      purposes.add(new Purpose(purpose, purposeCategory, primary));
      return this;
    }

    /**
     * Adds a data category.
     *
     * @param category lowercase dotted words, for example {@code health.prescription}
     * @param sensitive whether it is a special category
     * @param attributes optional attribute-level detail
     * @return this builder
     */
    public Builder dataCategory(String category, boolean sensitive, String... attributes) {
      categories.add(new DataCategory(category, sensitive, List.of(attributes)));
      return this;
    }

    /**
     * @param transmission {@link Transmission#oneTime} or {@link Transmission#periodic}
     * @return this builder
     */
    public Builder transmission(Transmission transmission) {
      this.transmission = Objects.requireNonNull(transmission, "transmission");
      return this;
    }

    /**
     * @param retentionPeriod ISO 8601 duration the recipient may keep the data, for example {@code
     *     P1Y}
     * @return this builder
     */
    public Builder retentionPeriod(String retentionPeriod) {
      this.retentionPeriod = Objects.requireNonNull(retentionPeriod, "retentionPeriod");
      return this;
    }

    /**
     * @param jurisdiction the jurisdiction; default and only accepted value {@code KR}
     * @return this builder
     */
    public Builder jurisdiction(String jurisdiction) {
      this.jurisdiction = Objects.requireNonNull(jurisdiction, "jurisdiction");
      return this;
    }

    /**
     * @param legalBasis for example {@code PIPA Art. 35-2} or {@code Credit Information Act Art.
     *     33-2}
     * @return this builder
     */
    public Builder legalBasis(String legalBasis) {
      this.legalBasis = Objects.requireNonNull(legalBasis, "legalBasis");
      return this;
    }

    /**
     * @param method how to withdraw, for example {@code wallet}
     * @param endpoint where to withdraw, or null: then, with a status base URL, {@code
     *     <base>/<id>/revocation}
     * @return this builder
     */
    public Builder withdrawal(String method, String endpoint) {
      this.withdrawalMethod = Objects.requireNonNull(method, "withdrawal.method");
      this.withdrawalEndpoint = endpoint;
      return this;
    }

    /**
     * @param baseUrl the consent service's consents URL, for example {@code
     *     https://consent.example.kr/consents}; {@code credentialStatus.id} becomes {@code
     *     <base>/<id>/status}. Required.
     * @return this builder
     */
    public Builder statusBaseUrl(String baseUrl) {
      this.statusBaseUrl = Objects.requireNonNull(baseUrl, "statusBaseUrl");
      return this;
    }

    /**
     * @param maxTerm the longest {@code validUntil - validFrom} allowed; default 365 days
     * @return this builder
     */
    public Builder maxTerm(Duration maxTerm) {
      requirePositive(maxTerm);
      this.maxTerm = maxTerm;
      return this;
    }

    /**
     * @return the unsigned credential
     * @throws IllegalArgumentException naming the missing or malformed member; the cause is a
     *     {@link RejectedException} with the protocol code
     */
    public ConsentCredential build() {
      String consentId = id != null ? id : "urn:uuid:" + UUID.randomUUID();
      String base = statusBase();
      ObjectNode json = Json.object();
      json.putArray("@context").add(Credential.VC_CONTEXT).add(CONSENT_CONTEXT);
      json.put("id", consentId);
      json.putArray("type").add("VerifiableCredential").add(TYPE);
      putIfSet(json, "issuer", subject);
      if (validFrom != null) {
        json.put("validFrom", ConsentFormats.format(validFrom));
      }
      if (validUntil != null) {
        json.put("validUntil", ConsentFormats.format(validUntil));
      }
      ObjectNode cs = json.putObject("credentialSubject");
      putIfSet(cs, "id", subject);
      ObjectNode ds = cs.putObject("dataSubject");
      putIfSet(ds, "id", subject);
      putIfSet(ds, "name", subjectName);
      putIfSet(ds, "contact", subjectContact);
      party(cs.putObject("provider"), provider, providerName, "DataProvider");
      party(cs.putObject("recipient"), recipient, recipientName, "DataRecipient");
      ArrayNode ps = cs.putArray("purposes");
      for (Purpose p : purposes) {
        ps.addObject()
            .put("purpose", p.purpose())
            .put("purposeCategory", p.purposeCategory())
            .put("primary", p.primary());
      }
      ArrayNode cats = cs.putArray("dataCategories");
      for (DataCategory c : categories) {
        ObjectNode o =
            cats.addObject().put("category", c.category()).put("sensitive", c.sensitive());
        if (!c.attributes().isEmpty()) {
          ArrayNode a = o.putArray("attributes");
          c.attributes().forEach(a::add);
        }
      }
      if (transmission != null) {
        ObjectNode t = cs.putObject("transmission");
        t.put("mode", transmission.mode());
        transmission.cycle().ifPresent(c -> t.put("cycle", c));
        t.put("endDate", ConsentFormats.format(transmission.endDate()));
      }
      putIfSet(cs, "retentionPeriod", retentionPeriod);
      putIfSet(cs, "jurisdiction", jurisdiction);
      putIfSet(cs, "legalBasis", legalBasis);
      if (withdrawalMethod != null) {
        ObjectNode w = cs.putObject("withdrawal");
        w.put("method", withdrawalMethod);
        putIfSet(
            w,
            "endpoint",
            withdrawalEndpoint != null
                ? withdrawalEndpoint
                : base != null ? base + "/" + consentId + "/revocation" : null);
      }
      if (base != null) {
        ObjectNode status = json.putObject("credentialStatus");
        status.put("id", base + "/" + consentId + "/status");
        status.put("type", STATUS_TYPE);
        status.put("consentId", consentId);
      }
      try {
        Fields fields = read(json, maxTerm);
        return new ConsentCredential(Credential.fromJson(json), fields, null, null);
      } catch (RejectedException e) {
        throw new IllegalArgumentException(e.getMessage().substring(REJECTED.length()), e);
      }
    }

    private String statusBase() {
      if (statusBaseUrl == null) {
        return null;
      }
      String base =
          statusBaseUrl.endsWith("/")
              ? statusBaseUrl.substring(0, statusBaseUrl.length() - 1)
              : statusBaseUrl;
      try {
        URI uri = new URI(base);
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
            || uri.getHost() == null
            || uri.getRawQuery() != null
            || uri.getRawFragment() != null) {
          throw new IllegalArgumentException(
              "statusBaseUrl: must be an http(s) URL without query or fragment");
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("statusBaseUrl: not a URL: " + e.getMessage(), e);
      }
      return base;
    }

    private static void party(ObjectNode o, String did, String name, String role) {
      putIfSet(o, "id", did);
      putIfSet(o, "name", name);
      o.put("role", role);
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
      if (value != null) {
        o.put(field, value);
      }
    }
  }
}
