/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidOperation;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.WalletKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * did:fabric in the wallet against {@link FabricRegistrarFake} (the chaincode's rules, from the
 * SDK): update, rotate, deactivate, and consents signed as a did:fabric subject.
 */
class DidFabricCommandTest {
  static final String PROVIDER = "did:key:z6MkgQx6XbN68cDgeR9oEkinYuh5JGqyzKhQttzCzmvizt4H";
  static final String RECIPIENT = "did:key:z6MkwWfjtR17UGGQxrjy3aMQg2Yg3Ygz3AbBNMdr47bHkuXQ";

  @TempDir Path dir;
  ServiceStub stub;
  FabricRegistrarFake ledger;
  WalletRun w;
  String did;

  @BeforeEach
  void start() throws Exception {
    stub = new ServiceStub();
    ledger = new FabricRegistrarFake(stub);
    w = new WalletRun(dir);
    w.env.put("CONSENT_WALLET_SERVICE", stub.url());
    w.env.put("CONSENT_WALLET_RESOLVER", stub.url() + "/1.0/identifiers/");
    w.json("keys", "create", "alice");
    did = w.json("did", "create", "--key", "alice", "--method", "fabric").get("did").asText();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private WalletKeyStore store() throws Exception {
    return WalletKeyStore.load(dir.resolve("keys.jwe"), WalletRun.PASSPHRASE.toCharArray());
  }

  private JsonNode record() throws Exception {
    return new WalletFiles(dir).did(did).orElseThrow();
  }

  @Test
  void rotateMakesANewKeyTheDidsOnlyKeyAndKeepsTheOldOneRetired() throws Exception {
    JsonNode rotated = w.json("did", "rotate", did, "--type", "p256");

    DidDocument doc = DidDocument.parse(ledger.document(did).toString());
    WalletKeyStore keys = store();
    assertThat(keys.aliases()).containsExactly("alice", "alice-key-2");
    assertThat(keys.retiredAt("alice")).isPresent();
    assertThat(keys.retiredAt("alice-key-2")).isEmpty();
    assertThat(doc.verificationMethods())
        .singleElement()
        .satisfies(
            vm -> {
              assertThat(vm.id()).isEqualTo(did + "#key-2");
              assertThat(vm.publicKey())
                  .isEqualTo(keys.get("alice-key-2").orElseThrow().publicKey());
            });
    assertThat(doc.authorizes("#key-2", VerificationRelationship.ASSERTION_METHOD)).isTrue();
    DidOperation update =
        DidOperation.parse(
            Output.parse(stub.last("POST", "/1.0/update").body())
                .at("/secret/signedOperation")
                .asText());
    assertThat(update.keyId()).isEqualTo(did + "#key-1");
    assertThat(rotated.get("versionId").asText())
        .isEqualTo(update.versionId())
        .isEqualTo(ledger.states.get(did).versionId());
    assertThat(record().get("key").asText()).isEqualTo("alice-key-2");
    assertThat(record().get("keyId").asText()).isEqualTo(did + "#key-2");
    assertThat(record().at("/retiredKeys/0/key").asText()).isEqualTo("alice");
    w.run("keys", "list");
    assertThat(w.out).contains("retired");
    w.run("keys", "export", "--private", "alice-key-2", "--unencrypted", "--out", "-");
    assertThat(Output.parse(w.out).get("kid").asText()).isEqualTo(did + "#key-2");

    // Again: #key-3, signed by #key-2; then the deactivation is signed by #key-3.
    w.json("did", "rotate", did, "--new-key", "alice-3");
    assertThat(ledger.document(did).at("/verificationMethod/0/id").asText())
        .isEqualTo(did + "#key-3");
    w.json("did", "deactivate", did);
    DidOperation off =
        DidOperation.parse(
            Output.parse(stub.last("POST", "/1.0/deactivate").body())
                .at("/secret/signedOperation")
                .asText());
    assertThat(off.keyId()).isEqualTo(did + "#key-3");
    assertThat(ledger.states.get(did).deactivated()).isTrue();
    w.run("did", "resolve", did);
    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: deactivated: the DID was deactivated");
  }

  @Test
  void aConsentOfADidFabricSubjectIsSignedWithItsCurrentKeyAndRevokedWithTheRotatedOne()
      throws Exception {
    JsonNode made = w.json(WalletRun.createConsent(null, PROVIDER, RECIPIENT, "--subject", did));
    String consentId = made.get("consentId").asText();
    ConsentCredential credential = ConsentCredential.parse(made.get("credential").asText());
    assertThat(credential.subject()).isEqualTo(did);
    DidDocument before = DidDocument.parse(ledger.document(did).toString());
    Verifier.verifyCredential(credential.verifiableCredential(), before);
    ConsentStatements.Anchor anchor = ConsentStatements.parseAnchor(made.get("anchor").asText());
    assertThat(anchor.keyId()).isEqualTo(did + "#key-1");

    JsonNode rotated = w.json("did", "rotate", did);
    assertThat(rotated.get("consentsSignedWithRetiredKey")).containsExactly(made.get("consentId"));
    stub.answer(
        "POST /consents/" + consentId + "/revocation",
        202,
        "{\"consentId\":\"" + consentId + "\",\"status\":\"ConsentGiven\"}");
    w.json("consent", "revoke", consentId);

    String revocation =
        Output.parse(stub.last("POST", "/consents/" + consentId + "/revocation").body())
            .get("revocation")
            .asText();
    ConsentStatements.Revocation r = ConsentStatements.parseRevocation(revocation);
    DidDocument after = DidDocument.parse(ledger.document(did).toString());
    assertThat(r.keyId()).isEqualTo(did + "#key-2");
    Verifier.verifyJws(revocation, after, r.keyId(), VerificationRelationship.AUTHENTICATION);

    // DID-auth as the did:fabric: the token is the DID's, signed with its current key.
    stub.answer("GET /consents?page=0&size=100", 200, "{\"consents\":[]}");
    w.json("consent", "list", "--subject", did);
    DidAuth.Token token =
        DidAuth.parse(
            stub.last("GET", "/consents?").authorization().substring("DIDAuth ".length()),
            Instant.now());
    assertThat(token.issuer()).isEqualTo(did);
    Verifier.verifyJws(token.jws(), after, token.keyId(), VerificationRelationship.AUTHENTICATION);
  }

  @Test
  void updateAddsAndRemovesServicesAndKeys() throws Exception {
    w.json("keys", "create", "bob", "--type", "p256");

    w.json(
        "did",
        "update",
        did,
        "--add-service",
        "#consent",
        "ConsentLedgerService",
        "https://consent.example.kr/api",
        "--add-key",
        "bob");

    JsonNode doc = ledger.document(did);
    assertThat(doc.at("/service/0/serviceEndpoint").asText())
        .isEqualTo("https://consent.example.kr/api");
    assertThat(doc.at("/verificationMethod/1/id").asText()).isEqualTo(did + "#key-2");
    assertThat(record().get("versionId").asText()).isEqualTo(ledger.states.get(did).versionId());

    w.json("did", "update", did, "--remove-key", "#key-2", "--remove-service", "#consent");
    assertThat(ledger.document(did).has("service")).isFalse();
    assertThat(ledger.document(did).get("verificationMethod")).hasSize(1);

    w.run("did", "update", did, "--remove-service", "#consent");
    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("nothing changes");
    w.run("did", "update", did);
    assertThat(w.code).isEqualTo(2);
    w.run("did", "update", did, "--remove-key", "#key-1");
    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("did rotate");
  }

  @Test
  void aRefusedRotationLeavesTheStoreAndTheRecordAsTheyWere() throws Exception {
    String version = ledger.states.get(did).versionId();
    stub.handlers.remove("POST /1.0/update");
    stub.problem("POST /1.0/update", 409, "VERSION_MISMATCH", "not the current version");
    String recordBefore = record().toString();

    w.run("did", "rotate", did);

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: VERSION_MISMATCH:");
    assertThat(store().aliases()).containsExactly("alice");
    assertThat(store().retiredAt("alice")).isEmpty();
    assertThat(record().toString()).isEqualTo(recordBefore);
    assertThat(ledger.states.get(did).versionId()).isEqualTo(version);
  }

  @Test
  void aRotationWhoseOutcomeIsUnknownKeepsTheNewKeyAndSaysSo() throws Exception {
    stub.handlers.remove("POST /1.0/update");
    stub.problem("POST /1.0/update", 503, "OVERLOADED", "try later");

    w.run("did", "rotate", did);

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: OVERLOADED:").contains("alice-key-2", "did resolve");
    assertThat(store().aliases()).containsExactly("alice", "alice-key-2");
    assertThat(store().retiredAt("alice")).isEmpty();
    assertThat(record().get("key").asText()).isEqualTo("alice");
  }

  @Test
  void aKeyThatIsNotTheDidsKeyCannotSignForIt() throws Exception {
    w.json("keys", "create", "mallory");

    w.run(WalletRun.createConsent("mallory", PROVIDER, RECIPIENT, "--subject", did));

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: NOT_AUTHORISED:");
    w.run(WalletRun.createConsent(null, PROVIDER, RECIPIENT, "--subject", "did:fabric:unknown1"));
    assertThat(w.code).isEqualTo(2);
    assertThat(Files.exists(dir.resolve("consents"))).isFalse();
  }

  @Test
  void theVersionTheWalletWroteIsResolvedByIdSoALaggingResolverCacheDoesNotMatter()
      throws Exception {
    ServiceStub.Answer before = stub.answers.get("GET /1.0/identifiers/" + did);
    w.json("did", "rotate", did);
    // The resolver's cache still serves the document before the rotation as the latest.
    stub.answers.put("GET /1.0/identifiers/" + did, before);

    w.json("did", "deactivate", did);

    assertThat(ledger.states.get(did).deactivated()).isTrue();
  }

  @Test
  void aChangeMadeElsewhereIsSeenThroughTheNextVersion() throws Exception {
    w.json("keys", "create", "bob");
    w.json("did", "update", did, "--add-key", "bob");
    // Another copy of the wallet still holds the version before that update.
    ObjectNode stale = new WalletFiles(dir).did(did).orElseThrow();
    stale.put("versionId", ledger.states.get(did).versionId());
    w.json("did", "update", did, "--add-service", "#s", "LinkedDomains", "https://a.example");
    new WalletFiles(dir).putDid(stale);

    w.json("did", "update", did, "--remove-service", "#s");

    assertThat(ledger.document(did).has("service")).isFalse();
  }

  @Test
  void aDidFabricPresentsItsConsentWithItsCurrentKey() throws Exception {
    w.json("did", "rotate", did);
    JsonNode made = w.json(WalletRun.createConsent(null, PROVIDER, RECIPIENT, "--subject", did));

    JsonNode vp =
        w.json(
            "present",
            "--holder",
            did,
            "--to",
            PROVIDER,
            "--nonce",
            "n-1",
            "--consent",
            made.get("consentId").asText());

    DidResolver ledgerResolver = d -> ledger.states.get(d).document();
    VerifiablePresentation verified =
        Verifier.builder()
            .resolver(
                DidResolvers.byMethod(
                    Map.of("key", DidResolvers.local(), "fabric", ledgerResolver)))
            .clock(Clock.systemUTC())
            .build()
            .verifyPresentation(vp.get("presentation").asText(), PROVIDER, "n-1");
    assertThat(verified.holder()).isEqualTo(did);
    assertThat(vp.get("holder").asText()).isEqualTo(did);
  }
}
