/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.credential.ConsentCredential.DataCategory;
import kr.consentledger.wallet.credential.ConsentCredential.Purpose;
import kr.consentledger.wallet.credential.ConsentCredential.Transmission;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.protocol.ConsentFormats;

/**
 * The rules of CONSENT-PROTOCOL.md section 2 over a consent credential's JSON, checked in document
 * order. {@link #check} returns what it found: the typed {@link Terms} of a credential that passes
 * every rule, or the first {@link Violation}, which carries the protocol code, the member and what
 * is wrong as data. {@link ConsentCredential#parse} turns a violation into a {@link
 * RejectedException}, {@link ConsentCredentialBuilder#build()} into an {@link
 * IllegalArgumentException}.
 */
final class ConsentCredentialRules {
  // Possessive, so that a long category cannot overflow the stack (see ReceiptStatements).
  private static final Pattern CATEGORY =
      Pattern.compile("[a-z][a-z0-9]*+(?:\\.[a-z][a-z0-9]*+)*+");

  private ConsentCredentialRules() {}

  /** What {@link #check} found: the {@link Terms} or a {@link Violation}. */
  sealed interface Outcome permits Terms, Violation {}

  /**
   * The typed values of a credential that passed every rule.
   *
   * @param consentId the credential id
   * @param subject the data subject's DID, also the issuer
   * @param provider the provider's DID
   * @param recipient the recipient's DID
   * @param validFrom start of the consent
   * @param validUntil end of the consent
   * @param purposes the purposes, in credential order
   * @param dataCategories the data categories, in credential order
   * @param transmission the transmission
   * @param retentionPeriod the retention period, an ISO 8601 duration
   * @param legalBasis the legal basis
   */
  record Terms(
      String consentId,
      String subject,
      String provider,
      String recipient,
      Instant validFrom,
      Instant validUntil,
      List<Purpose> purposes,
      List<DataCategory> dataCategories,
      Transmission transmission,
      String retentionPeriod,
      String legalBasis)
      implements Outcome {}

  /**
   * The first rule a credential breaks.
   *
   * @param reason the protocol code: INVALID_CREDENTIAL, TERM_TOO_LONG or SUBJECT_ISSUER_MISMATCH
   * @param member the offending member, for example {@code credentialSubject.purposes}
   * @param detail what is wrong, a sentence that starts with the member
   */
  record Violation(RejectionReason reason, String member, String detail) implements Outcome {
    static Violation invalid(String member, String why) {
      return new Violation(RejectionReason.INVALID_CREDENTIAL, member, member + ": " + why);
    }
  }

  /**
   * Checks every rule of section 2.
   *
   * @param json the credential JSON
   * @param maxTerm the longest {@code validUntil - validFrom} accepted
   * @return the terms, or the first violation
   */
  static Outcome check(ObjectNode json, Duration maxTerm) {
    try {
      return terms(json, maxTerm);
    } catch (Broken e) {
      return e.violation;
    }
  }

  /** Carries the first violation out of the nested checks to {@link #check}; no stack trace. */
  private static final class Broken extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Violation violation;

    Broken(Violation violation) {
      super(violation.detail(), null, false, false);
      this.violation = violation;
    }
  }

  private static Broken invalid(String member, String why) {
    return new Broken(Violation.invalid(member, why));
  }

  /** Checks every rule of section 2, in document order. */
  private static Terms terms(ObjectNode json, Duration maxTerm) throws Broken {
    JsonNode ctx = json.get("@context");
    if (ctx == null
        || !ctx.isArray()
        || ctx.size() < 2
        || !Credential.VC_CONTEXT.equals(ctx.get(0).asText(null))
        || !Json.stringOrArray(json, "@context").contains(ConsentCredential.CONSENT_CONTEXT)) {
      throw invalid(
          "@context",
          "must be an array starting with "
              + Credential.VC_CONTEXT
              + " and containing "
              + ConsentCredential.CONSENT_CONTEXT);
    }
    String consentId = ConsentFormats.text(json, "id").orElse(null);
    if (!ConsentFormats.isConsentId(consentId)) {
      throw invalid("id", "must be urn:uuid: followed by a lowercase RFC 4122 UUID");
    }
    JsonNode type = json.get("type");
    List<String> types = Json.stringOrArray(json, "type");
    if (type == null
        || !type.isArray()
        || !types.contains("VerifiableCredential")
        || !types.contains(ConsentCredential.TYPE)) {
      throw invalid(
          "type", "must be an array containing VerifiableCredential and " + ConsentCredential.TYPE);
    }
    String subject =
        ConsentFormats.text(json, "issuer")
            .orElseThrow(() -> invalid("issuer", "must be a DID string"));
    if (!ConsentFormats.isSubjectDid(subject)) {
      throw invalid(
          "issuer", "must be a did:fabric or a did:key DID (Ed25519, P-256 or secp256k1)");
    }
    Instant validFrom = time(json, "validFrom");
    Instant validUntil = time(json, "validUntil");
    if (!validFrom.isBefore(validUntil)) {
      throw invalid("validUntil", "must be after validFrom");
    }
    if (Duration.between(validFrom, validUntil).compareTo(maxTerm) > 0) {
      throw new Broken(
          new Violation(
              RejectionReason.TERM_TOO_LONG,
              "validUntil",
              "validUntil: the validity of "
                  + Duration.between(validFrom, validUntil).toDays()
                  + " days is longer than the maximum term of "
                  + maxTerm.toDays()
                  + " days"));
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
    if (!csId.equals(subject) || !dsId.equals(subject)) {
      throw new Broken(
          new Violation(
              RejectionReason.SUBJECT_ISSUER_MISMATCH,
              "issuer",
              "issuer ("
                  + Dids.abbreviate(subject)
                  + "), credentialSubject.id ("
                  + Dids.abbreviate(csId)
                  + ") and credentialSubject.dataSubject.id ("
                  + Dids.abbreviate(dsId)
                  + ") must be the same DID"));
    }
    optionalText(ds, "name", "credentialSubject.dataSubject.name");
    optionalText(ds, "contact", "credentialSubject.dataSubject.contact");
    String provider = party(cs, "provider");
    String recipient = party(cs, "recipient");
    if (provider.equals(subject)) {
      throw invalid("credentialSubject.provider.id", "must differ from the subject");
    }
    if (recipient.equals(subject) || recipient.equals(provider)) {
      throw invalid(
          "credentialSubject.recipient.id", "must differ from the subject and the provider");
    }
    List<Purpose> purposes = purposes(cs);
    List<DataCategory> dataCategories = categories(cs);
    Transmission transmission = transmission(cs, validFrom, validUntil);
    String retentionPeriod = ConsentFormats.text(cs, "retentionPeriod").orElse(null);
    if (!ConsentFormats.isDuration(retentionPeriod)) {
      throw invalid(
          "credentialSubject.retentionPeriod",
          "must be a non-zero ISO 8601 duration, for example P1Y");
    }
    if (!ConsentFormats.text(cs, "jurisdiction").equals(Optional.of("KR"))) {
      throw invalid("credentialSubject.jurisdiction", "must be \"KR\"");
    }
    String legalBasis = nonEmpty(cs, "legalBasis", "credentialSubject.legalBasis");
    JsonNode withdrawal = object(cs, "withdrawal", "credentialSubject.withdrawal");
    nonEmpty(withdrawal, "method", "credentialSubject.withdrawal.method");
    optionalText(withdrawal, "endpoint", "credentialSubject.withdrawal.endpoint");
    JsonNode status = consentStatus(json);
    nonEmpty(status, "id", "credentialStatus.id");
    if (!ConsentFormats.text(status, "type").equals(Optional.of(ConsentCredential.STATUS_TYPE))) {
      throw invalid("credentialStatus.type", "must be \"" + ConsentCredential.STATUS_TYPE + "\"");
    }
    if (!ConsentFormats.text(status, "consentId").equals(Optional.of(consentId))) {
      throw invalid("credentialStatus.consentId", "must equal the credential id " + consentId);
    }
    return new Terms(
        consentId,
        subject,
        provider,
        recipient,
        validFrom,
        validUntil,
        purposes,
        dataCategories,
        transmission,
        retentionPeriod,
        legalBasis);
  }

  /**
   * The consent status entry: {@code credentialStatus} itself (one object), or, when it is an
   * array, its one {@code FabricConsentStatus2026} entry beside at most one {@code
   * BitstringStatusListEntry} of purpose {@code revocation}.
   */
  private static JsonNode consentStatus(JsonNode json) throws Broken {
    JsonNode status = json.get("credentialStatus");
    if (status == null || !status.isArray()) {
      return object(json, "credentialStatus", "credentialStatus");
    }
    JsonNode consent = null;
    JsonNode list = null;
    for (JsonNode e : status) {
      String type = e.isObject() ? ConsentFormats.text(e, "type").orElse("") : "";
      if (type.equals(ConsentCredential.STATUS_TYPE) && consent == null) {
        consent = e;
      } else if (type.equals(StatusListEntry.TYPE) && list == null) {
        list = e;
      } else {
        throw invalid(
            "credentialStatus",
            "an array holds one "
                + ConsentCredential.STATUS_TYPE
                + " entry and at most one "
                + StatusListEntry.TYPE);
      }
    }
    if (consent == null) {
      throw invalid("credentialStatus", "must hold a " + ConsentCredential.STATUS_TYPE + " entry");
    }
    if (list != null) {
      try {
        StatusListEntry entry = StatusListEntry.fromJson(list);
        if (!entry.statusPurpose().equals(StatusListEntry.REVOCATION)) {
          throw invalid("credentialStatus.statusPurpose", "must be \"revocation\"");
        }
      } catch (RejectedException e) {
        throw invalid("credentialStatus", e.getMessage());
      }
    }
    return consent;
  }

  private static Instant time(JsonNode json, String member) throws Broken {
    return time(json, member, member);
  }

  private static Instant time(JsonNode json, String field, String member) throws Broken {
    return ConsentFormats.time(ConsentFormats.text(json, field).orElse(null))
        .orElseThrow(
            () ->
                invalid(
                    member, "must be an ISO 8601 UTC time to the second, yyyy-MM-ddTHH:mm:ssZ"));
  }

  private static JsonNode object(JsonNode parent, String field, String member) throws Broken {
    JsonNode v = parent.get(field);
    if (v == null || !v.isObject()) {
      throw invalid(member, "must be an object");
    }
    return v;
  }

  private static String nonEmpty(JsonNode parent, String field, String member) throws Broken {
    String v = ConsentFormats.text(parent, field).orElse("");
    if (v.isBlank()) {
      throw invalid(member, "must be a non-empty string");
    }
    return v;
  }

  private static void optionalText(JsonNode parent, String field, String member) throws Broken {
    if (parent.has(field) && !parent.get(field).isTextual()) {
      throw invalid(member, "must be a string when present");
    }
  }

  private static String party(JsonNode cs, String field) throws Broken {
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

  private static List<Purpose> purposes(JsonNode cs) throws Broken {
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

  private static List<DataCategory> categories(JsonNode cs) throws Broken {
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

  private static Transmission transmission(JsonNode cs, Instant from, Instant until) throws Broken {
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
}
