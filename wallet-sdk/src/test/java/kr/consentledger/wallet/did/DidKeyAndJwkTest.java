/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.Vectors;
import kr.consentledger.wallet.internal.Base58;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import kr.consentledger.wallet.keys.WalletPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DidKeyAndJwkTest {
  private static final List<VerificationRelationship> SIGNING =
      List.of(
          VerificationRelationship.AUTHENTICATION, VerificationRelationship.ASSERTION_METHOD,
          VerificationRelationship.CAPABILITY_INVOCATION,
              VerificationRelationship.CAPABILITY_DELEGATION);

  /** Each did:key vector: file, DID, its entry. Only the curves this SDK supports. */
  static Stream<Arguments> didKeyVectors() {
    List<Arguments> out = new ArrayList<>();
    for (String file : List.of("ed25519-x25519", "nist-curves", "secp256k1")) {
      JsonNode all = Vectors.load("vectors/did-key/" + file + ".json");
      for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().startsWith("did:key:zDn") || !file.equals("nist-curves")) {
          out.add(Arguments.of(file, e.getKey(), e.getValue()));
        }
      }
    }
    return out.stream();
  }

  private static WalletKeyPair keyOf(String file, JsonNode v) throws Exception {
    switch (file) {
      case "ed25519-x25519":
        return WalletKeyPair.fromPrivateKey(KeyType.ED25519, Vectors.hex(v.get("seed").asText()));
      case "secp256k1":
        return privateOf(KeyType.SECP256K1, v.get("verificationKeyPair"));
      default:
        return privateOf(KeyType.P256, v.get("verificationMethod"));
    }
  }

  /** The vector files give the private key either as a JWK or as base58. */
  private static WalletKeyPair privateOf(KeyType type, JsonNode pair) throws Exception {
    return pair.has("privateKeyJwk")
        ? WalletKeyPair.fromJwk(pair.get("privateKeyJwk").toString())
        : WalletKeyPair.fromPrivateKey(type, Base58.decode(pair.get("privateKeyBase58").asText()));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("didKeyVectors")
  void derives_the_did_key_of_the_spec_vector_from_its_private_key(
      String file, String did, JsonNode v) throws Exception {
    assertThat(DidKey.create(keyOf(file, v).publicKey())).isEqualTo(did);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("didKeyVectors")
  void resolves_the_did_key_vector_to_the_same_keys_and_relationships_as_the_spec(
      String file, String did, JsonNode v) throws Exception {
    DidDocument expected = DidDocument.parse(v.get("didDocument").toString());

    DidDocument resolved = DidKey.resolve(did);

    assertThat(resolved.id()).isEqualTo(did);
    assertThat(resolved.verificationMethods())
        .extracting(VerificationMethod::id, VerificationMethod::publicKey)
        .containsExactlyElementsOf(
            expected.verificationMethods().stream()
                .map(m -> org.assertj.core.groups.Tuple.tuple(m.id(), m.publicKey()))
                .toList());
    for (VerificationRelationship r : VerificationRelationship.values()) {
      assertThat(resolved.relationship(r)).as(r.jsonName()).isEqualTo(expected.relationship(r));
    }
  }

  @Test
  void rejects_a_did_key_with_a_p384_key_as_unsupported() {
    String p384 = "did:key:z82Lm1MpAkeJcix9K8TMiLd5NMAhnwkjjCBeWHXyu3U4oT2MVJJKXkcVBgjGhnLBn2Kaau9";

    assertThatThrownBy(() -> DidKey.resolve(p384))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.UNSUPPORTED_KEY_TYPE);
  }

  @Test
  void rejects_a_did_key_spelt_other_than_canonically_so_that_one_key_has_one_did() {
    // the did:key spec's P-256 vector zDnaerx9... with its point uncompressed (04 || x || y)
    String uncompressed =
        "did:key:z4oJ8cYF2JwS84CUKnKrnNW6hAhUzH3BNfybZEa87TkErqCeqTScZ4TFF565pwTYuoHbHbP6sR544QJf5tgQe13tFvfRt";

    assertThatThrownBy(() -> DidKey.publicKey(uncompressed))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_DID))
        .hasMessageContaining("canonical");
    assertThatThrownBy(() -> DidKey.resolve(uncompressed)).isInstanceOf(RejectedException.class);
  }

  @Test
  void rejects_a_did_key_whose_identifier_is_not_base58btc() {
    assertThatThrownBy(() -> DidKey.resolve("did:key:z6Mk0OIl"))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_DID);
    assertThatThrownBy(() -> DidKey.resolve("did:key:f00"))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_DID);
  }

  @Test
  void resolves_the_did_jwk_spec_examples() throws Exception {
    for (JsonNode v : Vectors.load("vectors/did-jwk.json").get("vectors")) {
      DidDocument doc = DidJwk.resolve(v.get("did").asText());
      String vmId = v.get("did").asText() + "#0";

      assertThat(doc.verificationMethod(vmId))
          .get()
          .extracting(VerificationMethod::publicKey)
          .isEqualTo(WalletPublicKey.fromJwk(v.get("publicKeyJwk").toString()));
      List<String> expected = new ArrayList<>();
      v.get("relationships").forEach(r -> expected.add(r.asText()));
      for (VerificationRelationship r : VerificationRelationship.values()) {
        assertThat(doc.authorizes(vmId, r))
            .as(r.jsonName())
            .isEqualTo(expected.contains(r.jsonName()));
      }
    }
  }

  @Test
  void creates_the_did_jwk_spec_example_from_its_p256_key() throws Exception {
    JsonNode v = Vectors.load("vectors/did-jwk.json").get("vectors").get(0);

    assertThat(DidJwk.create(WalletPublicKey.fromJwk(v.get("publicKeyJwk").toString())))
        .isEqualTo(v.get("did").asText());
  }

  @Test
  void rejects_a_did_jwk_that_carries_a_private_key() throws Exception {
    String priv = WalletKeyPair.generate(KeyType.ED25519).toPrivateJwk();
    String did =
        "did:jwk:"
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(priv.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThatThrownBy(() -> DidJwk.resolve(did))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_DID);
  }

  @Test
  void local_resolver_routes_by_method_and_refuses_others() throws Exception {
    WalletPublicKey key = WalletKeyPair.generate(KeyType.SECP256K1).publicKey();
    DidResolver local = DidResolvers.local();

    assertThat(local.resolve(DidKey.create(key)).verificationMethods().get(0).publicKey())
        .isEqualTo(key);
    assertThat(
            local
                .resolve(DidJwk.create(key))
                .relationship(VerificationRelationship.ASSERTION_METHOD))
        .hasSize(1);
    assertThatThrownBy(() -> local.resolve("did:fabric:abc"))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.METHOD_NOT_SUPPORTED);
    assertThatThrownBy(() -> local.resolve("not-a-did"))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_DID);
  }

  @Test
  void document_builder_adds_and_removes_methods_and_services() throws Exception {
    WalletPublicKey k1 = WalletKeyPair.generate(KeyType.ED25519).publicKey();
    WalletPublicKey k2 = WalletKeyPair.generate(KeyType.P256).publicKey();
    DidDocument doc =
        DidDocument.builder("did:example:123")
            .addVerificationMethod("#key-1", k1, VerificationRelationship.AUTHENTICATION)
            .addVerificationMethod("#key-2", k2, SIGNING.toArray(VerificationRelationship[]::new))
            .addService("#hub", "ConsentService", "https://consent.example/hub")
            .build();

    DidDocument edited =
        DidDocument.parse(doc.toJson()).toBuilder()
            .removeVerificationMethod("#key-1")
            .removeService("did:example:123#hub")
            .build();

    assertThat(doc.authorizes("did:example:123#key-1", VerificationRelationship.AUTHENTICATION))
        .isTrue();
    assertThat(doc.services())
        .containsExactly(
            new Service("did:example:123#hub", "ConsentService", "https://consent.example/hub"));
    assertThat(edited.verificationMethods())
        .extracting(VerificationMethod::publicKey)
        .containsExactly(k2);
    assertThat(edited.relationship(VerificationRelationship.AUTHENTICATION))
        .containsExactly("did:example:123#key-2");
    assertThat(edited.services()).isEmpty();
    assertThatThrownBy(() -> doc.toBuilder().addVerificationMethod("#key-1", k2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void keeps_unknown_document_members_when_round_tripping() throws Exception {
    String json =
        "{\"id\":\"did:example:1\",\"alsoKnownAs\":[\"https://a.example\"],\"x-extension\":{\"k\":1}}";

    assertThat(Vectors.MAPPER.readTree(DidDocument.parse(json).toJson()))
        .isEqualTo(Vectors.MAPPER.readTree(json));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notRealKeys")
  void a_did_jwk_whose_jwk_is_not_a_real_public_key_does_not_resolve(
      String name, String jwk, RejectionReason code) {
    String did =
        "did:jwk:"
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(jwk.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThatThrownBy(() -> DidJwk.resolve(did))
        .isInstanceOfSatisfying(
            RejectedException.class, e -> assertThat(e.reason()).isEqualTo(code));
  }

  static Stream<Arguments> notRealKeys() {
    String zeros = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    return Stream.of(
        Arguments.of(
            "crv P-999",
            "{\"crv\":\"P-999\",\"kty\":\"EC\",\"x\":\"" + zeros + "\",\"y\":\"" + zeros + "\"}",
            RejectionReason.UNSUPPORTED_KEY_TYPE),
        Arguments.of(
            "a P-256 point off the curve",
            "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + zeros + "\",\"y\":\"" + zeros + "\"}",
            RejectionReason.INVALID_DID),
        Arguments.of(
            "a duplicate crv",
            "{\"crv\":\"P-999\",\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + zeros + "\"}",
            RejectionReason.INVALID_DID));
  }
}
