/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;

/**
 * A test wallet: a did:fabric subject with an assertion key ({@code #key-1}, also authentication)
 * and an authentication-only key ({@code #auth}), and builders for the protocol's credential and
 * statements.
 */
public final class Wallet {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519);
  public final WalletKeyPair authKey = WalletKeyPair.generate(KeyType.P256);
  public final DidDocument document;
  public final String did;

  public Wallet() {
    DidDocument base = DidFabric.newDocument(key.publicKey()).build();
    document =
        base.toBuilder()
            .addVerificationMethod(
                "#auth", authKey.publicKey(), VerificationRelationship.AUTHENTICATION)
            .build();
    did = document.id();
  }

  public Signer assertionSigner() {
    return key.signer(did + "#key-1");
  }

  public Signer authSigner() {
    return authKey.signer(did + "#auth");
  }

  public static String newConsentId() {
    return "urn:uuid:" + UUID.randomUUID();
  }

  /** A valid credential payload per §2. */
  public JsonObject credential(
      String consentId, String provider, String recipient, Instant from, Instant until) {
    JsonObject subject =
        new JsonObject()
            .put("id", did)
            .put(
                "dataSubject",
                new JsonObject()
                    .put("id", did)
                    .put("name", "Hong Gildong")
                    .put("contact", "mailto:gd@example.kr"))
            .put(
                "provider",
                new JsonObject()
                    .put("id", provider)
                    .put("name", "Seoul General Hospital")
                    .put("role", "DataProvider"))
            .put(
                "recipient",
                new JsonObject()
                    .put("id", recipient)
                    .put("name", "Example MyData Co.")
                    .put("role", "DataRecipient"))
            .put(
                "purposes",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("purpose", "personal health management service")
                            .put("purposeCategory", "ServiceProvision")
                            .put("primary", true)))
            .put(
                "dataCategories",
                new JsonArray()
                    .add(new JsonObject().put("category", "health.checkup").put("sensitive", true))
                    .add(
                        new JsonObject()
                            .put("category", "health.prescription")
                            .put("sensitive", true)
                            .put("attributes", new JsonArray().add("drugName").add("dosage"))))
            .put(
                "transmission",
                new JsonObject()
                    .put("mode", "periodic")
                    .put("cycle", "P1M")
                    .put("endDate", until.toString()))
            .put("retentionPeriod", "P1Y")
            .put("jurisdiction", "KR")
            .put("legalBasis", "PIPA Art. 35-2")
            .put("withdrawal", new JsonObject().put("method", "wallet"));
    return new JsonObject()
        .put(
            "@context",
            new JsonArray()
                .add("https://www.w3.org/ns/credentials/v2")
                .add("https://consentledger.kr/ns/consent/v1"))
        .put("id", consentId)
        .put("type", new JsonArray().add("VerifiableCredential").add("ConsentCredential"))
        .put("issuer", did)
        .put("validFrom", from.toString())
        .put("validUntil", until.toString())
        .put("credentialSubject", subject)
        .put(
            "credentialStatus",
            new JsonObject()
                .put("id", "https://consent.example.kr/consents/" + consentId + "/status")
                .put("type", "FabricConsentStatus2026")
                .put("consentId", consentId));
  }

  /**
   * Signs any payload as a compact JWS (header members sorted), through the SDK's public {@link
   * Signer}; fixtures use it for objects the rules must refuse.
   */
  public static String sign(String typ, String cty, JsonObject payload, Signer signer) {
    try {
      ObjectNode header = JSON.createObjectNode();
      header.put("alg", signer.algorithm());
      if (cty != null) {
        header.put("cty", cty);
      }
      header.put("kid", signer.keyId());
      header.put("typ", typ);
      String input =
          b64(JSON.writeValueAsBytes(header))
              + "."
              + b64(payload.encode().getBytes(StandardCharsets.UTF_8));
      return input + "." + b64(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * A consent credential of this wallet through the SDK's builder: {@code provider} may send health
   * check-ups and prescriptions to {@code recipient} for service provision, from a day before
   * {@code now} for 30 days.
   */
  public kr.consentledger.wallet.credential.ConsentCredential consentCredential(
      String provider, String recipient, Instant now) throws Exception {
    return kr.consentledger.wallet.credential.ConsentCredential.builder()
        .subject(did, "Hong Gildong", null)
        .provider(provider, "Hospital")
        .recipient(recipient, "MyData Co.")
        .validFrom(now.minus(java.time.Duration.ofDays(1)))
        .validUntil(now.plus(java.time.Duration.ofDays(30)))
        .purpose("personal health management", "ServiceProvision", true)
        .dataCategory("health.checkup", true)
        .dataCategory("health.prescription", true)
        .transmission(
            kr.consentledger.wallet.credential.ConsentCredential.Transmission.oneTime(
                now.plus(java.time.Duration.ofDays(30))))
        .retentionPeriod("P1Y")
        .legalBasis("PIPA Art. 35-2")
        .withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents")
        .build()
        .issue(assertionSigner());
  }

  public String signCredential(JsonObject vc) {
    return sign("vc+jwt", "vc", vc, assertionSigner());
  }

  /** The anchor statement payload matching a credential. */
  public static JsonObject anchorFor(JsonObject vc, String credentialJws) {
    JsonObject s = vc.getJsonObject("credentialSubject");
    return new JsonObject()
        .put("consentId", vc.getString("id"))
        .put("credentialHash", hash(credentialJws))
        .put("subject", vc.getString("issuer"))
        .put("provider", s.getJsonObject("provider").getString("id"))
        .put("recipient", s.getJsonObject("recipient").getString("id"))
        .put("validFrom", vc.getString("validFrom"))
        .put("validUntil", vc.getString("validUntil"));
  }

  public String signAnchor(JsonObject anchor) {
    return sign("consent-anchor+jwt", null, anchor, assertionSigner());
  }

  public static JsonObject revocationFor(String consentId, String credentialJws, String subject) {
    return new JsonObject()
        .put("consentId", consentId)
        .put("credentialHash", hash(credentialJws))
        .put("subject", subject)
        .put("reason", "withdrawn");
  }

  public String signRevocation(JsonObject revocation) {
    return sign("consent-revocation+jwt", null, revocation, authSigner());
  }

  public String didAuth(String challenge, long iat, long exp) {
    return sign(
        "didauth+jwt",
        null,
        new JsonObject()
            .put("iss", did)
            .put("aud", "consent-service")
            .put("challenge", challenge)
            .put("iat", iat)
            .put("exp", exp),
        authSigner());
  }

  /** Lowercase hex SHA-256 of a compact JWS's ASCII bytes (§2's credential hash). */
  public static String hash(String jws) {
    try {
      StringBuilder sb = new StringBuilder(64);
      for (byte b :
          MessageDigest.getInstance("SHA-256").digest(jws.getBytes(StandardCharsets.US_ASCII))) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
