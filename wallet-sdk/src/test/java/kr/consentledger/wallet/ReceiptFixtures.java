/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static kr.consentledger.wallet.GoldenFixtures.canonical;
import static kr.consentledger.wallet.GoldenFixtures.created;
import static kr.consentledger.wallet.GoldenFixtures.keyEntry;
import static kr.consentledger.wallet.GoldenFixtures.tamper;
import static kr.consentledger.wallet.GoldenFixtures.txId;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.consent.StatementsAccess;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;

/**
 * Produces the transmission-receipt golden fixtures (RECEIPT-PROTOCOL.md section 2) from fixed
 * keys. Every private key is SHA-256("receipt-fixtures/" + label); signing is deterministic
 * (Ed25519, RFC 6979 ECDSA) and JSON canonical, so the files are byte-for-byte stable. To rewrite
 * them after a deliberate change: {@code java -cp <test classpath>
 * kr.consentledger.wallet.ReceiptFixtures src/test/resources/receipt}.
 */
final class ReceiptFixtures {
  static final String TX_TIME = "2026-11-22T10:00:00Z";
  static final String CONSENT_1 = "urn:uuid:7a2e4c19-5b3d-4f8a-9c6e-1d0b2a3f4e51";
  static final String CONSENT_2 = "urn:uuid:2c8f6a3d-9e1b-4d7c-a5f2-6b4e8d0c1a72";
  static final String CONSENT_EXPIRED = "urn:uuid:8e5d3b1a-6c4f-4a2e-b9d7-3f1c5e7a9b83";
  static final String RECEIPT_1 = "urn:uuid:3b9d1c52-7f0e-4a8b-9c61-2d4e5f6a7b80";
  static final String RECEIPT_2 = "urn:uuid:4c0e2d63-8a1f-4b9c-8d72-3e5f6a7b8c91";
  static final String RECEIPT_MISMATCH = "urn:uuid:5d1f3e74-9b2a-4cad-9e83-4f6a7b8c9da2";
  static final String RECEIPT_EXPIRED = "urn:uuid:6e2a4f85-ac3b-4dbe-af94-5a7b8c9daeb3";
  static final String RECEIPT_BAD_CATEGORY = "urn:uuid:7f3b5a96-bd4c-4ecf-80a5-6b8c9daebfc4";
  static final List<String> CATEGORIES = List.of("health.checkup", "health.prescription");

  /** The namespace of the fixed keys. */
  static final String NAMESPACE = "receipt-fixtures";

  private static final ObjectMapper MAPPER = Vectors.MAPPER;

  private ReceiptFixtures() {}

  /** The fixed keys, by label. */
  static final class Keys {
    final WalletKeyPair subject = key(KeyType.ED25519, "subject-did-key");
    final WalletKeyPair provider = key(KeyType.P256, "provider");
    final WalletKeyPair providerKey = key(KeyType.ED25519, "provider-did-key");
    final WalletKeyPair recipient = key(KeyType.ED25519, "recipient");
    final WalletKeyPair otherRecipient = key(KeyType.SECP256K1, "other-recipient");

    final String subjectDid = DidKey.create(subject.publicKey());
    final Signer subjectSigner =
        subject.signer(subjectDid + "#" + subject.publicKey().toMultibase());
    final String providerDid = DidFabric.didFor(provider.publicKey());
    final Signer providerSigner = provider.signer(providerDid + "#key-1");
    final String providerKeyDid = DidKey.create(providerKey.publicKey());
    final Signer providerKeySigner =
        providerKey.signer(providerKeyDid + "#" + providerKey.publicKey().toMultibase());
    final String recipientDid = DidFabric.didFor(recipient.publicKey());
    final Signer recipientSigner = recipient.signer(recipientDid + "#key-1");
    final String otherRecipientDid = DidFabric.didFor(otherRecipient.publicKey());

    private static WalletKeyPair key(KeyType type, String label) {
      return GoldenFixtures.fixedKey(NAMESPACE, type, label);
    }
  }

  /** The consent protocol's example credential between the subject and the given parties. */
  static ConsentCredential consent(
      Keys k,
      String id,
      String provider,
      String providerName,
      String recipient,
      String from,
      String until)
      throws WalletException {
    return ConsentFixtures.credential(
            id, k.subjectDid, provider, providerName, recipient, from, until)
        .build()
        .issue(k.subjectSigner);
  }

  /** The subject's presentation of a consent credential to a provider. */
  static String presentation(Keys k, ConsentCredential c, String provider, String nonce)
      throws Exception {
    return VerifiablePresentation.builder()
        .holder(k.subjectDid)
        .credential(VerifiableCredential.parse(c.jws()))
        .audience(provider)
        .nonce(nonce)
        .sign(k.subjectSigner)
        .jws();
  }

  static Map<String, String> generate() throws Exception {
    Keys k = new Keys();
    Map<String, String> out = new LinkedHashMap<>();

    DidState provider =
        created(DidFabric.newDocument(k.provider.publicKey()).build(), k.providerSigner);
    DidState recipient =
        created(DidFabric.newDocument(k.recipient.publicKey()).build(), k.recipientSigner);

    ObjectNode keys = GoldenFixtures.keys(NAMESPACE);
    keyEntry(
        keys,
        "subject-did-key",
        k.subject,
        k.subjectDid,
        "did:key subject of every consent; holder of the " + "presentations");
    keyEntry(
        keys,
        "provider",
        k.provider,
        k.providerDid,
        "did:fabric provider (P-256, #key-1 in authentication and assertionMethod) of every case but 02");
    keyEntry(
        keys,
        "provider-did-key",
        k.providerKey,
        k.providerKeyDid,
        "did:key provider (Ed25519) of 02");
    keyEntry(
        keys,
        "recipient",
        k.recipient,
        k.recipientDid,
        "did:fabric recipient (Ed25519, #key-1) of every consent; signs 09");
    keyEntry(
        keys,
        "other-recipient",
        k.otherRecipient,
        k.otherRecipientDid,
        "did:fabric recipient (secp256k1) named by 04, not the consent's recipient");
    out.put("keys.json", GoldenFixtures.pretty(keys));

    // Consents on the ledger: their anchor records (CONSENT-PROTOCOL.md section 5).
    ConsentCredential c1 =
        consent(
            k,
            CONSENT_1,
            k.providerDid,
            "Seoul General Hospital",
            k.recipientDid,
            "2026-11-22T00:00:00Z",
            "2027-05-22T00:00:00Z");
    ObjectNode r1 =
        ConsentFixtures.record(
            ConsentStatements.anchor(c1, k.subjectSigner),
            "2026-11-22T09:00:00Z",
            "receipt-anchor-1");
    ConsentCredential c2 =
        consent(
            k,
            CONSENT_2,
            k.providerKeyDid,
            "Busan Clinic",
            k.recipientDid,
            "2026-11-22T00:00:00Z",
            "2027-05-22T00:00:00Z");
    ObjectNode r2 =
        ConsentFixtures.record(
            ConsentStatements.anchor(c2, k.subjectSigner),
            "2026-11-22T09:00:00Z",
            "receipt-anchor-2");
    ConsentCredential c6 =
        consent(
            k,
            CONSENT_EXPIRED,
            k.providerDid,
            "Seoul General Hospital",
            k.recipientDid,
            "2025-11-22T10:00:00Z",
            TX_TIME);
    ObjectNode r6 =
        ConsentFixtures.record(
            ConsentStatements.anchor(c6, k.subjectSigner),
            "2025-11-22T10:00:00Z",
            "receipt-anchor-6");
    ObjectNode withdrawn =
        ConsentFixtures.revoked(
            r1,
            ConsentStatements.revocation(
                CONSENT_1,
                c1.credentialHash(),
                k.subjectDid,
                ConsentStatements.Reason.WITHDRAWN,
                k.subjectSigner),
            "2026-11-22T09:30:00Z",
            "receipt-revoke-5");

    // Participants on the ledger.
    ObjectNode pProvider =
        participant(
            k.providerDid,
            "provider",
            "Seoul General Hospital",
            "active",
            "Org1MSP",
            null,
            "participant-provider");
    ObjectNode pProviderKey =
        participant(
            k.providerKeyDid,
            "provider",
            "Busan Clinic",
            "active",
            "Org1MSP",
            null,
            "participant-provider-did-key");
    ObjectNode pRecipient =
        participant(
            k.recipientDid,
            "recipient",
            "Example MyData Co.",
            "active",
            "Org2MSP",
            null,
            "participant-recipient");
    ObjectNode pOther =
        participant(
            k.otherRecipientDid,
            "recipient",
            "Other MyData Co.",
            "active",
            "Org2MSP",
            null,
            "participant-other-recipient");
    ObjectNode pRecipientSuspended =
        participant(
            k.recipientDid,
            "recipient",
            "Example MyData Co.",
            "suspended",
            "Org2MSP",
            "2026-11-22T09:30:00Z",
            "participant-recipient-suspended");
    List<ObjectNode> both = List.of(pProvider, pRecipient);

    // Presentations the provider verified, and the receipts it signs.
    String vp1 = presentation(k, c1, k.providerDid, "receipt-fixtures-challenge-1");
    String vp2 = presentation(k, c2, k.providerKeyDid, "receipt-fixtures-challenge-2");
    String vp6 = presentation(k, c6, k.providerDid, "receipt-fixtures-challenge-6");
    String s1 =
        ReceiptStatements.receipt(
            RECEIPT_1,
            CONSENT_1,
            k.providerDid,
            k.recipientDid,
            CATEGORIES,
            ReceiptStatements.presentationHash(vp1),
            k.providerSigner);
    ObjectNode prior1 = receiptRecord(s1, "2026-11-22T09:45:00Z", "receipt-record-1");

    out.put(
        "01-recorded-did-fabric.json",
        fixture(
            "receipt by a did:fabric provider, signed with #key-1 (P-256, "
                + "in assertionMethod); consent given; both participants active",
            List.of(provider),
            r1,
            both,
            null,
            s1,
            "recorded",
            null));

    out.put(
        "02-recorded-did-key.json",
        fixture(
            "receipt by a did:key provider (Ed25519)",
            List.of(),
            r2,
            List.of(pProviderKey, pRecipient),
            null,
            ReceiptStatements.receipt(
                RECEIPT_2,
                CONSENT_2,
                k.providerKeyDid,
                k.recipientDid,
                CATEGORIES,
                ReceiptStatements.presentationHash(vp2),
                k.providerKeySigner),
            "recorded",
            null));

    out.put(
        "03-consent-not-found.json",
        fixture(
            "01's receipt, but no consent with its id is on the ledger",
            List.of(provider),
            null,
            both,
            null,
            s1,
            "rejected",
            "CONSENT_NOT_FOUND"));

    String mismatch =
        ReceiptStatements.receipt(
            RECEIPT_MISMATCH,
            CONSENT_1,
            k.providerDid,
            k.otherRecipientDid,
            CATEGORIES,
            ReceiptStatements.presentationHash(vp1),
            k.providerSigner);
    out.put(
        "04-party-mismatch.json",
        fixture(
            "receipt for 01's consent naming another recipient than the "
                + "consent's (an active recipient too)",
            List.of(provider),
            r1,
            List.of(pProvider, pRecipient, pOther),
            null,
            mismatch,
            "rejected",
            "PARTY_MISMATCH"));

    out.put(
        "05-consent-withdrawn.json",
        fixture(
            "01's receipt after the consent was withdrawn",
            List.of(provider),
            withdrawn,
            both,
            null,
            s1,
            "rejected",
            "CONSENT_NOT_IN_FORCE"));

    String expired =
        ReceiptStatements.receipt(
            RECEIPT_EXPIRED,
            CONSENT_EXPIRED,
            k.providerDid,
            k.recipientDid,
            CATEGORIES,
            ReceiptStatements.presentationHash(vp6),
            k.providerSigner);
    out.put(
        "06-consent-expired.json",
        fixture(
            "receipt for a consent whose validUntil equals the transaction "
                + "time (stored status still ConsentGiven)",
            List.of(provider),
            r6,
            both,
            null,
            expired,
            "rejected",
            "CONSENT_NOT_IN_FORCE"));

    out.put(
        "07-recipient-suspended.json",
        fixture(
            "01's receipt while the recipient is a suspended participant",
            List.of(provider),
            r1,
            List.of(pProvider, pRecipientSuspended),
            null,
            s1,
            "rejected",
            "PARTICIPANT_NOT_ACTIVE"));

    out.put(
        "08-provider-not-registered.json",
        fixture(
            "01's receipt while the provider is not a registered " + "participant",
            List.of(provider),
            r1,
            List.of(pRecipient),
            null,
            s1,
            "rejected",
            "PARTICIPANT_NOT_ACTIVE"));

    ObjectNode payload1 = Jws.parse(s1).payloadObject().orElseThrow();
    out.put(
        "09-signed-by-recipient.json",
        fixture(
            "01's receipt payload signed by the recipient with its own key "
                + "(kid of the recipient's DID)",
            List.of(provider, recipient),
            r1,
            both,
            null,
            StatementsAccess.sign(ReceiptStatements.TYP, payload1, k.recipientSigner),
            "rejected",
            "NOT_AUTHORISED"));

    out.put(
        "10-bad-signature.json",
        fixture(
            "01's receipt with the first character of the signature changed",
            List.of(provider),
            r1,
            both,
            null,
            tamper(s1),
            "rejected",
            "BAD_SIGNATURE"));

    ObjectNode upper = payload1.deepCopy();
    upper.put("receiptId", RECEIPT_BAD_CATEGORY);
    upper.putArray("categories").add("health.checkup").add("health.Prescription");
    out.put(
        "11-invalid-category.json",
        fixture(
            "receipt naming a category with an uppercase letter " + "(health.Prescription)",
            List.of(provider),
            r1,
            both,
            null,
            StatementsAccess.sign(ReceiptStatements.TYP, upper, k.providerSigner),
            "rejected",
            "INVALID_STATEMENT"));

    out.put(
        "12-unchanged.json",
        fixture(
            "01's receipt again, after it was recorded (a retry)",
            List.of(provider),
            r1,
            both,
            prior1,
            s1,
            "unchanged",
            null));

    String other =
        ReceiptStatements.receipt(
            RECEIPT_1,
            CONSENT_1,
            k.providerDid,
            k.recipientDid,
            List.of("health.checkup"),
            ReceiptStatements.presentationHash(vp1),
            k.providerSigner);
    out.put(
        "13-receipt-exists.json",
        fixture(
            "another receipt (one category fewer) under 01's receipt id, " + "already recorded",
            List.of(provider),
            r1,
            both,
            prior1,
            other,
            "rejected",
            "RECEIPT_EXISTS"));

    out.put(
        "14-wrong-type.json",
        fixture(
            "01's presentation (typ vp+jwt) submitted as a receipt",
            List.of(provider),
            r1,
            both,
            null,
            vp1,
            "rejected",
            "WRONG_TYPE"));

    ObjectNode pair = MAPPER.createObjectNode();
    pair.put(
        "description",
        "The presentation the provider verified and its receipt (the same as 01): "
            + "presentationHash is the SHA-256 hex of presentation; providerKey is the provider's private JWK");
    pair.put("presentation", vp1);
    pair.put("receipt", s1);
    pair.set("providerKey", GoldenFixtures.privateJwk(k.provider));
    out.put("presentation-and-receipt.json", GoldenFixtures.pretty(pair));
    return out;
  }

  /**
   * A participant record of the participants contract; {@code updatedAt} null means never changed.
   */
  static ObjectNode participant(
      String did,
      String role,
      String displayName,
      String status,
      String msp,
      String updatedAt,
      String txLabel) {
    ObjectNode p = Json.object();
    p.put("did", did);
    p.put("role", role);
    p.put("displayName", displayName);
    p.put("status", status);
    p.put("registeredAt", "2026-11-01T09:00:00Z");
    p.put("registeredBy", msp);
    p.put("updatedAt", updatedAt == null ? "2026-11-01T09:00:00Z" : updatedAt);
    p.put("updatedBy", msp);
    p.put("txId", txId(txLabel));
    return (ObjectNode) Json.sorted(p);
  }

  /** The ledger record of section 2 after the receipt statement was recorded. */
  static ObjectNode receiptRecord(String statement, String recordedAt, String txLabel)
      throws Exception {
    ReceiptStatements.Receipt r = ReceiptStatements.parseReceipt(statement);
    ObjectNode n = Json.object();
    n.put("receiptId", r.receiptId());
    n.put("consentId", r.consentId());
    n.put("provider", r.provider());
    n.put("recipient", r.recipient());
    ArrayNode cats = n.putArray("categories");
    r.categories().forEach(cats::add);
    n.put("presentationHash", r.presentationHash());
    n.put("recordedAt", recordedAt);
    n.put("txId", txId(txLabel));
    n.put("statementHash", r.statementHash());
    return (ObjectNode) Json.sorted(n);
  }

  private static String fixture(
      String description,
      List<DidState> didStates,
      ObjectNode consentRecord,
      List<ObjectNode> participants,
      ObjectNode priorReceipt,
      String statement,
      String result,
      String code) {
    ObjectNode f = GoldenFixtures.start(description, didStates);
    f.set("consentRecord", canonical(consentRecord));
    ArrayNode ps = f.putArray("participants");
    participants.forEach(p -> ps.add(canonical(p)));
    f.set("priorReceipt", canonical(priorReceipt));
    f.put("txTime", TX_TIME);
    return GoldenFixtures.finish(f, statement, result, code);
  }

  public static void main(String[] args) throws Exception {
    GoldenFixtures.write(args, "src/test/resources/receipt", generate());
  }
}
