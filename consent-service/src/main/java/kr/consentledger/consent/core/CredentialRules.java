package kr.consentledger.consent.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.consent.ProblemCode;

/**
 * The rules of a consent credential (CONSENT-PROTOCOL.md §2), applied to its JSON payload.
 * Stateless; the maximum term is the only setting.
 */
public final class CredentialRules {
  /** The VC Data Model 2.0 context. */
  public static final String VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";

  static final Pattern CONSENT_ID =
      Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  static final Pattern UTC_SECOND = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final Pattern DID = Pattern.compile("did:[a-z0-9]+:[A-Za-z0-9._:%-]+");
  private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*");
  private static final Pattern DURATION =
      Pattern.compile("P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?");

  private final Duration maxTerm;

  /**
   * @param maxTerm the longest validity window accepted
   */
  public CredentialRules(Duration maxTerm) {
    if (maxTerm == null || maxTerm.isNegative() || maxTerm.isZero()) {
      throw new IllegalArgumentException("maxTerm must be positive");
    }
    this.maxTerm = maxTerm;
  }

  /**
   * Checks a credential payload.
   *
   * @param vc the payload of the vc+jwt
   * @return the terms that go on the ledger
   * @throws ConsentException INVALID_CREDENTIAL (naming the member), SUBJECT_ISSUER_MISMATCH,
   *     TERM_TOO_LONG
   */
  public ConsentTerms check(JsonObject vc) {
    JsonArray context = array(vc, "@context");
    if (context.isEmpty() || !VC_CONTEXT.equals(context.getValue(0))) {
      throw invalid("@context", "must start with " + VC_CONTEXT);
    }
    String id = string(vc, "id");
    if (!CONSENT_ID.matcher(id).matches()) {
      throw invalid("id", "must be urn:uuid: and a lowercase RFC 4122 UUID");
    }
    JsonArray type = array(vc, "type");
    if (!type.contains("VerifiableCredential") || !type.contains("ConsentCredential")) {
      throw invalid("type", "must contain VerifiableCredential and ConsentCredential");
    }
    if (!(vc.getValue("issuer") instanceof String issuer)) {
      throw invalid("issuer", "must be a DID string");
    }
    JsonObject subject = object(vc, "credentialSubject");
    String subjectId = string(subject, "credentialSubject.id", "id");
    JsonObject dataSubject = object(subject, "credentialSubject.dataSubject", "dataSubject");
    String dataSubjectId = string(dataSubject, "credentialSubject.dataSubject.id", "id");
    if (!issuer.equals(subjectId) || !issuer.equals(dataSubjectId)) {
      throw new ConsentException(
          ProblemCode.SUBJECT_ISSUER_MISMATCH,
          "issuer, credentialSubject.id and credentialSubject.dataSubject.id must be the same DID");
    }
    if (!DID.matcher(issuer).matches()
        || !(issuer.startsWith("did:fabric:") || issuer.startsWith("did:key:"))) {
      throw invalid("issuer", "must be a did:fabric or did:key");
    }
    String provider = party(subject, "provider");
    String recipient = party(subject, "recipient");
    if (provider.equals(recipient) || provider.equals(issuer) || recipient.equals(issuer)) {
      throw invalid(
          "credentialSubject.provider.id",
          "subject, provider and recipient must be three different DIDs");
    }
    purposes(subject);
    dataCategories(subject);

    Instant validFrom = time(vc, "validFrom");
    Instant validUntil = time(vc, "validUntil");
    if (!validFrom.isBefore(validUntil)) {
      throw invalid("validUntil", "must be after validFrom");
    }
    transmission(subject, validFrom, validUntil);
    if (!DURATION.matcher(string(subject, "credentialSubject.retentionPeriod", "retentionPeriod")).matches()) {
      throw invalid("credentialSubject.retentionPeriod", "must be an ISO 8601 duration");
    }
    if (!"KR".equals(subject.getValue("jurisdiction"))) {
      throw invalid("credentialSubject.jurisdiction", "must be \"KR\"");
    }
    nonEmpty(subject, "credentialSubject.legalBasis", "legalBasis");
    nonEmpty(object(subject, "credentialSubject.withdrawal", "withdrawal"),
        "credentialSubject.withdrawal.method", "method");
    JsonObject status = object(vc, "credentialStatus");
    if (!id.equals(status.getValue("consentId"))) {
      throw invalid("credentialStatus.consentId", "must equal the credential id");
    }
    if (Duration.between(validFrom, validUntil).compareTo(maxTerm) > 0) {
      throw new ConsentException(
          ProblemCode.TERM_TOO_LONG,
          "validUntil - validFrom is longer than the maximum term of " + maxTerm.toDays() + " days");
    }
    return new ConsentTerms(id, issuer, provider, recipient, validFrom, validUntil);
  }

  private static String party(JsonObject subject, String name) {
    JsonObject party = object(subject, "credentialSubject." + name, name);
    String id = string(party, "credentialSubject." + name + ".id", "id");
    if (!DID.matcher(id).matches()) {
      throw invalid("credentialSubject." + name + ".id", "must be a DID");
    }
    return id;
  }

  private static void purposes(JsonObject subject) {
    JsonArray purposes = array(subject, "credentialSubject.purposes", "purposes");
    if (purposes.isEmpty()) {
      throw invalid("credentialSubject.purposes", "must not be empty");
    }
    int primary = 0;
    for (int i = 0; i < purposes.size(); i++) {
      String at = "credentialSubject.purposes[" + i + "]";
      if (!(purposes.getValue(i) instanceof JsonObject p)) {
        throw invalid(at, "must be an object");
      }
      nonEmpty(p, at + ".purpose", "purpose");
      nonEmpty(p, at + ".purposeCategory", "purposeCategory");
      if (!(p.getValue("primary") instanceof Boolean isPrimary)) {
        throw invalid(at + ".primary", "must be a boolean");
      }
      primary += isPrimary ? 1 : 0;
    }
    if (primary != 1) {
      throw invalid("credentialSubject.purposes", "exactly one purpose must be primary");
    }
  }

  private static void dataCategories(JsonObject subject) {
    JsonArray categories = array(subject, "credentialSubject.dataCategories", "dataCategories");
    if (categories.isEmpty()) {
      throw invalid("credentialSubject.dataCategories", "must not be empty");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < categories.size(); i++) {
      String at = "credentialSubject.dataCategories[" + i + "]";
      if (!(categories.getValue(i) instanceof JsonObject c)) {
        throw invalid(at, "must be an object");
      }
      String category = string(c, at + ".category", "category");
      if (!CATEGORY.matcher(category).matches()) {
        throw invalid(at + ".category", "must be lowercase dotted words");
      }
      if (!seen.add(category)) {
        throw invalid(at + ".category", "categories must be unique");
      }
      if (!(c.getValue("sensitive") instanceof Boolean)) {
        throw invalid(at + ".sensitive", "must be a boolean");
      }
      Object attributes = c.getValue("attributes");
      if (attributes != null) {
        if (!(attributes instanceof JsonArray list)
            || list.stream().anyMatch(a -> !(a instanceof String))) {
          throw invalid(at + ".attributes", "must be an array of strings");
        }
      }
    }
  }

  private static void transmission(JsonObject subject, Instant validFrom, Instant validUntil) {
    JsonObject t = object(subject, "credentialSubject.transmission", "transmission");
    Object mode = t.getValue("mode");
    Object cycle = t.getValue("cycle");
    if ("periodic".equals(mode)) {
      if (!(cycle instanceof String c) || !DURATION.matcher(c).matches()) {
        throw invalid("credentialSubject.transmission.cycle", "must be an ISO 8601 duration for periodic");
      }
    } else if ("one-time".equals(mode)) {
      if (t.containsKey("cycle")) {
        throw invalid("credentialSubject.transmission.cycle", "must be absent for one-time");
      }
    } else {
      throw invalid("credentialSubject.transmission.mode", "must be one-time or periodic");
    }
    Instant end = time(t, "credentialSubject.transmission.endDate", "endDate");
    if (end.isBefore(validFrom) || end.isAfter(validUntil)) {
      throw invalid("credentialSubject.transmission.endDate", "must lie within validFrom..validUntil");
    }
  }

  /**
   * Parses a time in the protocol's form: ISO 8601 UTC to the second.
   *
   * @param text the text
   * @return the instant, or null if the text is not in that form
   */
  public static Instant parseTime(Object text) {
    if (!(text instanceof String s) || !UTC_SECOND.matcher(s).matches()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant time(JsonObject o, String member) {
    return time(o, member, member);
  }

  private static Instant time(JsonObject o, String path, String member) {
    Instant t = parseTime(o.getValue(member));
    if (t == null) {
      throw invalid(path, "must be an ISO 8601 UTC time to the second (...Z)");
    }
    return t;
  }

  private static JsonArray array(JsonObject o, String member) {
    return array(o, member, member);
  }

  private static JsonArray array(JsonObject o, String path, String member) {
    if (!(o.getValue(member) instanceof JsonArray a)) {
      throw invalid(path, "must be an array");
    }
    return a;
  }

  private static JsonObject object(JsonObject o, String member) {
    return object(o, member, member);
  }

  private static JsonObject object(JsonObject o, String path, String member) {
    if (!(o.getValue(member) instanceof JsonObject v)) {
      throw invalid(path, "must be an object");
    }
    return v;
  }

  private static String string(JsonObject o, String member) {
    return string(o, member, member);
  }

  private static String string(JsonObject o, String path, String member) {
    if (!(o.getValue(member) instanceof String s)) {
      throw invalid(path, "must be a string");
    }
    return s;
  }

  private static void nonEmpty(JsonObject o, String path, String member) {
    if (string(o, path, member).isBlank()) {
      throw invalid(path, "must not be empty");
    }
  }

  private static ConsentException invalid(String member, String why) {
    return new ConsentException(ProblemCode.INVALID_CREDENTIAL, member + ": " + why);
  }
}
