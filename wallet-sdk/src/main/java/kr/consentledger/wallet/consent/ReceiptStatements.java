/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.internal.protocol.ConsentFormats;
import kr.consentledger.wallet.keys.Signer;

/**
 * Transmission receipts (RECEIPT-PROTOCOL.md section 1): the statement a provider signs after it
 * has verified a consent presentation and is about to transmit, naming the consent, both parties,
 * the data categories and the hash of the presentation. No data and no personal field.
 *
 * <p>Parsing checks the shape only; the consent, the participants and the signature are checked by
 * the chaincode (or with a {@link DidResolver} and the statement's {@code kid}).
 */
public final class ReceiptStatements {
  /** The JWS {@code typ} of a receipt statement. */
  public static final String TYP = "transmission-receipt+jwt";

  /** The most categories one receipt may name. */
  public static final int MAX_CATEGORIES = 50;

  private static final String WHAT = "Receipt statement";
  private static final Set<String> MEMBERS =
      Set.of("receiptId", "consentId", "provider", "recipient", "categories", "presentationHash");
  private static final Set<String> STRING_MEMBERS =
      Set.of("receiptId", "consentId", "provider", "recipient", "presentationHash");

  // Possessive: the plain (\\.word)* loop recursed once per word and threw StackOverflowError on a
  // category of about 4,000 characters (section 1 sets no length limit).
  /** One or more dot-separated words of {@code [a-z][a-z0-9]*}. */
  private static final Pattern CATEGORY =
      Pattern.compile("[a-z][a-z0-9]*+(?:\\.[a-z][a-z0-9]*+)*+");

  private ReceiptStatements() {}

  /**
   * A parsed receipt statement (not signature-checked).
   *
   * @param jws the compact JWS as received
   * @param keyId the {@code kid}: a DID URL of the provider
   * @param receiptId the receipt id, {@code urn:uuid:...}
   * @param consentId the consent id, {@code urn:uuid:...}
   * @param provider the provider's DID
   * @param recipient the recipient's DID
   * @param categories the data categories, in the statement's order (unmodifiable)
   * @param presentationHash the presentation hash, 64 lowercase hex
   */
  public record Receipt(
      String jws,
      String keyId,
      String receiptId,
      String consentId,
      String provider,
      String recipient,
      List<String> categories,
      String presentationHash) {
    /**
     * Checks that no component is null and copies the categories.
     *
     * @param jws see the record description
     * @param keyId see the record description
     * @param receiptId see the record description
     * @param consentId see the record description
     * @param provider see the record description
     * @param recipient see the record description
     * @param categories see the record description
     * @param presentationHash see the record description
     */
    public Receipt {
      Objects.requireNonNull(jws, "jws");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(receiptId, "receiptId");
      Objects.requireNonNull(consentId, "consentId");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(recipient, "recipient");
      categories = List.copyOf(categories);
      Objects.requireNonNull(presentationHash, "presentationHash");
    }

    /**
     * Returns lowercase hex SHA-256 of the compact JWS: the ledger record's {@code statementHash}.
     *
     * @return lowercase hex SHA-256 of the compact JWS: the ledger record's {@code statementHash}
     */
    public String statementHash() {
      return Jws.sha256Hex(jws);
    }
  }

  /**
   * Signs a receipt statement (section 1). Every rule of section 1 is checked first.
   *
   * @param receiptId {@code urn:uuid:} + a lowercase RFC 4122 UUID, or null for a random (version
   *     4) one
   * @param consentId the consent id, {@code urn:uuid:} + a lowercase RFC 4122 UUID
   * @param providerDid the provider's DID: a did:fabric or a did:key (the DIDs the chaincode can
   *     resolve)
   * @param recipientDid the recipient's DID
   * @param categories 1 to 50 unique categories, each one or more dot-separated words of {@code
   *     [a-z][a-z0-9]*}; written in the order given
   * @param presentationHash {@link #presentationHash(String)} of the verified presentation: 64
   *     lowercase hex
   * @param providerSigner a key of the provider listed under its assertionMethod; its kid must be a
   *     DID URL of the provider
   * @return the compact JWS, {@code typ} transmission-receipt+jwt, with exactly the six payload
   *     members
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException naming the malformed argument
   */
  public static String receipt(
      String receiptId,
      String consentId,
      String providerDid,
      String recipientDid,
      List<String> categories,
      String presentationHash,
      Signer providerSigner)
      throws WalletException {
    String id = receiptId != null ? receiptId : "urn:uuid:" + UUID.randomUUID();
    if (!ConsentFormats.isConsentId(id)) {
      throw new IllegalArgumentException(
          "receiptId: must be urn:uuid: followed by a lowercase RFC 4122 UUID");
    }
    if (!ConsentFormats.isConsentId(consentId)) {
      throw new IllegalArgumentException(
          "consentId: must be urn:uuid: followed by a lowercase RFC 4122 UUID");
    }
    if (!ConsentFormats.isSubjectDid(providerDid)) {
      throw new IllegalArgumentException(
          "providerDid: must be a did:fabric or a did:key DID whose key can sign");
    }
    if (!ConsentFormats.isDid(recipientDid)) {
      throw new IllegalArgumentException("recipientDid: must be a DID");
    }
    Optional<String> bad = categoriesProblem(categories);
    if (bad.isPresent()) {
      throw new IllegalArgumentException("categories: " + bad.get());
    }
    if (!ConsentFormats.isHash(presentationHash)) {
      throw new IllegalArgumentException("presentationHash: must be 64 lowercase hex digits");
    }
    if (providerSigner == null) {
      throw new IllegalArgumentException("providerSigner: is missing");
    }
    String kid = providerSigner.keyId();
    if (kid == null || !kid.startsWith(providerDid + "#") || !Dids.didOf(kid).equals(providerDid)) {
      throw new IllegalArgumentException(
          "providerSigner: kid " + kid + " is not a key of the provider " + providerDid);
    }
    ObjectNode payload = Json.object();
    payload.put("receiptId", id);
    payload.put("consentId", consentId);
    payload.put("provider", providerDid);
    payload.put("recipient", recipientDid);
    ArrayNode arr = payload.putArray("categories");
    categories.forEach(arr::add);
    payload.put("presentationHash", presentationHash);
    return ConsentStatements.sign(TYP, payload, providerSigner);
  }

  /**
   * The {@code presentationHash} of a verified presentation.
   *
   * @param vpJws the presentation's compact JWS, as verified
   * @return lowercase hex SHA-256 of its ASCII bytes
   * @throws IllegalArgumentException if {@code vpJws} is null, empty or not ASCII
   */
  public static String presentationHash(String vpJws) {
    if (vpJws == null
        || vpJws.isEmpty()
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(vpJws)) {
      throw new IllegalArgumentException("vpJws: must be a compact JWS (non-empty ASCII)");
    }
    return Jws.sha256Hex(vpJws);
  }

  /**
   * Parses a receipt statement and checks its shape (section 1), in the chaincode's order.
   *
   * @param jws the compact JWS
   * @return the statement
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE, INVALID_STATEMENT
   *     (the message names the member), UNKNOWN_KEY (no kid), NOT_AUTHORISED (kid is not a DID URL
   *     of the provider)
   */
  public static Receipt parseReceipt(String jws) throws RejectedException {
    Jws.requireStatementLength(jws, WHAT);
    Jws.Parsed parsed = Jws.parse(jws);
    if (!parsed.headerText("typ").equals(Optional.of(TYP))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE, WHAT + " rejected: JWS typ must be \"" + TYP + "\"");
    }
    parsed.requireHeaderMembers(WHAT, Jws.STATEMENT_HEADER);
    ObjectNode p = receiptPayload(parsed);
    String provider = p.get("provider").asText();
    String kid =
        parsed
            .headerText("kid")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY,
                        WHAT + " rejected: the JWS header has no \"kid\""));
    if (!kid.startsWith(provider + "#") || !Dids.didOf(kid).equals(provider)) {
      throw new RejectedException(
          RejectionReason.NOT_AUTHORISED,
          WHAT
              + " rejected: kid "
              + Dids.abbreviate(kid)
              + " is not a key of the provider "
              + provider);
    }
    List<String> categories = new ArrayList<>();
    p.get("categories").forEach(c -> categories.add(c.asText()));
    return new Receipt(
        parsed.compact(),
        kid,
        p.get("receiptId").asText(),
        p.get("consentId").asText(),
        provider,
        p.get("recipient").asText(),
        categories,
        p.get("presentationHash").asText());
  }

  /** Checks the payload shape of section 1; package-private for the fixtures' reference rules. */
  static ObjectNode receiptPayload(Jws.Parsed parsed) throws RejectedException {
    ObjectNode p = ConsentStatements.payload(parsed, MEMBERS, MEMBERS, STRING_MEMBERS, WHAT);
    if (!ConsentFormats.isConsentId(p.get("receiptId").asText())) {
      throw bad("receiptId", "must be urn:uuid: followed by a lowercase RFC 4122 UUID");
    }
    if (!ConsentFormats.isConsentId(p.get("consentId").asText())) {
      throw bad("consentId", "must be urn:uuid: followed by a lowercase RFC 4122 UUID");
    }
    for (String m : List.of("provider", "recipient")) {
      if (!ConsentFormats.isDid(p.get(m).asText())) {
        throw bad(m, "must be a DID");
      }
    }
    JsonNode cats = p.get("categories");
    if (!cats.isArray()) {
      throw bad("categories", "must be an array of strings");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode c : cats) {
      if (!c.isTextual()) {
        throw bad("categories", "must be an array of strings");
      }
      list.add(c.asText());
    }
    Optional<String> problem = categoriesProblem(list);
    if (problem.isPresent()) {
      throw bad("categories", problem.get());
    }
    if (!ConsentFormats.isHash(p.get("presentationHash").asText())) {
      throw bad("presentationHash", "must be 64 lowercase hex digits");
    }
    return p;
  }

  /**
   * @return what is wrong with the categories under section 1, or empty if nothing
   */
  private static Optional<String> categoriesProblem(List<String> categories) {
    if (categories == null || categories.isEmpty() || categories.size() > MAX_CATEGORIES) {
      return Optional.of("must list 1 to " + MAX_CATEGORIES + " categories");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < categories.size(); i++) {
      String c = categories.get(i);
      if (c == null || !CATEGORY.matcher(c).matches()) {
        return Optional.of(
            "["
                + i
                + "] must be dot-separated words of [a-z][a-z0-9]*, "
                + "for example health.checkup");
      }
      if (!seen.add(c)) {
        return Optional.of("[" + i + "] \"" + c + "\" is listed twice");
      }
    }
    return Optional.empty();
  }

  private static RejectedException bad(String member, String why) {
    return new RejectedException(
        RejectionReason.INVALID_STATEMENT, WHAT + " rejected: " + member + ": " + why);
  }
}
