/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;

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

  private final Credential credential;
  private final ConsentCredentialRules.Terms terms;
  private final VerifiableCredential verifiable;

  ConsentCredential(
      Credential credential, ConsentCredentialRules.Terms terms, VerifiableCredential verifiable) {
    this.credential = credential;
    this.terms = terms;
    this.verifiable = verifiable;
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
     * Returns a one-time transmission.
     *
     * @param endDate the end of the transmission request
     * @return a one-time transmission
     */
    public static Transmission oneTime(Instant endDate) {
      return new Transmission(ONE_TIME, Optional.empty(), endDate);
    }

    /**
     * Returns a periodic transmission.
     *
     * @param cycle ISO 8601 duration between transmissions, for example {@code P1M}
     * @param endDate the end of the transmission request
     * @return a periodic transmission
     */
    public static Transmission periodic(String cycle, Instant endDate) {
      return new Transmission(
          PERIODIC, Optional.of(Objects.requireNonNull(cycle, "cycle")), endDate);
    }

    /**
     * Returns whether the mode is periodic.
     *
     * @return whether the mode is periodic
     */
    public boolean isPeriodic() {
      return PERIODIC.equals(mode);
    }
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static ConsentCredentialBuilder builder() {
    return new ConsentCredentialBuilder();
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
    return parse(Jws.parse(jws), maxTerm);
  }

  /**
   * Reads a credential already parsed (for example one enveloped in a presentation) as a consent
   * credential, without parsing its JWS again, and checks every rule of section 2. The signature is
   * not checked; use {@link Verifier#verifyCredential(VerifiableCredential)}.
   *
   * @param vc the credential
   * @param maxTerm the longest {@code validUntil - validFrom} accepted
   * @return the consent credential
   * @throws RejectedException as {@link #parse(String)}
   */
  public static ConsentCredential parse(VerifiableCredential vc, Duration maxTerm)
      throws RejectedException {
    Objects.requireNonNull(vc, "vc");
    requirePositive(maxTerm);
    return parse(vc.jwsParsed(), maxTerm);
  }

  private static ConsentCredential parse(Jws.Parsed parsed, Duration maxTerm)
      throws RejectedException {
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
        parsed
            .payloadObject()
            .orElseThrow(
                () ->
                    rejected(
                        ConsentCredentialRules.Violation.invalid("payload", "not a JSON object")));
    ConsentCredentialRules.Outcome outcome = ConsentCredentialRules.check(payload, maxTerm);
    if (outcome instanceof ConsentCredentialRules.Violation v) {
      throw rejected(v);
    }
    ConsentCredentialRules.Terms terms = (ConsentCredentialRules.Terms) outcome;
    String kid =
        parsed
            .headerText("kid")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY, REJECTED + "the JWS header has no \"kid\""));
    if (!kid.startsWith(terms.subject() + "#") || !Dids.didOf(kid).equals(terms.subject())) {
      throw new RejectedException(
          RejectionReason.ISSUER_MISMATCH,
          REJECTED
              + "kid "
              + Dids.abbreviate(kid)
              + " is not a key of the subject "
              + terms.subject());
    }
    Credential credential = Credential.fromJson(payload);
    return new ConsentCredential(
        credential, terms, VerifiableCredential.parsed(parsed, credential, kid));
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
    if (!signer.keyId().startsWith(terms.subject() + "#")
        || !Dids.didOf(signer.keyId()).equals(terms.subject())) {
      throw new IllegalArgumentException(
          "signer: kid " + signer.keyId() + " is not a key of the subject " + terms.subject());
    }
    VerifiableCredential vc = VerifiableCredential.issue(credential, signer);
    return new ConsentCredential(credential, terms, vc);
  }

  /**
   * Returns the consent id: the credential {@code id}, {@code urn:uuid:...}.
   *
   * @return the consent id: the credential {@code id}, {@code urn:uuid:...}
   */
  public String consentId() {
    return terms.consentId();
  }

  /**
   * Returns the data subject's DID (= issuer = credentialSubject.id = dataSubject.id).
   *
   * @return the data subject's DID (= issuer = credentialSubject.id = dataSubject.id)
   */
  public String subject() {
    return terms.subject();
  }

  /**
   * Returns the provider's DID.
   *
   * @return the provider's DID
   */
  public String provider() {
    return terms.provider();
  }

  /**
   * Returns the recipient's DID.
   *
   * @return the recipient's DID
   */
  public String recipient() {
    return terms.recipient();
  }

  /**
   * Returns {@code validFrom}.
   *
   * @return {@code validFrom}
   */
  public Instant validFrom() {
    return terms.validFrom();
  }

  /**
   * Returns {@code validUntil}.
   *
   * @return {@code validUntil}
   */
  public Instant validUntil() {
    return terms.validUntil();
  }

  /**
   * Returns the purposes, in credential order.
   *
   * @return the purposes, in credential order
   */
  public List<Purpose> purposes() {
    return terms.purposes();
  }

  /**
   * Returns the data categories with their sensitive flags, in credential order.
   *
   * @return the data categories with their sensitive flags, in credential order
   */
  public List<DataCategory> dataCategories() {
    return terms.dataCategories();
  }

  /**
   * Returns the transmission mode, cycle and end date.
   *
   * @return the transmission mode, cycle and end date
   */
  public Transmission transmission() {
    return terms.transmission();
  }

  /**
   * Returns the retention period at the recipient, an ISO 8601 duration.
   *
   * @return the retention period at the recipient, an ISO 8601 duration
   */
  public String retentionPeriod() {
    return terms.retentionPeriod();
  }

  /**
   * Returns the legal basis, for example {@code PIPA Art. 35-2}.
   *
   * @return the legal basis, for example {@code PIPA Art. 35-2}
   */
  public String legalBasis() {
    return terms.legalBasis();
  }

  /**
   * Returns the credential as a generic VC 2.0 credential (all members, including names).
   *
   * @return the credential as a generic VC 2.0 credential (all members, including names)
   */
  public Credential credential() {
    return credential;
  }

  /**
   * Returns the credential's {@code BitstringStatusListEntry} (purpose {@code revocation}), if it
   * has one: a consent credential made with a status list reservation.
   *
   * @return the entry, already checked by the rules of section 2
   */
  public Optional<StatusListEntry> statusListEntry() {
    try {
      return StatusListEntry.of(credential, StatusListEntry.REVOCATION);
    } catch (RejectedException e) {
      throw new IllegalStateException(e); // not reached: the rules checked the entry
    }
  }

  /**
   * Returns the credential JSON, compact with sorted members.
   *
   * @return the credential JSON, compact with sorted members
   */
  public String toJson() {
    return credential.toJson();
  }

  /**
   * Returns whether this credential is signed (from {@link #issue} or {@link #parse}).
   *
   * @return whether this credential is signed (from {@link #issue} or {@link #parse})
   */
  public boolean isIssued() {
    return verifiable != null;
  }

  /**
   * Returns the vc+jwt compact JWS.
   *
   * @return the vc+jwt compact JWS
   * @throws IllegalStateException if the credential is not issued
   */
  public String jws() {
    return verifiableCredential().jws();
  }

  /**
   * Returns the {@code kid} that signed it: a DID URL of the subject.
   *
   * @return the {@code kid} that signed it: a DID URL of the subject
   * @throws IllegalStateException if the credential is not issued
   */
  public String keyId() {
    return verifiableCredential().keyId();
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
   * Returns the issued credential as a {@link VerifiableCredential}, for example to put it in a
   * presentation.
   *
   * @return the issued credential as a {@link VerifiableCredential}, for example to put it in a
   *     presentation
   * @throws IllegalStateException if the credential is not issued
   */
  public VerifiableCredential verifiableCredential() {
    if (verifiable == null) {
      throw new IllegalStateException(
          "the consent credential is not issued; call issue(Signer) first");
    }
    return verifiable;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsentCredential other
        && other.credential.equals(credential)
        && Objects.equals(other.verifiable, verifiable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(credential, verifiable);
  }

  @Override
  public String toString() {
    return "ConsentCredential["
        + terms.consentId()
        + ", "
        + terms.subject()
        + " -> "
        + terms.provider()
        + " -> "
        + terms.recipient()
        + (verifiable == null ? ", unsigned" : ", issued")
        + "]";
  }

  static void requirePositive(Duration maxTerm) {
    Objects.requireNonNull(maxTerm, "maxTerm");
    if (maxTerm.isNegative() || maxTerm.isZero()) {
      throw new IllegalArgumentException("maxTerm: must be positive");
    }
  }

  /**
   * Returns the rejection a parser reports for it.
   *
   * @param violation what the rules found
   * @return the rejection a parser reports for it
   */
  static RejectedException rejected(ConsentCredentialRules.Violation violation) {
    return new RejectedException(violation.reason(), REJECTED + violation.detail());
  }
}
