/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.credential.ConsentCredential.DataCategory;
import kr.consentledger.wallet.credential.ConsentCredential.Purpose;
import kr.consentledger.wallet.credential.ConsentCredential.Transmission;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.protocol.ConsentFormats;

/**
 * Builds a consent credential. {@link #build()} checks every rule of section 2 and throws {@link
 * IllegalArgumentException} whose message starts with the offending member (for example {@code
 * credentialSubject.purposes: exactly one purpose must be primary}); its cause is the {@link
 * RejectedException} with the protocol code (INVALID_CREDENTIAL, TERM_TOO_LONG or
 * SUBJECT_ISSUER_MISMATCH). Times are written in UTC, truncated to the second.
 */
public final class ConsentCredentialBuilder {
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
  private StatusListEntry statusListEntry;
  private Duration maxTerm = ConsentCredential.DEFAULT_MAX_TERM;

  ConsentCredentialBuilder() {}

  /**
   * Sets {@code id}.
   *
   * @param consentId {@code urn:uuid:} + a lowercase UUID; if never set, a random (version 4) one
   *     is generated
   * @return this builder
   */
  public ConsentCredentialBuilder id(String consentId) {
    this.id = Objects.requireNonNull(consentId, "id");
    return this;
  }

  /**
   * Sets {@code subject}.
   *
   * @param did the data subject's DID (did:fabric or did:key); also the issuer
   * @param name display name, or null to leave it out
   * @param contact contact URI such as {@code mailto:...}, or null to leave it out
   * @return this builder
   */
  public ConsentCredentialBuilder subject(String did, String name, String contact) {
    this.subject = Objects.requireNonNull(did, "subject");
    this.subjectName = name;
    this.subjectContact = contact;
    return this;
  }

  /**
   * Sets {@code provider}.
   *
   * @param did the provider's DID (the data holder that sends); written with role DataProvider
   * @param name display name, or null to leave it out
   * @return this builder
   */
  public ConsentCredentialBuilder provider(String did, String name) {
    this.provider = Objects.requireNonNull(did, "provider");
    this.providerName = name;
    return this;
  }

  /**
   * Sets {@code recipient}.
   *
   * @param did the recipient's DID (the third party that receives); written with role DataRecipient
   * @param name display name, or null to leave it out
   * @return this builder
   */
  public ConsentCredentialBuilder recipient(String did, String name) {
    this.recipient = Objects.requireNonNull(did, "recipient");
    this.recipientName = name;
    return this;
  }

  /**
   * Sets {@code validFrom}.
   *
   * @param validFrom start of the consent
   * @return this builder
   */
  public ConsentCredentialBuilder validFrom(Instant validFrom) {
    this.validFrom = Objects.requireNonNull(validFrom, "validFrom");
    return this;
  }

  /**
   * Sets {@code validUntil}.
   *
   * @param validUntil end of the consent; at most the maximum term after validFrom
   * @return this builder
   */
  public ConsentCredentialBuilder validUntil(Instant validUntil) {
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
  public ConsentCredentialBuilder purpose(String purpose, String purposeCategory, boolean primary) {
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
  public ConsentCredentialBuilder dataCategory(
      String category, boolean sensitive, String... attributes) {
    categories.add(new DataCategory(category, sensitive, List.of(attributes)));
    return this;
  }

  /**
   * Sets {@code transmission}.
   *
   * @param transmission {@link Transmission#oneTime} or {@link Transmission#periodic}
   * @return this builder
   */
  public ConsentCredentialBuilder transmission(Transmission transmission) {
    this.transmission = Objects.requireNonNull(transmission, "transmission");
    return this;
  }

  /**
   * Sets {@code retentionPeriod}.
   *
   * @param retentionPeriod ISO 8601 duration the recipient may keep the data, for example {@code
   *     P1Y}
   * @return this builder
   */
  public ConsentCredentialBuilder retentionPeriod(String retentionPeriod) {
    this.retentionPeriod = Objects.requireNonNull(retentionPeriod, "retentionPeriod");
    return this;
  }

  /**
   * Sets {@code jurisdiction}.
   *
   * @param jurisdiction the jurisdiction; default and only accepted value {@code KR}
   * @return this builder
   */
  public ConsentCredentialBuilder jurisdiction(String jurisdiction) {
    this.jurisdiction = Objects.requireNonNull(jurisdiction, "jurisdiction");
    return this;
  }

  /**
   * Sets {@code legalBasis}.
   *
   * @param legalBasis for example {@code PIPA Art. 35-2} or {@code Credit Information Act Art.
   *     33-2}
   * @return this builder
   */
  public ConsentCredentialBuilder legalBasis(String legalBasis) {
    this.legalBasis = Objects.requireNonNull(legalBasis, "legalBasis");
    return this;
  }

  /**
   * Sets {@code withdrawal}.
   *
   * @param method how to withdraw, for example {@code wallet}
   * @param endpoint where to withdraw, or null: then, with a status base URL, {@code
   *     <base>/<id>/revocation}
   * @return this builder
   */
  public ConsentCredentialBuilder withdrawal(String method, String endpoint) {
    this.withdrawalMethod = Objects.requireNonNull(method, "withdrawal.method");
    this.withdrawalEndpoint = endpoint;
    return this;
  }

  /**
   * Sets {@code statusBaseUrl}.
   *
   * @param baseUrl the consent service's consents URL, for example {@code
   *     https://consent.example.kr/consents}; {@code credentialStatus.id} becomes {@code
   *     <base>/<id>/status}. Required.
   * @return this builder
   */
  public ConsentCredentialBuilder statusBaseUrl(String baseUrl) {
    this.statusBaseUrl = Objects.requireNonNull(baseUrl, "statusBaseUrl");
    return this;
  }

  /**
   * Adds a {@code BitstringStatusListEntry} (W3C Bitstring Status List v1.0, purpose {@code
   * revocation}) to {@code credentialStatus}, which then becomes an array: the consent status entry
   * (see {@link #statusBaseUrl}) and this one. The list and index come from the consent service's
   * reservation ({@code POST /status-list-reservations}), made before the subject signs.
   *
   * @param statusListCredential the list's URL, for example {@code
   *     https://consent.example.kr/status-lists/1}
   * @param statusListIndex the reserved index
   * @return this builder
   */
  public ConsentCredentialBuilder statusListEntry(
      String statusListCredential, long statusListIndex) {
    this.statusListEntry = StatusListEntry.revocation(statusListCredential, statusListIndex);
    return this;
  }

  /**
   * Sets {@code maxTerm}.
   *
   * @param maxTerm the longest {@code validUntil - validFrom} allowed; default 365 days
   * @return this builder
   */
  public ConsentCredentialBuilder maxTerm(Duration maxTerm) {
    ConsentCredential.requirePositive(maxTerm);
    this.maxTerm = maxTerm;
    return this;
  }

  /**
   * Returns the unsigned credential.
   *
   * @return the unsigned credential
   * @throws IllegalArgumentException naming the missing or malformed member; the cause is a {@link
   *     RejectedException} with the protocol code
   */
  public ConsentCredential build() {
    String consentId = id != null ? id : "urn:uuid:" + UUID.randomUUID();
    String base = statusBase();
    ObjectNode json = Json.object();
    json.putArray("@context").add(Credential.VC_CONTEXT).add(ConsentCredential.CONSENT_CONTEXT);
    json.put("id", consentId);
    json.putArray("type").add("VerifiableCredential").add(ConsentCredential.TYPE);
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
      ObjectNode o = cats.addObject().put("category", c.category()).put("sensitive", c.sensitive());
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
      ObjectNode status = Json.object();
      status.put("id", base + "/" + consentId + "/status");
      status.put("type", ConsentCredential.STATUS_TYPE);
      status.put("consentId", consentId);
      if (statusListEntry == null) {
        json.set("credentialStatus", status);
      } else {
        json.putArray("credentialStatus").add(status).add(statusListEntry.toJson());
      }
    }
    ConsentCredentialRules.Outcome outcome = ConsentCredentialRules.check(json, maxTerm);
    if (outcome instanceof ConsentCredentialRules.Violation v) {
      throw new IllegalArgumentException(v.detail(), ConsentCredential.rejected(v));
    }
    try {
      return new ConsentCredential(
          Credential.fromJson(json), (ConsentCredentialRules.Terms) outcome, null);
    } catch (RejectedException e) {
      // Not reached: a credential that passes the rules of section 2 is a VC 2.0 credential.
      throw new IllegalArgumentException(e.getMessage(), e);
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
