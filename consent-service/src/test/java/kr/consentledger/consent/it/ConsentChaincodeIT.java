/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chaincode's own checks, with no service in the way: statements go straight through the
 * gateway, so only the chaincode can refuse them.
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class})
class ConsentChaincodeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static GatewayConnection connection;
  private static Contract consents;

  @BeforeAll
  static void connect(NetworkInfo info) throws Exception {
    connection =
        GatewayConnection.open(info.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT);
    consents = connection.network(info.channel()).getContract(info.chaincode(), "consents");
  }

  @AfterAll
  static void close() {
    if (connection != null) {
      connection.close();
    }
  }

  private static ConsentCredential consent(Party subject, Party provider, Party recipient)
      throws Exception {
    return subject.consentFor(provider, recipient, Instant.now().plus(90, ChronoUnit.DAYS), false);
  }

  /**
   * The statement's payload under a header naming {@code signer}'s key, signed by it: what a party
   * that is not the subject could send (the SDK refuses to make it).
   */
  private static String forge(String statement, Signer signer) throws Exception {
    String typ =
        JSON.readTree(java.util.Base64.getUrlDecoder().decode(statement.split("\\.")[0]))
            .get("typ")
            .asText();
    String header =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                JSON.createObjectNode()
                    .put("alg", signer.algorithm())
                    .put("kid", signer.keyId())
                    .put("typ", typ)
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String input = header + "." + statement.split("\\.")[1];
    return input
        + "."
        + java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                signer.sign(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  private static JsonNode submit(String function, String statement) throws Exception {
    return JSON.readTree(
            consents.submitTransaction(function, JSON.createArrayNode().add(statement).toString()))
        .get(0);
  }

  @Test
  void a_revocation_signed_by_anyone_but_the_subject_is_refused_by_the_chaincode()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.P256);
    Party recipient = Party.didKey(KeyType.SECP256K1);
    ConsentCredential consent = consent(subject, provider, recipient);
    assertThat(
            submit("Anchor", ConsentStatements.anchor(consent, subject.signer()))
                .get("result")
                .asText())
        .isEqualTo("anchored");

    String real =
        ConsentStatements.revocation(
            consent.consentId(),
            consent.credentialHash(),
            subject.did(),
            ConsentStatements.Reason.WITHDRAWN,
            subject.signer());
    for (Party other : new Party[] {provider, recipient}) {
      // The other party signs a revocation naming the subject, with its own key.
      JsonNode result = submit("Revoke", forge(real, other.signer()));
      assertThat(result.get("result").asText()).isEqualTo("rejected");
      assertThat(result.get("code").asText()).isEqualTo("NOT_AUTHORISED");
    }
    JsonNode status = JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()));
    assertThat(status.get("status").asText()).isEqualTo("ConsentGiven");

    assertThat(submit("Revoke", real).get("result").asText()).isEqualTo("revoked");
    assertThat(
            JSON.readTree(consents.evaluateTransaction("Status", consent.consentId()))
                .get("status")
                .asText())
        .isEqualTo("ConsentWithdrawn");
    assertThat(submit("Revoke", real).get("result").asText()).isEqualTo("unchanged");
  }

  @Test
  void an_anchor_whose_signature_does_not_match_its_subject_is_refused_by_the_chaincode()
      throws Exception {
    Party subject = Party.didKey(KeyType.ED25519);
    Party impostor = Party.didKey(KeyType.ED25519);
    Party provider = Party.didKey(KeyType.P256);
    Party recipient = Party.didKey(KeyType.P256);
    ConsentCredential consent = consent(subject, provider, recipient);
    // The impostor signs with its own key but claims the subject's key id.
    Signer claimingSubject = impostor.key().signer(subject.signer().keyId());

    String anchor = ConsentStatements.anchor(consent, subject.signer());
    JsonNode forged = submit("Anchor", forge(anchor, claimingSubject));
    JsonNode byImpostorKey = submit("Anchor", forge(anchor, impostor.signer()));

    assertThat(forged.get("result").asText()).isEqualTo("rejected");
    assertThat(forged.get("code").asText()).isEqualTo("BAD_SIGNATURE");
    assertThat(byImpostorKey.get("code").asText()).isEqualTo("NOT_AUTHORISED");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> consents.evaluateTransaction("Status", consent.consentId()))
        .isInstanceOfSatisfying(
            org.hyperledger.fabric.client.GatewayException.class,
            e -> assertThat(e.getMessage() + e.getDetails()).contains("CONSENT_NOT_FOUND"));
  }
}
