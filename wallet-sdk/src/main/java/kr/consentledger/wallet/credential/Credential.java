/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.JsonBacked;

/**
 * An unsigned W3C Verifiable Credentials Data Model 2.0 credential. Immutable; the whole JSON is
 * kept, so extension members round-trip into the signed payload.
 */
public final class Credential extends JsonBacked {
  /** The VC Data Model 2.0 base context, always first in {@code @context}. */
  public static final String VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";

  private final String issuer;

  private Credential(ObjectNode json, String issuer) {
    super(json);
    this.issuer = issuer;
  }

  /**
   * Returns a copy of the JSON object, for the SDK to sign or embed.
   *
   * @return a copy of the JSON object, for the SDK to sign or embed
   */
  ObjectNode jsonTree() {
    return json.deepCopy();
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses and checks the VC 2.0 shape.
   *
   * @param json credential JSON
   * @return the credential
   * @throws RejectedException MALFORMED_CREDENTIAL, naming the broken member
   */
  public static Credential parse(String json) throws RejectedException {
    return fromJson(Json.parseObject(json).orElseThrow(() -> malformed("not a JSON object")));
  }

  static Credential fromJson(ObjectNode json) throws RejectedException {
    VcJson.checkContextAndType(json, "VerifiableCredential", Credential::malformed);
    JsonNode iss = json.get("issuer");
    String issuer =
        iss == null
            ? null
            : iss.isTextual() ? iss.asText() : iss.isObject() ? iss.path("id").asText(null) : null;
    if (issuer == null || issuer.isEmpty()) {
      throw malformed("\"issuer\" must be a URL or an object with an \"id\"");
    }
    JsonNode subject = json.get("credentialSubject");
    if (subject == null || !(subject.isObject() || (subject.isArray() && !subject.isEmpty()))) {
      throw malformed("\"credentialSubject\" must be an object or a non-empty array");
    }
    Optional<Instant> from = instant(json, "validFrom");
    Optional<Instant> until = instant(json, "validUntil");
    if (from.isPresent() && until.isPresent() && until.get().isBefore(from.get())) {
      throw malformed("\"validUntil\" is before \"validFrom\"");
    }
    JsonNode status = json.get("credentialStatus");
    if (status != null && !(status.isObject() || status.isArray())) {
      throw malformed("\"credentialStatus\" must be an object or an array");
    }
    return new Credential(json.deepCopy(), issuer);
  }

  private static Optional<Instant> instant(JsonNode json, String field) throws RejectedException {
    JsonNode v = json.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw malformed("\"" + field + "\" must be a date-time string");
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(v.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      throw malformed(
          "\"" + field + "\" is not an XML Schema dateTimeStamp with time zone: " + v.asText());
    }
  }

  private static RejectedException malformed(String why) {
    return new RejectedException(
        RejectionReason.MALFORMED_CREDENTIAL, "Credential rejected: " + why);
  }

  /**
   * Returns the credential {@code id}, if any.
   *
   * @return the credential {@code id}, if any
   */
  public Optional<String> id() {
    return Json.text(json, "id");
  }

  /**
   * Returns the {@code type} values.
   *
   * @return the {@code type} values
   */
  public List<String> types() {
    return List.copyOf(Json.stringOrArray(json, "type"));
  }

  /**
   * Returns the issuer's id (from a string or an object issuer).
   *
   * @return the issuer's id (from a string or an object issuer)
   */
  public String issuer() {
    return issuer;
  }

  /**
   * Returns {@code validFrom}, if present.
   *
   * @return {@code validFrom}, if present
   */
  public Optional<Instant> validFrom() {
    return instantUnchecked("validFrom");
  }

  /**
   * Returns {@code validUntil}, if present.
   *
   * @return {@code validUntil}, if present
   */
  public Optional<Instant> validUntil() {
    return instantUnchecked("validUntil");
  }

  private Optional<Instant> instantUnchecked(String field) {
    return Json.text(json, field)
        .map(t -> OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
  }

  /**
   * Returns {@code credentialSubject} as compact JSON with sorted members.
   *
   * @return {@code credentialSubject} as compact JSON with sorted members
   */
  public String credentialSubject() {
    return Json.canonical(json.get("credentialSubject"));
  }

  /**
   * Returns {@code credentialStatus} as JSON, if present.
   *
   * @return {@code credentialStatus} as JSON, if present
   */
  public Optional<String> credentialStatus() {
    return property("credentialStatus");
  }

  /**
   * Returns its value as compact JSON, if present.
   *
   * @param name a top-level member name
   * @return its value as compact JSON, if present
   */
  public Optional<String> property(String name) {
    JsonNode v = json.get(Objects.requireNonNull(name, "name"));
    return v == null ? Optional.empty() : Optional.of(Json.canonical(v));
  }

  /**
   * Returns the whole credential as compact JSON with sorted members.
   *
   * @return the whole credential as compact JSON with sorted members
   */
  public String toJson() {
    return Json.canonical(json);
  }

  @Override
  public String toString() {
    return "Credential[" + types() + " from " + issuer + "]";
  }

  /** Builds a credential. {@link #build()} validates and names the offending field. */
  public static final class Builder {
    private final ObjectNode json = VcJson.start("VerifiableCredential");

    private Builder() {}

    /**
     * Sets {@code context}.
     *
     * @param uri an additional JSON-LD context, appended after the VC 2.0 context
     * @return this builder
     */
    public Builder context(String uri) {
      ((ArrayNode) json.get("@context")).add(Objects.requireNonNull(uri, "context"));
      return this;
    }

    /**
     * Sets {@code type}.
     *
     * @param type an additional type, appended after VerifiableCredential
     * @return this builder
     */
    public Builder type(String type) {
      ((ArrayNode) json.get("type")).add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * Sets {@code id}.
     *
     * @param id the credential id (a URL such as {@code urn:uuid:...})
     * @return this builder
     */
    public Builder id(String id) {
      json.put("id", Objects.requireNonNull(id, "id"));
      return this;
    }

    /**
     * Sets {@code issuer}.
     *
     * @param issuerDid the issuer's DID; the signing key must belong to it
     * @return this builder
     */
    public Builder issuer(String issuerDid) {
      json.put("issuer", Objects.requireNonNull(issuerDid, "issuer"));
      return this;
    }

    /**
     * Sets {@code validFrom}.
     *
     * @param validFrom start of validity; written in UTC to the second
     * @return this builder
     */
    public Builder validFrom(Instant validFrom) {
      json.put(
          "validFrom",
          Objects.requireNonNull(validFrom, "validFrom")
              .truncatedTo(ChronoUnit.SECONDS)
              .toString());
      return this;
    }

    /**
     * Sets {@code validUntil}.
     *
     * @param validUntil end of validity; written in UTC to the second
     * @return this builder
     */
    public Builder validUntil(Instant validUntil) {
      json.put(
          "validUntil",
          Objects.requireNonNull(validUntil, "validUntil")
              .truncatedTo(ChronoUnit.SECONDS)
              .toString());
      return this;
    }

    /**
     * Sets {@code credentialSubject}.
     *
     * @param subjectJson the {@code credentialSubject} object as JSON
     * @return this builder
     */
    public Builder credentialSubject(String subjectJson) {
      return property("credentialSubject", subjectJson);
    }

    /**
     * Sets {@code credentialStatus}.
     *
     * @param statusJson the {@code credentialStatus} object as JSON
     * @return this builder
     */
    public Builder credentialStatus(String statusJson) {
      return property("credentialStatus", statusJson);
    }

    /**
     * Sets any top-level member, for extensions ({@code termsOfUse}, {@code evidence}, ...).
     *
     * @param name member name
     * @param valueJson member value as JSON
     * @return this builder
     */
    public Builder property(String name, String valueJson) {
      VcJson.setProperty(json, name, valueJson);
      return this;
    }

    /**
     * Returns the credential.
     *
     * @return the credential
     * @throws IllegalArgumentException naming the missing or malformed member
     */
    public Credential build() {
      try {
        return fromJson(json);
      } catch (RejectedException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }
}
