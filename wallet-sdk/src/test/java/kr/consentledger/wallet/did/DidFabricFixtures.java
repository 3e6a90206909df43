/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import kr.consentledger.wallet.GoldenFixtures;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.Vectors;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;

/**
 * Produces the did:fabric golden fixtures from fixed keys. Signing is deterministic (Ed25519, RFC
 * 6979 ECDSA) and JSON is canonical, so the output is stable. To rewrite the files after a
 * deliberate change: {@code java -cp <test classpath> kr.consentledger.wallet.did.DidFabricFixtures
 * src/test/resources/did-fabric}.
 */
final class DidFabricFixtures {
  /** RFC 8032 section 7.1 TEST 1 secret key, used as the initial controller key. */
  static final String KEY1_SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  /** RFC 7515 A.3 P-256 private key, used as the rotated-in key. */
  static final String KEY2_D = "8e9b109e719098bf980487df1f5d77e9cb29606ebed2263b5f57c213df84f4b2";

  /** did:key secp256k1 vector private key, used as the attacker. */
  static final String ATTACKER_D =
      "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c";

  private DidFabricFixtures() {}

  static Map<String, JsonNode> generate() throws Exception {
    WalletKeyPair key1 = WalletKeyPair.fromPrivateKey(KeyType.ED25519, Vectors.hex(KEY1_SEED));
    WalletKeyPair key2 = WalletKeyPair.fromPrivateKey(KeyType.P256, Vectors.hex(KEY2_D));
    WalletKeyPair attacker =
        WalletKeyPair.fromPrivateKey(KeyType.SECP256K1, Vectors.hex(ATTACKER_D));
    String did = DidFabric.didFor(key1.publicKey());
    Map<String, JsonNode> out = new LinkedHashMap<>();

    ObjectNode keys = Vectors.MAPPER.createObjectNode();
    keys.put("description", "Fixed test keys. Never use them for anything else.");
    keys.set("key-1", Vectors.MAPPER.readTree(key1.toPrivateJwk()));
    keys.set("key-2", Vectors.MAPPER.readTree(key2.toPrivateJwk()));
    keys.set("attacker", Vectors.MAPPER.readTree(attacker.toPrivateJwk()));
    keys.put("did", did);
    keys.put(
        "didDerivation", "base58btc(SHA-256(0xed 0x01 || Ed25519 public key of key-1)[0..16])");
    out.put("keys.json", keys);

    DidDocument doc1 =
        DidFabric.newDocument(key1.publicKey())
            .addService("#consent", "ConsentLedgerService", "https://consent.example.kr/api")
            .build();
    DidOperation create = DidFabric.create(doc1, key1.signer(did + "#key-1"), "fixture-create");
    DidState s1 = DidFabric.apply(null, create.jws());
    out.put(
        "01-create.json",
        fixture("create: initial key key-1 (Ed25519), one service", null, create, s1, null));

    DidDocument doc2 =
        doc1.toBuilder()
            .addVerificationMethod(
                "#key-2",
                key2.publicKey(),
                VerificationRelationship.AUTHENTICATION,
                VerificationRelationship.ASSERTION_METHOD)
            .removeVerificationMethod("#key-1")
            .build();
    DidOperation rotate = DidFabric.update(s1, doc2, key1.signer(did + "#key-1"), "fixture-rotate");
    DidState s2 = DidFabric.apply(s1, rotate.jws());
    out.put(
        "02-update-rotate-key.json",
        fixture(
            "update: rotate key-1 (Ed25519) out and key-2 (P-256) in, signed by key-1",
            s1,
            rotate,
            s2,
            null));

    DidOperation deactivate =
        DidFabric.deactivate(s2, key2.signer(did + "#key-2"), "fixture-deactivate");
    DidState s3 = DidFabric.apply(s2, deactivate.jws());
    out.put(
        "03-deactivate.json",
        fixture("deactivate: signed by key-2, the current controller", s2, deactivate, s3, null));

    DidDocument hijack =
        doc1.toBuilder()
            .addVerificationMethod(
                "#attacker", attacker.publicKey(), VerificationRelationship.AUTHENTICATION)
            .build();
    DidOperation foreign =
        DidFabric.sign(
            DidOperation.Type.UPDATE,
            did,
            s1.versionId(),
            hijack,
            "fixture-hijack",
            attacker.signer(did + "#attacker"),
            false);
    out.put(
        "04-invalid-non-controller-update.json",
        fixture(
            "invalid: update signed by a key that is not in the current authentication (it only adds itself in the new document)",
            s1,
            foreign,
            null,
            RejectionReason.NOT_CONTROLLER));

    out.put(
        "05-invalid-replayed-update.json",
        fixture(
            "invalid: the rotation replayed after it was applied; previousVersionId is no longer current",
            s2,
            rotate,
            null,
            RejectionReason.VERSION_MISMATCH));

    DidOperation late =
        DidFabric.sign(
            DidOperation.Type.UPDATE,
            did,
            s3.versionId(),
            doc2,
            "fixture-late",
            key2.signer(did + "#key-2"),
            false);
    out.put(
        "06-invalid-update-after-deactivate.json",
        fixture(
            "invalid: an update by the last controller after deactivation",
            s3,
            late,
            null,
            RejectionReason.DEACTIVATED));

    DidDocument squat =
        DidDocument.builder(did)
            .addVerificationMethod(
                "#key-1", attacker.publicKey(), VerificationRelationship.AUTHENTICATION)
            .build();
    DidOperation squatOp =
        DidFabric.sign(
            DidOperation.Type.CREATE,
            did,
            null,
            squat,
            "fixture-squat",
            attacker.signer(did + "#key-1"),
            true);
    out.put(
        "07-invalid-create-not-derived.json",
        fixture(
            "invalid: create of key-1's DID by the attacker, whose jwk does not derive that DID",
            null,
            squatOp,
            null,
            RejectionReason.DID_MISMATCH));
    return out;
  }

  private static ObjectNode fixture(
      String description, DidState prior, DidOperation op, DidState after, RejectionReason reason)
      throws Exception {
    ObjectNode f = Vectors.MAPPER.createObjectNode();
    f.put("description", description);
    f.set("priorState", prior == null ? null : GoldenFixtures.didState(prior));
    f.put("operation", op.jws());
    ObjectNode decoded = f.putObject("decoded");
    String[] parts = op.jws().split("\\.");
    decoded.set(
        "header", Vectors.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(parts[0])));
    decoded.set(
        "payload", Vectors.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(parts[1])));
    ObjectNode expected = f.putObject("expected");
    if (after != null) {
      expected.put("result", "accepted");
      expected.setAll(GoldenFixtures.didState(after));
    } else {
      expected.put("result", "rejected");
      expected.put("reason", reason.name());
    }
    return f;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : generate().entrySet()) {
      files.put(
          e.getKey(),
          Vectors.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(e.getValue())
              + "\n");
    }
    GoldenFixtures.write(args, "src/test/resources/did-fabric", files);
  }
}
