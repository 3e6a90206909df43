/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.ConsentCredentialBuilder;

/**
 * The terms of a consent as the wallet reads them, from a JSON or YAML file and from flags (flags
 * win), turned into the SDK's {@link ConsentCredentialBuilder}. The file's members are those of the
 * credential's {@code credentialSubject} (CONSENT-PROTOCOL.md §2) plus {@code validFrom}, {@code
 * validUntil} or {@code validFor}, {@code statusBaseUrl} and {@code id}.
 */
final class ConsentTerms {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> MEMBERS =
      Set.of(
          "id",
          "subject",
          "provider",
          "recipient",
          "purposes",
          "dataCategories",
          "validFrom",
          "validUntil",
          "validFor",
          "transmission",
          "retentionPeriod",
          "jurisdiction",
          "legalBasis",
          "withdrawal",
          "statusBaseUrl");

  private ConsentTerms() {}

  /** Reads a terms file (YAML, and so JSON too); an unknown member is a usage error. */
  static ObjectNode read(Path file) {
    JsonNode node;
    try {
      node = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UsageError("--file " + file + ": " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new UsageError("--file " + file + ": not a JSON or YAML object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!MEMBERS.contains(name)) {
        throw new UsageError(
            "--file " + file + ": unknown member \"" + name + "\" (known: " + MEMBERS + ")");
      }
    }
    return (ObjectNode) node;
  }

  /**
   * Builds the unsigned credential.
   *
   * @param terms the merged terms
   * @param subjectDid the subject's DID (the signing key's)
   * @param defaultStatusBase the consent service's consents URL
   * @param clock now, for a missing {@code validFrom}
   * @return the credential, every §2 rule checked
   * @throws IllegalArgumentException naming the member the builder refused
   */
  static ConsentCredential build(
      ObjectNode terms, String subjectDid, String defaultStatusBase, Clock clock) {
    return builder(terms, subjectDid, defaultStatusBase, clock).build();
  }

  /**
   * The builder of the unsigned credential, every member of the terms set (a status list entry can
   * still be added).
   *
   * @param terms the merged terms
   * @param subjectDid the subject's DID (the signing key's)
   * @param defaultStatusBase the consent service's consents URL
   * @param clock now, for a missing {@code validFrom}
   * @return the builder
   * @throws IllegalArgumentException naming the member the builder refused
   */
  static ConsentCredentialBuilder builder(
      ObjectNode terms, String subjectDid, String defaultStatusBase, Clock clock) {
    ConsentCredentialBuilder b = ConsentCredential.builder();
    if (terms.hasNonNull("id")) {
      b.id(terms.get("id").asText());
    }
    JsonNode subject = terms.path("subject");
    b.subject(subjectDid, text(subject, "name"), text(subject, "contact"));
    b.provider(
        required(terms.path("provider"), "id", "provider"), text(terms.path("provider"), "name"));
    b.recipient(
        required(terms.path("recipient"), "id", "recipient"),
        text(terms.path("recipient"), "name"));
    Instant from =
        terms.hasNonNull("validFrom")
            ? instant(terms.get("validFrom").asText(), "validFrom")
            : clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant until;
    if (terms.hasNonNull("validUntil")) {
      until = instant(terms.get("validUntil").asText(), "validUntil");
    } else {
      String d = terms.hasNonNull("validFor") ? terms.get("validFor").asText() : "P180D";
      until = from.plus(duration(d, "validFor"));
    }
    b.validFrom(from).validUntil(until);
    JsonNode purposes = terms.path("purposes");
    if (!purposes.isArray() || purposes.isEmpty()) {
      throw new UsageError("purposes: give at least one (--purpose, or purposes in --file)");
    }
    boolean one = purposes.size() == 1;
    for (JsonNode p : purposes) {
      b.purpose(
          required(p, "purpose", "purposes[]"),
          p.hasNonNull("purposeCategory") ? p.get("purposeCategory").asText() : "ServiceProvision",
          p.hasNonNull("primary") ? p.get("primary").asBoolean() : one);
    }
    JsonNode categories = terms.path("dataCategories");
    if (!categories.isArray() || categories.isEmpty()) {
      throw new UsageError("dataCategories: give at least one (--category, or the file's)");
    }
    for (JsonNode c : categories) {
      List<String> attributes = new ArrayList<>();
      c.path("attributes").forEach(a -> attributes.add(a.asText()));
      b.dataCategory(
          required(c, "category", "dataCategories[]"),
          c.path("sensitive").asBoolean(false),
          attributes.toArray(String[]::new));
    }
    JsonNode t = terms.path("transmission");
    String mode =
        t.hasNonNull("mode") ? t.get("mode").asText() : ConsentCredential.Transmission.ONE_TIME;
    Instant end =
        t.hasNonNull("endDate")
            ? instant(t.get("endDate").asText(), "transmission.endDate")
            : until;
    if (ConsentCredential.Transmission.PERIODIC.equals(mode)) {
      b.transmission(
          ConsentCredential.Transmission.periodic(
              required(t, "cycle", "transmission (periodic)"), end));
    } else if (ConsentCredential.Transmission.ONE_TIME.equals(mode)) {
      b.transmission(ConsentCredential.Transmission.oneTime(end));
    } else {
      throw new UsageError("transmission.mode: one-time or periodic, not " + mode);
    }
    b.retentionPeriod(
        terms.hasNonNull("retentionPeriod") ? terms.get("retentionPeriod").asText() : "P1Y");
    if (terms.hasNonNull("jurisdiction")) {
      b.jurisdiction(terms.get("jurisdiction").asText());
    }
    b.legalBasis(
        terms.hasNonNull("legalBasis") ? terms.get("legalBasis").asText() : "PIPA Art. 35-2");
    JsonNode w = terms.path("withdrawal");
    b.withdrawal(w.hasNonNull("method") ? w.get("method").asText() : "wallet", text(w, "endpoint"));
    b.statusBaseUrl(
        terms.hasNonNull("statusBaseUrl")
            ? terms.get("statusBaseUrl").asText()
            : defaultStatusBase);
    return b;
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String required(JsonNode node, String name, String where) {
    String v = text(node, name);
    if (v == null || v.isBlank()) {
      throw new UsageError(where + "." + name + ": required");
    }
    return v;
  }

  static Instant instant(String text, String name) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new UsageError(name + ": not an ISO 8601 UTC time (2026-12-04T00:00:00Z): " + text);
    }
  }

  static Duration duration(String text, String name) {
    try {
      if (text.startsWith("P") && !text.contains("T") && text.endsWith("D")) {
        return Duration.ofDays(Long.parseLong(text.substring(1, text.length() - 1)));
      }
      return Duration.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new UsageError(name + ": not an ISO 8601 duration in days or time (P180D): " + text);
    }
  }
}
