/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.ConsentCredentialBuilder;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;

/** A party of the integration tests: a fresh did:key and a signer with its one key. */
record Party(WalletKeyPair key, String did, Signer signer) {
  private static final ObjectMapper CHALLENGE_JSON = new ObjectMapper();

  static Party didKey(KeyType type) {
    WalletKeyPair key = WalletKeyPair.generate(type);
    String did = DidKey.create(key.publicKey());
    return new Party(key, did, key.signer(did + "#" + did.substring("did:key:".length())));
  }

  /**
   * Registers the participants of a test through org1's admin identity: {@code auditors} as "{@code
   * <name> Auditor}", {@code provider} as "{@code <name> Hospital}" and {@code recipient} as
   * "{@code <name> MyData Co.}".
   */
  static void register(
      NetworkInfo info, String name, Party provider, Party recipient, Party... auditors)
      throws Exception {
    try (GatewayConnection admin =
        GatewayConnection.open(
            info.organization("org1").adminEndpoint(), GatewayTimeouts.DEFAULT)) {
      var participants =
          admin.network(info.channel()).getContract(info.chaincode(), "participants");
      for (Party auditor : auditors) {
        participants.submitTransaction("Register", auditor.did(), "auditor", name + " Auditor");
      }
      participants.submitTransaction("Register", provider.did(), "provider", name + " Hospital");
      participants.submitTransaction(
          "Register", recipient.did(), "recipient", name + " MyData Co.");
    }
  }

  /**
   * A DID-auth token of this party for consent-service, valid for {@code lifetime}, over the
   * challenge in {@code challengeAnswer} (the body of a {@code POST /auth/challenges} answer).
   */
  String didAuthToken(String challengeAnswer, Duration lifetime) throws Exception {
    return DidAuth.token(
        did,
        CHALLENGE_JSON.readTree(challengeAnswer).get("challenge").asText(),
        DidAuth.CONSENT_SERVICE,
        signer,
        Clock.systemUTC(),
        lifetime);
  }

  /**
   * A verifiable presentation of {@code consent} by this party (its recipient) to {@code provider},
   * with a fresh nonce.
   */
  String presentation(ConsentCredential consent, Party provider) throws Exception {
    return VerifiablePresentation.builder()
        .holder(did)
        .credential(consent.verifiableCredential())
        .audience(provider.did())
        .nonce(UUID.randomUUID().toString())
        .sign(signer)
        .jws();
  }

  /**
   * The body of {@code POST /verifications}: a fresh presentation of {@code consent} by this party
   * (its recipient) to {@code provider}, the provider's receipt for health check-ups, and the
   * transmission it asks about (service provision).
   */
  String verificationRequest(ConsentCredential consent, Party provider) throws Exception {
    String vp = presentation(consent, provider);
    String receipt =
        ReceiptStatements.receipt(
            "urn:uuid:" + UUID.randomUUID(),
            consent.consentId(),
            provider.did(),
            did,
            java.util.List.of("health.checkup"),
            ReceiptStatements.presentationHash(vp),
            provider.signer());
    var body = CHALLENGE_JSON.createObjectNode().put("presentation", vp).put("receipt", receipt);
    body.putObject("transmission")
        .put("recipient", did)
        .put("purpose", "ServiceProvision")
        .putArray("categories")
        .add("health.checkup");
    return body.toString();
  }

  /**
   * A consent of this subject for {@code provider} to send health check-ups (and, with {@code
   * prescriptions}, prescriptions) to {@code recipient} for service provision, from now until
   * {@code until}.
   */
  ConsentCredential consentFor(
      Party provider, Party recipient, Instant validUntil, boolean prescriptions) throws Exception {
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant until = validUntil.truncatedTo(ChronoUnit.SECONDS);
    ConsentCredentialBuilder b =
        ConsentCredential.builder()
            .subject(did, "Test Subject", "mailto:subject@example.kr")
            .provider(provider.did(), "Test Hospital")
            .recipient(recipient.did(), "Test MyData Co.")
            .validFrom(from)
            .validUntil(until)
            .purpose("health management", "ServiceProvision", true)
            .dataCategory("health.checkup", true);
    if (prescriptions) {
      b.dataCategory("health.prescription", true);
    }
    Instant transmitUntil =
        until.isBefore(from.plus(30, ChronoUnit.DAYS)) ? until : from.plus(30, ChronoUnit.DAYS);
    return b.transmission(ConsentCredential.Transmission.oneTime(transmitUntil))
        .retentionPeriod("P1Y")
        .legalBasis("PIPA Art. 35-2")
        .withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents")
        .build()
        .issue(signer);
  }
}
