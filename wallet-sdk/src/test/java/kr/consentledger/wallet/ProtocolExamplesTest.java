/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.BitstringStatusList;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.StatusListCredential;
import kr.consentledger.wallet.credential.StatusListEntry;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.PrivateKeyExport;
import kr.consentledger.wallet.keys.WalletKeyPair;
import kr.consentledger.wallet.keys.WalletKeyStore;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the protocol documents are the bytes the SDK makes and accepts today: a
 * document that drifts from the code fails here.
 */
class ProtocolExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONSENT_PROTOCOL =
      Path.of("..", "ledger-chaincode", "CONSENT-PROTOCOL.md");

  @Test
  void the_presentation_example_is_the_fixture_and_verifies_with_the_documented_payload()
      throws Exception {
    String doc = Files.readString(CONSENT_PROTOCOL, StandardCharsets.UTF_8);
    JsonNode fixture = fixture("receipt/presentation-and-receipt.json");
    String jws = example(doc, "presentation-jws");

    assertThat(jws).isEqualTo(fixture.get("presentation").asText());
    String receiptProvider =
        ReceiptStatements.parseReceipt(fixture.get("receipt").asText()).provider();
    VerifiablePresentation vp =
        Verifier.builder()
            .resolver(DidResolvers.local())
            .clock(Clock.fixed(Instant.parse(ReceiptFixtures.TX_TIME), ZoneOffset.UTC))
            .build()
            .verifyPresentation(jws, receiptProvider, "receipt-fixtures-challenge-1");
    assertThat(vp.holder()).isEqualTo("did:key:z6MkwWfjtR17UGGQxrjy3aMQg2Yg3Ygz3AbBNMdr47bHkuXQ");

    String[] parts = jws.split("\\.", -1);
    assertThat(JSON.readTree(decode(parts[0])))
        .isEqualTo(JSON.readTree(example(doc, "presentation-header")));
    ObjectNode payload = (ObjectNode) JSON.readTree(decode(parts[1]));
    ObjectNode documented = (ObjectNode) JSON.readTree(example(doc, "presentation-payload"));
    // The document shortens the enveloped credential's JWS and ends it with "…".
    ObjectNode envelope = (ObjectNode) payload.get("verifiableCredential").get(0);
    String shortened =
        documented.get("verifiableCredential").get(0).get("id").asText().replace("…", "");
    assertThat(envelope.get("id").asText()).startsWith(shortened);
    envelope.put("id", documented.get("verifiableCredential").get(0).get("id").asText());
    assertThat(payload).isEqualTo(documented);

    assertThat(example(doc, "presentation-hash"))
        .isEqualTo(ReceiptStatements.presentationHash(jws))
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(jws.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void the_statement_examples_are_the_fixtures_with_the_documented_header_payload_and_hash()
      throws Exception {
    String consent = Files.readString(CONSENT_PROTOCOL, StandardCharsets.UTF_8);
    String receipt =
        Files.readString(
            Path.of("..", "ledger-chaincode", "RECEIPT-PROTOCOL.md"), StandardCharsets.UTF_8);

    JsonNode pair = fixture("consent/credential-and-anchor.json");
    String credential = example(consent, "credential-jws");
    assertThat(credential).isEqualTo(pair.get("credential").asText());
    String[] c = credential.split("\\.", -1);
    assertThat(JSON.readTree(decode(c[0])))
        .isEqualTo(JSON.readTree(example(consent, "credential-header")));
    assertThat(JSON.readTree(decode(c[1])))
        .isEqualTo(JSON.readTree(example(consent, "credential-payload")));
    assertThat(
            kr.consentledger.wallet.credential.ConsentCredential.parse(credential).credentialHash())
        .isEqualTo(example(consent, "credential-hash"));
    statement(consent, "anchor", "consent/01-anchor-did-key.json");
    statement(consent, "revocation", "consent/03-revoke-did-fabric.json");
    statement(receipt, "receipt", "receipt/02-recorded-did-key.json");
    assertThat(
            kr.consentledger.wallet.consent.ConsentStatements.parseAnchor(
                    example(consent, "anchor-jws"))
                .statementHash())
        .isEqualTo(example(consent, "anchor-hash"));
    assertThat(ReceiptStatements.parseReceipt(example(receipt, "receipt-jws")).receiptId())
        .isNotBlank();
  }

  @Test
  void the_did_auth_example_is_the_token_the_sdk_signs_for_the_documented_challenge_and_time()
      throws Exception {
    String doc = Files.readString(CONSENT_PROTOCOL, StandardCharsets.UTF_8);
    JsonNode request = JSON.readTree(example(doc, "didauth-challenge-request"));
    JsonNode response = JSON.readTree(example(doc, "didauth-challenge-response"));
    String jws = example(doc, "didauth-jws");
    JsonNode header = JSON.readTree(example(doc, "didauth-header"));
    JsonNode payload = JSON.readTree(example(doc, "didauth-payload"));
    WalletKeyPair key =
        WalletKeyPair.fromJwk(
            fixture("consent/keys.json").at("/subject-did-key/privateJwk").toString());
    String did = DidKey.create(key.publicKey());
    Instant iat = Instant.ofEpochSecond(payload.get("iat").asLong());

    // The same bytes from the SDK: Ed25519 is deterministic.
    String signed =
        DidAuth.token(
            did,
            response.get("challenge").asText(),
            DidAuth.CONSENT_SERVICE,
            key.signer(did + "#" + key.publicKey().toMultibase()),
            Clock.fixed(iat, ZoneOffset.UTC),
            Duration.ofSeconds(payload.get("exp").asLong() - payload.get("iat").asLong()));
    assertThat(jws).isEqualTo(signed);
    String[] parts = jws.split("\\.", -1);
    assertThat(decode(parts[0])).isEqualTo(example(doc, "didauth-header"));
    assertThat(decode(parts[1])).isEqualTo(example(doc, "didauth-payload"));
    assertThat(request.get("did").asText()).isEqualTo(did).isEqualTo(payload.get("iss").asText());
    assertThat(payload.get("challenge")).isEqualTo(response.get("challenge"));
    assertThat(Instant.parse(response.get("expiresAt").asText()))
        .isEqualTo(iat.plus(Duration.ofMinutes(5)));
    assertThat(iat).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));

    // A verifier accepts it at iat, with the key of the kid under authentication.
    DidAuth.Token t = DidAuth.parse(jws, iat);
    assertThat(t.keyId()).isEqualTo(header.get("kid").asText());
    Verifier.verifyJws(
        t.jws(), DidKey.resolve(did), t.keyId(), VerificationRelationship.AUTHENTICATION);
  }

  @Test
  void the_key_export_example_is_the_sdks_jwk_and_its_jwe_decrypts_to_it_with_the_passphrase()
      throws Exception {
    String doc = Files.readString(CONSENT_PROTOCOL, StandardCharsets.UTF_8);
    JsonNode fixture = fixture("consent/keys.json").get("fabric-subject-key-1");
    WalletKeyPair key = WalletKeyPair.fromJwk(fixture.get("privateJwk").toString());
    String kid = fixture.get("did").asText() + "#key-1";
    String jwk = example(doc, "key-export-jwk");
    char[] passphrase = example(doc, "key-export-passphrase").toCharArray();
    String jwe = example(doc, "key-export-jwe");

    assertThat(jwk).isEqualTo(PrivateKeyExport.privateJwk(key, kid));
    PrivateKeyExport.Imported plain = PrivateKeyExport.read(jwk, null);
    assertThat(plain.kid()).isEqualTo(kid);
    assertThat(plain.key().privateKey()).isEqualTo(key.privateKey());
    assertThat(JSON.readTree(decode(jwe.split("\\.", -1)[0])))
        .isEqualTo(JSON.readTree(example(doc, "key-export-jwe-header")));
    assertThat(JSON.readTree(example(doc, "key-export-jwe-header")).get("p2c").asInt())
        .isEqualTo(WalletKeyStore.DEFAULT_ITERATIONS);
    PrivateKeyExport.Imported decrypted = PrivateKeyExport.read(jwe, passphrase);
    assertThat(decrypted.kid()).isEqualTo(kid);
    assertThat(decrypted.key().privateKey()).isEqualTo(key.privateKey());
    assertThat(decrypted.key().publicKey()).isEqualTo(key.publicKey());
  }

  /** The list URL and index of the status list examples (§2a). */
  static final String LIST_URL = "https://consent.example.kr/status-lists/1";

  static final long LIST_INDEX = 94_567;

  @Test
  void the_status_list_examples_are_what_the_sdk_makes_and_they_verify() throws Exception {
    String consentDoc = Files.readString(CONSENT_PROTOCOL, StandardCharsets.UTF_8);
    ConsentFixtures.Keys k = new ConsentFixtures.Keys();
    String credential =
        ConsentFixtures.credential(
                k,
                ConsentFixtures.ID_1,
                k.subjectDid,
                "2026-11-22T00:00:00Z",
                "2027-05-22T00:00:00Z")
            .statusListEntry(LIST_URL, LIST_INDEX)
            .build()
            .issue(k.subjectSigner)
            .jws();
    WalletKeyPair operatorKey =
        GoldenFixtures.fixedKey("status-list-fixtures", KeyType.ED25519, "operator");
    String operator = DidFabric.didFor(operatorKey.publicKey());
    BitstringStatusList bits = BitstringStatusList.create(BitstringStatusList.MIN_LENGTH);
    bits.set(LIST_INDEX, true);
    String list =
        StatusListCredential.issue(
                LIST_URL,
                operator,
                StatusListEntry.REVOCATION,
                bits,
                Instant.parse("2026-12-04T10:00:00Z"),
                operatorKey.signer(operator + "#key-1"))
            .credential()
            .jws();
    Files.writeString(
        Path.of("target", "status-list-examples.txt"),
        credential
            + "\n\n"
            + decode(credential.split("\\.")[1])
            + "\n\n"
            + list
            + "\n\n"
            + decode(list.split("\\.")[1])
            + "\n");

    assertThat(example(consentDoc, "credential-status-jws")).isEqualTo(credential);
    assertThat(JSON.readTree(decode(credential.split("\\.")[1])).get("credentialStatus"))
        .isEqualTo(JSON.readTree(example(consentDoc, "credential-status-entries")));
    ConsentCredential parsed = ConsentCredential.parse(credential);
    assertThat(parsed.statusListEntry()).contains(StatusListEntry.revocation(LIST_URL, LIST_INDEX));

    // The list's GZIP bytes may differ between zlib builds: the documented list is checked by
    // its signature and its bits, not byte for byte.
    String documented = example(consentDoc, "status-list-jws");
    VerifiableCredential vc = VerifiableCredential.parse(documented);
    Verifier.verifyCredential(vc, DidFabric.newDocument(operatorKey.publicKey()).build());
    StatusListCredential read = StatusListCredential.parse(vc);
    assertThat(read.statusOf(parsed.statusListEntry().orElseThrow()))
        .isEqualTo(new StatusListCredential.Status(1, "revocation", false));
    assertThat(read.list().toBytes()).isEqualTo(bits.toBytes());
    ObjectNode payload = (ObjectNode) JSON.readTree(decode(documented.split("\\.")[1]));
    ObjectNode documentedPayload =
        (ObjectNode) JSON.readTree(example(consentDoc, "status-list-payload"));
    ((ObjectNode) payload.get("credentialSubject")).put("encodedList", "…");
    assertThat(payload).isEqualTo(documentedPayload);
  }

  private static void statement(String doc, String name, String fixture) throws Exception {
    String jws = example(doc, name + "-jws");
    assertThat(jws).as(name).isEqualTo(fixture(fixture).get("statement").asText());
    String[] parts = jws.split("\\.", -1);
    assertThat(JSON.readTree(decode(parts[0])))
        .as(name + " header")
        .isEqualTo(JSON.readTree(example(doc, name + "-header")));
    assertThat(JSON.readTree(decode(parts[1])))
        .as(name + " payload")
        .isEqualTo(JSON.readTree(example(doc, name + "-payload")));
    assertThat(example(doc, name + "-hash"))
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(jws.getBytes(StandardCharsets.US_ASCII))));
  }

  /** The fenced block that follows {@code <!-- example NAME -->}, without its fences. */
  static String example(String doc, String name) {
    Matcher m =
        Pattern.compile(
                "<!-- example " + Pattern.quote(name) + " -->\\s*```\\w*\\n(.*?)\\n```",
                Pattern.DOTALL)
            .matcher(doc);
    assertThat(m.find()).as("example " + name + " in the document").isTrue();
    return m.group(1).strip();
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = ProtocolExamplesTest.class.getResourceAsStream("/" + name)) {
      return JSON.readTree(in);
    }
  }
}
