/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.consent.StatementsAccess;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiptStatementsTest {
  private static final ReceiptFixtures.Keys KEYS = new ReceiptFixtures.Keys();
  private static final String RECEIPT_ID = ReceiptFixtures.RECEIPT_1;
  private static final String CONSENT_ID = ReceiptFixtures.CONSENT_1;
  private static final String HASH =
      ReceiptStatements.presentationHash("eyJhbGciOiJFZERTQSJ9.e30.c2ln");
  private static final List<String> CATEGORIES = ReceiptFixtures.CATEGORIES;

  private static String receipt() throws WalletException {
    return ReceiptStatements.receipt(
        RECEIPT_ID,
        CONSENT_ID,
        KEYS.providerDid,
        KEYS.recipientDid,
        CATEGORIES,
        HASH,
        KEYS.providerSigner);
  }

  private static ObjectNode payloadOf(String jws) throws Exception {
    return Jws.parse(jws).payloadObject().orElseThrow();
  }

  @Test
  void receipt_has_the_receipt_typ_the_provider_kid_and_exactly_the_six_members() throws Exception {
    String jws = receipt();

    Jws.Parsed parsed = Jws.parse(jws);
    assertThat(parsed.header().toString())
        .isEqualTo(
            "{\"alg\":\"ES256\",\"kid\":\""
                + KEYS.providerDid
                + "#key-1\",\"typ\":\"transmission-receipt+jwt\"}");
    assertThat(new String(parsed.payload(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"categories\":[\"health.checkup\",\"health.prescription\"],\"consentId\":\""
                + CONSENT_ID
                + "\",\"presentationHash\":\""
                + HASH
                + "\",\"provider\":\""
                + KEYS.providerDid
                + "\",\"receiptId\":\""
                + RECEIPT_ID
                + "\",\"recipient\":\""
                + KEYS.recipientDid
                + "\"}");
    parsed.verify(KEYS.provider.publicKey());
  }

  @Test
  void receipt_is_deterministic_and_keeps_the_category_order() throws Exception {
    List<String> reversed = new ArrayList<>(CATEGORIES);
    Collections.reverse(reversed);

    assertThat(receipt()).isEqualTo(receipt());
    String other =
        ReceiptStatements.receipt(
            RECEIPT_ID,
            CONSENT_ID,
            KEYS.providerDid,
            KEYS.recipientDid,
            reversed,
            HASH,
            KEYS.providerSigner);
    assertThat(ReceiptStatements.parseReceipt(other).categories()).isEqualTo(reversed);
  }

  @Test
  void receipt_without_an_id_gets_a_random_version_4_urn_uuid() throws Exception {
    String a =
        ReceiptStatements.receipt(
            null,
            CONSENT_ID,
            KEYS.providerDid,
            KEYS.recipientDid,
            CATEGORIES,
            HASH,
            KEYS.providerSigner);
    String b =
        ReceiptStatements.receipt(
            null,
            CONSENT_ID,
            KEYS.providerDid,
            KEYS.recipientDid,
            CATEGORIES,
            HASH,
            KEYS.providerSigner);

    String id = ReceiptStatements.parseReceipt(a).receiptId();
    assertThat(id)
        .matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(ReceiptStatements.parseReceipt(b).receiptId()).isNotEqualTo(id);
  }

  @Test
  void receipt_by_a_did_key_provider() throws Exception {
    String jws =
        ReceiptStatements.receipt(
            RECEIPT_ID,
            CONSENT_ID,
            KEYS.providerKeyDid,
            KEYS.recipientDid,
            CATEGORIES,
            HASH,
            KEYS.providerKeySigner);

    ReceiptStatements.Receipt r = ReceiptStatements.parseReceipt(jws);
    assertThat(r.provider()).isEqualTo(KEYS.providerKeyDid);
    assertThat(r.keyId()).isEqualTo(KEYS.providerKeySigner.keyId());
    Jws.parse(jws).verify(DidKey.publicKey(KEYS.providerKeyDid));
  }

  @Test
  void parse_receipt_returns_the_payload_fields_and_the_statement_hash() throws Exception {
    String jws = receipt();

    ReceiptStatements.Receipt r = ReceiptStatements.parseReceipt(jws);

    assertThat(r)
        .isEqualTo(
            new ReceiptStatements.Receipt(
                jws,
                KEYS.providerDid + "#key-1",
                RECEIPT_ID,
                CONSENT_ID,
                KEYS.providerDid,
                KEYS.recipientDid,
                CATEGORIES,
                HASH));
    assertThat(r.statementHash()).isEqualTo(Jws.sha256Hex(jws));
    assertThatThrownBy(() -> r.categories().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void presentation_hash_is_the_lowercase_hex_sha256_of_the_ascii_bytes() {
    // SHA-256("abc"), FIPS 180-2 appendix B.1
    assertThat(ReceiptStatements.presentationHash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThatThrownBy(() -> ReceiptStatements.presentationHash("caf\u00e9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("vpJws: ");
    assertThatThrownBy(() -> ReceiptStatements.presentationHash(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("vpJws: ");
    assertThatThrownBy(() -> ReceiptStatements.presentationHash(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("vpJws: ");
  }

  /** One builder argument set, with one member changed. */
  private record Args(
      String receiptId,
      String consentId,
      String provider,
      String recipient,
      List<String> categories,
      String hash,
      Signer signer) {
    static Args valid() {
      return new Args(
          RECEIPT_ID,
          CONSENT_ID,
          KEYS.providerDid,
          KEYS.recipientDid,
          CATEGORIES,
          HASH,
          KEYS.providerSigner);
    }
  }

  private static Arguments rule(String member, String rule, Args args) {
    return Arguments.of(member, rule, args);
  }

  private static List<String> numbered(int n) {
    return IntStream.range(0, n).mapToObj(i -> "health.c" + i).toList();
  }

  static Stream<Arguments> builderRules() {
    Args v = Args.valid();
    return Stream.of(
        rule(
            "receiptId",
            "not a urn:uuid",
            new Args(
                "receipt-1", v.consentId, v.provider, v.recipient, v.categories, v.hash, v.signer)),
        rule(
            "receiptId",
            "uppercase UUID",
            new Args(
                RECEIPT_ID.toUpperCase(Locale.ROOT).replace("URN:UUID:", "urn:uuid:"),
                v.consentId,
                v.provider,
                v.recipient,
                v.categories,
                v.hash,
                v.signer)),
        rule(
            "receiptId",
            "UUID of version 0",
            new Args(
                "urn:uuid:3b9d1c52-7f0e-0a8b-9c61-2d4e5f6a7b80",
                v.consentId,
                v.provider,
                v.recipient,
                v.categories,
                v.hash,
                v.signer)),
        rule(
            "consentId",
            "missing",
            new Args(v.receiptId, null, v.provider, v.recipient, v.categories, v.hash, v.signer)),
        rule(
            "consentId",
            "without urn:uuid:",
            new Args(
                v.receiptId,
                CONSENT_ID.substring(9),
                v.provider,
                v.recipient,
                v.categories,
                v.hash,
                v.signer)),
        rule(
            "providerDid",
            "not a DID",
            new Args(
                v.receiptId, v.consentId, "hospital", v.recipient, v.categories, v.hash, v.signer)),
        rule(
            "providerDid",
            "a did:web",
            new Args(
                v.receiptId,
                v.consentId,
                "did:web:hospital.example.kr",
                v.recipient,
                v.categories,
                v.hash,
                v.signer)),
        rule(
            "recipientDid",
            "not a DID",
            new Args(
                v.receiptId, v.consentId, v.provider, "mydata", v.categories, v.hash, v.signer)),
        rule(
            "recipientDid",
            "missing",
            new Args(v.receiptId, v.consentId, v.provider, null, v.categories, v.hash, v.signer)),
        rule(
            "categories",
            "missing",
            new Args(v.receiptId, v.consentId, v.provider, v.recipient, null, v.hash, v.signer)),
        rule(
            "categories",
            "empty",
            new Args(
                v.receiptId, v.consentId, v.provider, v.recipient, List.of(), v.hash, v.signer)),
        rule(
            "categories",
            "51 categories",
            new Args(
                v.receiptId, v.consentId, v.provider, v.recipient, numbered(51), v.hash, v.signer)),
        rule(
            "categories",
            "listed twice",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                List.of("health.checkup", "health.checkup"),
                v.hash,
                v.signer)),
        rule(
            "categories",
            "uppercase letter",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                List.of("health.Checkup"),
                v.hash,
                v.signer)),
        rule(
            "categories",
            "word starting with a digit",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                List.of("health.1checkup"),
                v.hash,
                v.signer)),
        rule(
            "categories",
            "empty word",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                List.of("health..checkup"),
                v.hash,
                v.signer)),
        rule(
            "categories",
            "trailing dot",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                List.of("health."),
                v.hash,
                v.signer)),
        rule(
            "categories",
            "hyphen",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                List.of("health.check-up"),
                v.hash,
                v.signer)),
        rule(
            "categories",
            "null item",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                Arrays.asList("health.checkup", null),
                v.hash,
                v.signer)),
        rule(
            "presentationHash",
            "uppercase hex",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                v.categories,
                HASH.toUpperCase(Locale.ROOT),
                v.signer)),
        rule(
            "presentationHash",
            "63 digits",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                v.categories,
                HASH.substring(1),
                v.signer)),
        rule(
            "providerSigner",
            "missing",
            new Args(
                v.receiptId, v.consentId, v.provider, v.recipient, v.categories, v.hash, null)),
        rule(
            "providerSigner",
            "a key of the recipient",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                v.categories,
                v.hash,
                KEYS.recipientSigner)),
        rule(
            "providerSigner",
            "a kid of another DID with the provider's DID as prefix",
            new Args(
                v.receiptId,
                v.consentId,
                v.provider,
                v.recipient,
                v.categories,
                v.hash,
                KEYS.provider.signer(KEYS.providerDid + "x#key-1"))));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("builderRules")
  void receipt_refuses_a_malformed_argument_and_names_it(String member, String rule, Args a) {
    assertThatThrownBy(
            () ->
                ReceiptStatements.receipt(
                    a.receiptId(),
                    a.consentId(),
                    a.provider(),
                    a.recipient(),
                    a.categories(),
                    a.hash(),
                    a.signer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(member + ": ");
  }

  @Test
  void receipt_accepts_the_limits_of_the_rules() throws Exception {
    List<String> fifty = numbered(50);
    String jws =
        ReceiptStatements.receipt(
            RECEIPT_ID,
            CONSENT_ID,
            KEYS.providerDid,
            "did:web:mydata.example.kr",
            fifty,
            HASH,
            KEYS.providerSigner);

    ReceiptStatements.Receipt r = ReceiptStatements.parseReceipt(jws);
    assertThat(r.categories()).hasSize(50);
    assertThat(r.recipient()).isEqualTo("did:web:mydata.example.kr");
    assertThat(
            ReceiptStatements.parseReceipt(
                    ReceiptStatements.receipt(
                        RECEIPT_ID,
                        CONSENT_ID,
                        KEYS.providerDid,
                        KEYS.recipientDid,
                        List.of("a", "b1.c2.d3"),
                        HASH,
                        KEYS.providerSigner))
                .categories())
        .containsExactly("a", "b1.c2.d3");
  }

  private static Arguments shape(String rule, Consumer<ObjectNode> edit, RejectionReason code) {
    return Arguments.of(rule, edit, code);
  }

  static Stream<Arguments> shapeRules() {
    return Stream.of(
        shape(
            "a seventh member",
            p -> p.put("subject", "did:example:1"),
            RejectionReason.INVALID_STATEMENT),
        shape("a missing member", p -> p.remove("recipient"), RejectionReason.INVALID_STATEMENT),
        shape(
            "a missing categories", p -> p.remove("categories"), RejectionReason.INVALID_STATEMENT),
        shape(
            "a member that is not a string",
            p -> p.put("receiptId", 1),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "categories as a string",
            p -> p.put("categories", "health.checkup"),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "a category that is not a string",
            p -> p.putArray("categories").add(1),
            RejectionReason.INVALID_STATEMENT),
        shape("no category", p -> p.putArray("categories"), RejectionReason.INVALID_STATEMENT),
        shape(
            "51 categories",
            p -> numbered(51).forEach(p.putArray("categories")::add),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "a category listed twice",
            p -> p.putArray("categories").add("a.b").add("a.b"),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "an uppercase category",
            p -> p.putArray("categories").add("health.Checkup"),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "a receipt id that is not a urn:uuid",
            p -> p.put("receiptId", "r-1"),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "a consent id in uppercase",
            p -> p.put("consentId", CONSENT_ID.toUpperCase(Locale.ROOT)),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "a recipient that is not a DID",
            p -> p.put("recipient", "mydata"),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "an uppercase presentation hash",
            p -> p.put("presentationHash", HASH.toUpperCase(Locale.ROOT)),
            RejectionReason.INVALID_STATEMENT),
        shape(
            "a provider that is not the kid's DID",
            p -> p.put("provider", KEYS.recipientDid),
            RejectionReason.NOT_AUTHORISED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapeRules")
  void parse_receipt_refuses_a_statement_of_the_wrong_shape(
      String rule, Consumer<ObjectNode> edit, RejectionReason code) throws Exception {
    ObjectNode payload = payloadOf(receipt());
    edit.accept(payload);
    String jws = StatementsAccess.sign(ReceiptStatements.TYP, payload, KEYS.providerSigner);

    assertThatThrownBy(() -> ReceiptStatements.parseReceipt(jws))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(code);
  }

  @Test
  void parse_receipt_refuses_another_typ_a_missing_kid_and_a_malformed_jws() throws Exception {
    String anchorTyped =
        StatementsAccess.sign(
            ConsentStatements.ANCHOR_TYP, payloadOf(receipt()), KEYS.providerSigner);
    String noKid =
        Jws.sign(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("typ", ReceiptStatements.TYP),
            Jws.parse(receipt()).payload(),
            KEYS.providerSigner);
    String jws = receipt();

    assertThatThrownBy(() -> ReceiptStatements.parseReceipt(anchorTyped))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.WRONG_TYPE);
    assertThatThrownBy(() -> ReceiptStatements.parseReceipt(noKid))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.UNKNOWN_KEY);
    assertThatThrownBy(() -> ReceiptStatements.parseReceipt(jws.substring(0, jws.lastIndexOf('.'))))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.MALFORMED_JWS);
  }
}
