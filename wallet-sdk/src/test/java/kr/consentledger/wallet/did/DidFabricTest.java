/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.Vectors;
import kr.consentledger.wallet.credential.Credential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import kr.consentledger.wallet.keys.WalletPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidFabricTest {
  private static final List<String> FIXTURES =
      List.of(
          "01-create.json",
          "02-update-rotate-key.json",
          "03-deactivate.json",
          "04-invalid-non-controller-update.json",
          "05-invalid-replayed-update.json",
          "06-invalid-update-after-deactivate.json",
          "07-invalid-create-not-derived.json");

  private static DidState stateOf(JsonNode n) throws Exception {
    if (n == null || n.isNull()) {
      return null;
    }
    return new DidState(
        n.get("did").asText(),
        DidDocument.parse(n.get("document").toString()),
        n.get("versionId").asText(),
        n.get("deactivated").asBoolean());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "keys.json",
        "01-create.json",
        "02-update-rotate-key.json",
        "03-deactivate.json",
        "04-invalid-non-controller-update.json",
        "05-invalid-replayed-update.json",
        "06-invalid-update-after-deactivate.json",
        "07-invalid-create-not-derived.json"
      })
  void sdk_still_reproduces_the_golden_fixture_byte_for_byte(String file) throws Exception {
    Map<String, JsonNode> generated = DidFabricFixtures.generate();

    assertThat(generated.get(file)).isEqualTo(Vectors.load("did-fabric/" + file));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01-create.json",
        "02-update-rotate-key.json",
        "03-deactivate.json",
        "04-invalid-non-controller-update.json",
        "05-invalid-replayed-update.json",
        "06-invalid-update-after-deactivate.json",
        "07-invalid-create-not-derived.json"
      })
  void ledger_rules_give_the_fixture_outcome(String file) throws Exception {
    JsonNode f = Vectors.load("did-fabric/" + file);
    DidState prior = stateOf(f.get("priorState"));
    JsonNode expected = f.get("expected");

    if (expected.get("result").asText().equals("accepted")) {
      DidState after = DidFabric.apply(prior, f.get("operation").asText());
      assertThat(after).isEqualTo(stateOf(expected));
      assertThat(after.versionId())
          .isEqualTo(DidOperation.parse(f.get("operation").asText()).versionId());
    } else {
      assertThatThrownBy(() -> DidFabric.apply(prior, f.get("operation").asText()))
          .isInstanceOf(RejectedException.class)
          .extracting(e -> ((RejectedException) e).reason().name())
          .isEqualTo(expected.get("reason").asText());
    }
  }

  @Test
  void fixture_chain_links_each_version_to_the_previous_one() {
    JsonNode create = Vectors.load("did-fabric/01-create.json");
    JsonNode rotate = Vectors.load("did-fabric/02-update-rotate-key.json");
    JsonNode deactivate = Vectors.load("did-fabric/03-deactivate.json");

    assertThat(rotate.get("decoded").get("payload").get("previousVersionId"))
        .isEqualTo(create.get("expected").get("versionId"));
    assertThat(deactivate.get("decoded").get("payload").get("previousVersionId"))
        .isEqualTo(rotate.get("expected").get("versionId"));
    assertThat(deactivate.get("expected").get("deactivated").asBoolean()).isTrue();
    assertThat(FIXTURES)
        .allSatisfy(
            name ->
                assertThat(
                        Vectors.load("did-fabric/" + name)
                            .get("decoded")
                            .get("header")
                            .get("typ")
                            .asText())
                    .isEqualTo("did-operation+jwt"));
  }

  @Test
  void derives_the_did_from_the_first_16_bytes_of_the_hashed_multicodec_key() throws Exception {
    WalletPublicKey key =
        WalletKeyPair.fromPrivateKey(KeyType.ED25519, Vectors.hex(DidFabricFixtures.KEY1_SEED))
            .publicKey();
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256").digest(key.multicodecBytes());

    String did = DidFabric.didFor(key);

    assertThat(did)
        .isEqualTo(
            "did:fabric:"
                + kr.consentledger.wallet.internal.Base58.encode(
                    java.util.Arrays.copyOf(digest, 16)));
    assertThat(DidFabric.isFabricDid(did)).isTrue();
    assertThat(DidFabric.isFabricDid(did + "1")).isFalse();
    assertThat(DidFabric.isFabricDid("did:fabric:0OIl")).isFalse();
  }

  @Test
  void sdk_refuses_to_sign_an_update_with_a_key_outside_authentication() throws Exception {
    WalletKeyPair owner = WalletKeyPair.generate(KeyType.SECP256K1);
    WalletKeyPair other = WalletKeyPair.generate(KeyType.SECP256K1);
    String did = DidFabric.didFor(owner.publicKey());
    DidDocument doc = DidFabric.newDocument(owner.publicKey()).build();
    DidState state =
        DidFabric.apply(null, DidFabric.create(doc, owner.signer(did + "#key-1"), null).jws());

    assertThatThrownBy(() -> DidFabric.update(state, doc, other.signer(did + "#key-1"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BAD_SIGNATURE");
  }

  @Test
  void rejects_an_update_whose_new_document_drops_every_authentication_key() throws Exception {
    WalletKeyPair owner = WalletKeyPair.generate(KeyType.P256);
    String did = DidFabric.didFor(owner.publicKey());
    DidDocument doc = DidFabric.newDocument(owner.publicKey()).build();
    DidState state =
        DidFabric.apply(null, DidFabric.create(doc, owner.signer(did + "#key-1"), "n").jws());
    DidDocument noAuth =
        DidDocument.parse(doc.toJson().replace(",\"authentication\":[\"" + did + "#key-1\"]", ""));
    DidOperation op =
        DidFabric.sign(
            DidOperation.Type.UPDATE,
            did,
            state.versionId(),
            noAuth,
            null,
            owner.signer(did + "#key-1"),
            false);

    assertThatThrownBy(() -> DidFabric.apply(state, op.jws()))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_DOCUMENT);
  }

  @Test
  void rejects_a_create_for_a_did_that_already_exists() throws Exception {
    JsonNode f = Vectors.load("did-fabric/01-create.json");
    DidState existing = stateOf(f.get("expected"));

    assertThatThrownBy(() -> DidFabric.apply(existing, f.get("operation").asText()))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.DID_ALREADY_EXISTS);
  }

  @Test
  void rejects_a_jws_of_another_type_as_an_operation() throws Exception {
    WalletKeyPair k = WalletKeyPair.generate(KeyType.ED25519);
    String vc =
        VerifiableCredential.issue(
                Credential.builder()
                    .issuer(DidKey.create(k.publicKey()))
                    .credentialSubject("{\"id\":\"did:example:s\"}")
                    .build(),
                k.signer(DidKey.create(k.publicKey()) + "#" + k.publicKey().toMultibase()))
            .jws();

    assertThatThrownBy(() -> DidFabric.apply(null, vc))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.WRONG_TYPE);
  }

  @Test
  void rejects_a_create_whose_header_jwk_is_a_private_key_as_malformed() throws Exception {
    JsonNode f = Vectors.load("did-fabric/01-create.json");
    JsonNode keys = Vectors.load("did-fabric/keys.json");
    com.fasterxml.jackson.databind.node.ObjectNode header =
        (com.fasterxml.jackson.databind.node.ObjectNode) f.get("decoded").get("header").deepCopy();
    header.set("jwk", keys.get("key-1"));
    String[] parts = f.get("operation").asText().split("\\.");
    String altered =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(header.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + parts[1]
            + "."
            + parts[2];

    assertThatThrownBy(() -> DidFabric.apply(null, altered))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.MALFORMED_JWS);
  }
}
