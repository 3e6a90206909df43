/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static kr.consentledger.wallet.GoldenFixtures.created;
import static kr.consentledger.wallet.GoldenFixtures.keyEntry;
import static kr.consentledger.wallet.GoldenFixtures.tamper;
import static kr.consentledger.wallet.GoldenFixtures.txId;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.StatementsAccess;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.ConsentCredentialBuilder;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;

/**
 * Produces the consent-protocol golden fixtures (CONSENT-PROTOCOL.md section 5) from fixed keys.
 * Every private key is SHA-256("consent-fixtures/" + label); signing is deterministic (Ed25519, RFC
 * 6979 ECDSA) and JSON canonical, so the files are byte-for-byte stable. To rewrite them after a
 * deliberate change: {@code java -cp <test classpath> kr.consentledger.wallet.ConsentFixtures
 * src/test/resources/consent}.
 */
final class ConsentFixtures {
  static final String TX_TIME = "2026-11-22T10:00:00Z";
  static final String ID_1 = "urn:uuid:6f1c3b0e-2f0a-4b7e-9f51-0c7d8a3e2b11";
  static final String ID_2 = "urn:uuid:0b6c2a1e-8d4f-4c3a-9e21-5f7a9b3c1d02";
  static final String ID_EXPIRED = "urn:uuid:3c9e7d21-4b5a-4f6e-8a17-2d0c9b8e7f03";
  static final String ID_DEACTIVATED = "urn:uuid:9a4d2e7b-1c3f-4e8a-b5d6-7f0e1a2b3c04";
  static final String ID_UNREGISTERED = "urn:uuid:5e8f1a2b-3c4d-4e5f-a6b7-c8d9e0f1a205";

  /** The namespace of the fixed keys. */
  static final String NAMESPACE = "consent-fixtures";

  private static final ObjectMapper MAPPER = Vectors.MAPPER;

  private ConsentFixtures() {}

  /** The fixed keys, by label. */
  static final class Keys {
    final WalletKeyPair subject = key(KeyType.ED25519, "subject-did-key");
    final WalletKeyPair fabricKey1 = key(KeyType.P256, "fabric-subject-key-1");
    final WalletKeyPair fabricKey2 = key(KeyType.ED25519, "fabric-subject-key-2");
    final WalletKeyPair provider = key(KeyType.ED25519, "provider");
    final WalletKeyPair recipient = key(KeyType.P256, "recipient");
    final WalletKeyPair deactivated = key(KeyType.ED25519, "deactivated-subject");
    final WalletKeyPair unregistered = key(KeyType.SECP256K1, "unregistered-subject");

    final String subjectDid = DidKey.create(subject.publicKey());
    final Signer subjectSigner =
        subject.signer(subjectDid + "#" + subject.publicKey().toMultibase());
    final String fabricDid = DidFabric.didFor(fabricKey1.publicKey());
    final Signer fabricAssertion = fabricKey1.signer(fabricDid + "#key-1");
    final Signer fabricAuthOnly = fabricKey2.signer(fabricDid + "#key-2");
    final String providerDid = DidFabric.didFor(provider.publicKey());
    final String recipientDid = DidFabric.didFor(recipient.publicKey());
    final Signer recipientSigner = recipient.signer(recipientDid + "#key-1");
    final String deactivatedDid = DidFabric.didFor(deactivated.publicKey());
    final Signer deactivatedSigner = deactivated.signer(deactivatedDid + "#key-1");
    final String unregisteredDid = DidFabric.didFor(unregistered.publicKey());
    final Signer unregisteredSigner = unregistered.signer(unregisteredDid + "#key-1");

    private static WalletKeyPair key(KeyType type, String label) {
      return GoldenFixtures.fixedKey(NAMESPACE, type, label);
    }
  }

  /** The consent credential of the protocol's example, for any subject, id and window. */
  static ConsentCredentialBuilder credential(
      Keys k, String id, String subject, String from, String until) {
    return credential(
        id, subject, k.providerDid, "Seoul General Hospital", k.recipientDid, from, until);
  }

  /** The consent credential of the protocol's example, between any parties. */
  static ConsentCredentialBuilder credential(
      String id,
      String subject,
      String provider,
      String providerName,
      String recipient,
      String from,
      String until) {
    return ConsentCredential.builder()
        .id(id)
        .subject(subject, "Hong Gildong", "mailto:gd@example.kr")
        .provider(provider, providerName)
        .recipient(recipient, "Example MyData Co.")
        .validFrom(Instant.parse(from))
        .validUntil(Instant.parse(until))
        .purpose("personal health management service", "ServiceProvision", true)
        .dataCategory("health.checkup", true)
        .dataCategory("health.prescription", true, "drugName", "dosage")
        .transmission(ConsentCredential.Transmission.periodic("P1M", Instant.parse(until)))
        .retentionPeriod("P1Y")
        .legalBasis("PIPA Art. 35-2")
        .withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents");
  }

  static Map<String, String> generate() throws Exception {
    Keys k = new Keys();
    Map<String, String> out = new LinkedHashMap<>();

    DidState fabric =
        created(
            DidFabric.newDocument(k.fabricKey1.publicKey())
                .addVerificationMethod(
                    "#key-2", k.fabricKey2.publicKey(), VerificationRelationship.AUTHENTICATION)
                .build(),
            k.fabricAssertion);
    DidState recipient =
        created(DidFabric.newDocument(k.recipient.publicKey()).build(), k.recipientSigner);
    DidState alive =
        created(DidFabric.newDocument(k.deactivated.publicKey()).build(), k.deactivatedSigner);
    DidState deactivated =
        DidFabric.apply(alive, DidFabric.deactivate(alive, k.deactivatedSigner, null).jws());

    ObjectNode keys = GoldenFixtures.keys(NAMESPACE);
    keyEntry(
        keys,
        "subject-did-key",
        k.subject,
        k.subjectDid,
        "did:key subject of 01, 05-09, 14, 18-20");
    keyEntry(
        keys,
        "fabric-subject-key-1",
        k.fabricKey1,
        k.fabricDid,
        "did:fabric subject of 02-04, 10, 12-13, 15: #key-1, authentication and assertionMethod");
    keyEntry(
        keys,
        "fabric-subject-key-2",
        k.fabricKey2,
        k.fabricDid,
        "the same did:fabric subject's #key-2, authentication only");
    keyEntry(
        keys,
        "provider",
        k.provider,
        k.providerDid,
        "provider of every consent (not on the ledger)");
    keyEntry(keys, "recipient", k.recipient, k.recipientDid, "recipient of every consent, #key-1");
    keyEntry(
        keys,
        "deactivated-subject",
        k.deactivated,
        k.deactivatedDid,
        "did:fabric subject of 11, deactivated");
    keyEntry(
        keys,
        "unregistered-subject",
        k.unregistered,
        k.unregisteredDid,
        "did:fabric subject of 16, never created on the ledger");
    out.put("keys.json", GoldenFixtures.pretty(keys));

    ConsentCredential c1 =
        credential(k, ID_1, k.subjectDid, "2026-11-22T00:00:00Z", "2027-05-22T00:00:00Z")
            .build()
            .issue(k.subjectSigner);
    String a1 = ConsentStatements.anchor(c1, k.subjectSigner);
    ConsentCredential c2 =
        credential(k, ID_2, k.fabricDid, "2026-11-22T00:00:00Z", "2027-05-22T00:00:00Z")
            .build()
            .issue(k.fabricAssertion);
    String a2 = ConsentStatements.anchor(c2, k.fabricAssertion);
    ObjectNode r1 = record(a1, "2026-11-22T09:00:00Z", "anchor-01");
    ObjectNode r2 = record(a2, "2026-11-22T09:00:00Z", "anchor-02");

    out.put(
        "01-anchor-did-key.json",
        fixture(
            "anchor by a did:key (Ed25519) subject",
            List.of(),
            null,
            "Anchor",
            a1,
            "anchored",
            null));
    out.put(
        "02-anchor-did-fabric.json",
        fixture(
            "anchor by a did:fabric subject, signed with #key-1 (P-256, in assertionMethod)",
            List.of(fabric),
            null,
            "Anchor",
            a2,
            "anchored",
            null));
    String rev3 =
        ConsentStatements.revocation(
            ID_2,
            c2.credentialHash(),
            k.fabricDid,
            ConsentStatements.Reason.WITHDRAWN,
            k.fabricAuthOnly);
    out.put(
        "03-revoke-did-fabric.json",
        fixture(
            "revocation of 02's consent by its subject, signed with #key-2 (Ed25519, in authentication)",
            List.of(fabric),
            r2,
            "Revoke",
            rev3,
            "revoked",
            null));

    ObjectNode byRecipient = revocationPayload(ID_2, c2.credentialHash(), k.fabricDid, "withdrawn");
    out.put(
        "04-revoke-by-recipient.json",
        fixture(
            "revocation of 02's consent signed by the recipient with its own key (kid of the recipient's DID)",
            List.of(fabric, recipient),
            r2,
            "Revoke",
            StatementsAccess.sign(ConsentStatements.REVOCATION_TYP, byRecipient, k.recipientSigner),
            "rejected",
            "NOT_AUTHORISED"));

    out.put(
        "05-anchor-bad-signature.json",
        fixture(
            "01's anchor statement with the first character of the signature changed",
            List.of(),
            null,
            "Anchor",
            tamper(a1),
            "rejected",
            "BAD_SIGNATURE"));

    ConsentCredential c6 =
        credential(k, ID_EXPIRED, k.subjectDid, "2025-11-22T10:00:00Z", TX_TIME)
            .build()
            .issue(k.subjectSigner);
    String a6 = ConsentStatements.anchor(c6, k.subjectSigner);
    out.put(
        "06-anchor-expired.json",
        fixture(
            "anchor whose validUntil equals the transaction time",
            List.of(),
            null,
            "Anchor",
            a6,
            "rejected",
            "EXPIRED"));

    ConsentCredential c7 =
        credential(k, ID_1, k.subjectDid, "2026-11-22T00:00:00Z", "2027-05-22T00:00:00Z")
            .dataCategory("health.vaccination", true)
            .build()
            .issue(k.subjectSigner);
    out.put(
        "07-anchor-consent-exists.json",
        fixture(
            "anchor of another credential (one more data category) under 01's consent id, already anchored",
            List.of(),
            r1,
            "Anchor",
            ConsentStatements.anchor(c7, k.subjectSigner),
            "rejected",
            "CONSENT_EXISTS"));

    out.put(
        "08-anchor-unchanged.json",
        fixture(
            "01's anchor statement again, after it was anchored (a retry)",
            List.of(),
            r1,
            "Anchor",
            a1,
            "unchanged",
            null));

    ObjectNode extra = anchorPayload(c1);
    extra.put("purposeCategory", "ServiceProvision");
    out.put(
        "09-anchor-extra-member.json",
        fixture(
            "anchor with an eighth payload member, purposeCategory",
            List.of(),
            null,
            "Anchor",
            StatementsAccess.sign(ConsentStatements.ANCHOR_TYP, extra, k.subjectSigner),
            "rejected",
            "INVALID_STATEMENT"));

    String otherRevocation =
        ConsentStatements.revocation(
            ID_2,
            c2.credentialHash(),
            k.fabricDid,
            ConsentStatements.Reason.PURPOSE_FULFILLED,
            k.fabricAssertion);
    ObjectNode withdrawn = revoked(r2, otherRevocation, "2026-11-22T09:30:00Z", "revoke-10");
    out.put(
        "10-revoke-already-revoked.json",
        fixture(
            "03's revocation after the consent was withdrawn by another statement (reason purpose-fulfilled)",
            List.of(fabric),
            withdrawn,
            "Revoke",
            rev3,
            "rejected",
            "ALREADY_REVOKED"));

    ConsentCredential c11 =
        credential(
                k, ID_DEACTIVATED, k.deactivatedDid, "2026-11-22T00:00:00Z", "2027-05-22T00:00:00Z")
            .build()
            .issue(k.deactivatedSigner);
    out.put(
        "11-anchor-did-deactivated.json",
        fixture(
            "anchor by a did:fabric subject whose DID is deactivated",
            List.of(deactivated),
            null,
            "Anchor",
            ConsentStatements.anchor(c11, k.deactivatedSigner),
            "rejected",
            "DID_DEACTIVATED"));

    out.put(
        "12-anchor-key-not-in-assertion-method.json",
        fixture(
            "02's anchor signed with #key-2, which is in authentication but not in assertionMethod",
            List.of(fabric),
            null,
            "Anchor",
            ConsentStatements.anchor(c2, k.fabricAuthOnly),
            "rejected",
            "NOT_AUTHORISED"));

    ObjectNode withdrawnBy3 = revoked(r2, rev3, "2026-11-22T09:30:00Z", "revoke-13");
    out.put(
        "13-revoke-unchanged.json",
        fixture(
            "03's revocation again, after it was applied (a retry)",
            List.of(fabric),
            withdrawnBy3,
            "Revoke",
            rev3,
            "unchanged",
            null));

    out.put(
        "14-revoke-consent-not-found.json",
        fixture(
            "revocation of a consent that was never anchored",
            List.of(),
            null,
            "Revoke",
            ConsentStatements.revocation(
                ID_1, c1.credentialHash(), k.subjectDid, null, k.subjectSigner),
            "rejected",
            "CONSENT_NOT_FOUND"));

    out.put(
        "15-revoke-hash-mismatch.json",
        fixture(
            "revocation of 02's consent id naming another credential hash (01's)",
            List.of(fabric),
            r2,
            "Revoke",
            ConsentStatements.revocation(
                ID_2,
                c1.credentialHash(),
                k.fabricDid,
                ConsentStatements.Reason.WITHDRAWN,
                k.fabricAssertion),
            "rejected",
            "HASH_MISMATCH"));

    ConsentCredential c16 =
        credential(
                k,
                ID_UNREGISTERED,
                k.unregisteredDid,
                "2026-11-22T00:00:00Z",
                "2027-05-22T00:00:00Z")
            .build()
            .issue(k.unregisteredSigner);
    out.put(
        "16-anchor-unknown-did.json",
        fixture(
            "anchor by a did:fabric subject (secp256k1) that is not on the ledger",
            List.of(),
            null,
            "Anchor",
            ConsentStatements.anchor(c16, k.unregisteredSigner),
            "rejected",
            "UNKNOWN_DID"));

    out.put(
        "17-anchor-wrong-type.json",
        fixture(
            "01's credential (typ vc+jwt) submitted as an anchor statement",
            List.of(),
            null,
            "Anchor",
            c1.jws(),
            "rejected",
            "WRONG_TYPE"));

    ObjectNode r6 = record(a6, "2025-11-22T10:00:00Z", "anchor-18");
    out.put(
        "18-revoke-expired.json",
        fixture(
            "revocation of 06's consent, anchored in 2025 and expired at the " + "transaction time",
            List.of(),
            r6,
            "Revoke",
            ConsentStatements.revocation(
                ID_EXPIRED,
                c6.credentialHash(),
                k.subjectDid,
                ConsentStatements.Reason.WITHDRAWN,
                k.subjectSigner),
            "rejected",
            "EXPIRED"));

    out.put(
        "19-anchor-malformed-jws.json",
        fixture(
            "a statement that is not a compact JWS (two parts)",
            List.of(),
            null,
            "Anchor",
            a1.substring(0, a1.lastIndexOf('.')),
            "rejected",
            "MALFORMED_JWS"));

    ObjectNode fraction = anchorPayload(c1);
    fraction.put("validFrom", "2026-11-22T00:00:00.000Z");
    out.put(
        "20-anchor-time-not-canonical.json",
        fixture(
            "anchor whose validFrom has fractional seconds",
            List.of(),
            null,
            "Anchor",
            StatementsAccess.sign(ConsentStatements.ANCHOR_TYP, fraction, k.subjectSigner),
            "rejected",
            "INVALID_STATEMENT"));

    ObjectNode pair = MAPPER.createObjectNode();
    pair.put(
        "description",
        "A valid consent credential and its anchor statement (the same as 01), signed by the "
            + "did:key subject; subjectKey is its private JWK");
    pair.put("credential", c1.jws());
    pair.put("anchor", a1);
    pair.set("subjectKey", GoldenFixtures.privateJwk(k.subject));
    out.put("credential-and-anchor.json", GoldenFixtures.pretty(pair));
    return out;
  }

  static ObjectNode anchorPayload(ConsentCredential c) throws Exception {
    Jws.Parsed parsed = Jws.parse(ConsentStatements.anchor(c, new Keys().subjectSigner));
    return parsed.payloadObject().orElseThrow();
  }

  private static ObjectNode revocationPayload(
      String id, String hash, String subject, String reason) {
    ObjectNode p = Json.object();
    p.put("consentId", id);
    p.put("credentialHash", hash);
    p.put("subject", subject);
    p.put("reason", reason);
    return p;
  }

  /** The ledger record of section 5 after the anchor statement was accepted. */
  static ObjectNode record(String anchorJws, String anchoredAt, String txLabel) throws Exception {
    ConsentStatements.Anchor a = ConsentStatements.parseAnchor(anchorJws);
    ObjectNode r = Json.object();
    r.put("consentId", a.consentId());
    r.put("credentialHash", a.credentialHash());
    r.put("subject", a.subject());
    r.put("provider", a.provider());
    r.put("recipient", a.recipient());
    r.put("validFrom", a.validFrom().toString());
    r.put("validUntil", a.validUntil().toString());
    r.put("status", "ConsentGiven");
    r.put("anchoredAt", anchoredAt);
    r.put("anchorTxId", txId(txLabel));
    r.put("anchorStatementHash", a.statementHash());
    return (ObjectNode) Json.sorted(r);
  }

  static ObjectNode revoked(
      ObjectNode record, String revocationJws, String revokedAt, String txLabel) throws Exception {
    ConsentStatements.Revocation rev = ConsentStatements.parseRevocation(revocationJws);
    ObjectNode r = record.deepCopy();
    r.put("status", "ConsentWithdrawn");
    r.put("revokedAt", revokedAt);
    r.put("revokeTxId", txId(txLabel));
    r.put("revocationStatementHash", rev.statementHash());
    rev.reason().ifPresent(reason -> r.put("revocationReason", reason.code()));
    return (ObjectNode) Json.sorted(r);
  }

  private static String fixture(
      String description,
      List<DidState> didStates,
      ObjectNode priorRecord,
      String function,
      String statement,
      String result,
      String code) {
    ObjectNode f = GoldenFixtures.start(description, didStates);
    f.set("priorRecord", GoldenFixtures.canonical(priorRecord));
    f.put("txTime", TX_TIME);
    f.put("function", function);
    return GoldenFixtures.finish(f, statement, result, code);
  }

  public static void main(String[] args) throws Exception {
    GoldenFixtures.write(args, "src/test/resources/consent", generate());
  }
}
