/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.Vectors;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.VerificationMethod;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Verifier#verifyJws(String, WalletPublicKey)} and {@link Verifier#verifyJws(String,
 * DidDocument, String, VerificationRelationship)}: a compact JWS's signature against a key, or
 * against the key a {@code kid} names in a resolved document.
 */
class VerifyJwsTest {
  /** RFC 8037 Appendix A: the Ed25519 key (A.1, A.2) and the JWS of A.4. */
  private static final JsonNode RFC8037 = Vectors.load("vectors/rfc8037-ed25519.json");

  /** RFC 7515 Appendix A.3: an ES256 JWS and its P-256 key. */
  private static final JsonNode RFC7515_A3 = Vectors.load("vectors/rfc7515-a3-es256.json");

  /** RFC 7515 Appendix A.1: an HS256 (HMAC) JWS. */
  private static final String RFC7515_A1_HS256 =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
          + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
          + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private static WalletPublicKey rfc8037Key() throws RejectedException {
    return WalletPublicKey.fromJwk(RFC8037.get("publicJwk").toString());
  }

  private static RejectionReason reasonOf(ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(RejectedException.class);
    return ((RejectedException) thrown).reason();
  }

  private static String sign(WalletKeyPair pair, String kid) throws WalletException {
    return Jws.sign(
        Json.object().put("typ", "example+jwt").put("kid", kid),
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
        pair.signer(kid));
  }

  @Test
  void the_rfc8037_a4_ed25519_jws_verifies_with_the_rfc8037_public_key() throws Exception {
    String jws = RFC8037.get("jws").asText();

    assertThatCode(() -> Verifier.verifyJws(jws, rfc8037Key())).doesNotThrowAnyException();
  }

  @Test
  void the_rfc8037_a4_jws_is_a_bad_signature_under_another_ed25519_key() {
    String jws = RFC8037.get("jws").asText();
    WalletPublicKey other = WalletKeyPair.generate(KeyType.ED25519).publicKey();

    assertThat(reasonOf(() -> Verifier.verifyJws(jws, other)))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void the_rfc8037_a4_jws_with_a_tampered_payload_is_a_bad_signature() throws Exception {
    String[] parts = RFC8037.get("jws").asText().split("\\.");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("Example of Ed25519 signinG".getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    WalletPublicKey key = rfc8037Key();

    assertThat(reasonOf(() -> Verifier.verifyJws(tampered, key)))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void an_hs256_jws_is_an_unsupported_algorithm_whatever_the_key() throws Exception {
    WalletPublicKey key = rfc8037Key();

    assertThat(reasonOf(() -> Verifier.verifyJws(RFC7515_A1_HS256, key)))
        .isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void an_es256_jws_does_not_fit_an_ed25519_key_and_is_an_unsupported_algorithm() throws Exception {
    String jws = RFC7515_A3.get("jws").asText();
    WalletPublicKey p256 = WalletKeyPair.fromJwk(RFC7515_A3.get("jwk").toString()).publicKey();

    assertThatCode(() -> Verifier.verifyJws(jws, p256)).doesNotThrowAnyException();
    assertThat(reasonOf(() -> Verifier.verifyJws(jws, rfc8037Key())))
        .isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void alg_none_two_parts_and_non_canonical_base64url_are_malformed() throws Exception {
    WalletPublicKey key = rfc8037Key();
    String jws = RFC8037.get("jws").asText();
    String none =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + jws.substring(jws.indexOf('.'));

    assertThat(reasonOf(() -> Verifier.verifyJws(none, key)))
        .isEqualTo(RejectionReason.MALFORMED_JWS);
    assertThat(reasonOf(() -> Verifier.verifyJws(jws.substring(0, jws.lastIndexOf('.')), key)))
        .isEqualTo(RejectionReason.MALFORMED_JWS);
    assertThat(reasonOf(() -> Verifier.verifyJws(jws + ".e30", key)))
        .isEqualTo(RejectionReason.MALFORMED_JWS);
    assertThat(reasonOf(() -> Verifier.verifyJws(jws.substring(0, jws.length() - 1) + "h", key)))
        .isEqualTo(RejectionReason.MALFORMED_JWS);
    assertThat(reasonOf(() -> Verifier.verifyJws(null, key)))
        .isEqualTo(RejectionReason.MALFORMED_JWS);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"ED25519", "P256", "SECP256K1"})
  void each_algorithm_verifies_and_refuses_a_changed_signature_another_key_and_another_key_type(
      KeyType type) throws Exception {
    WalletKeyPair pair = WalletKeyPair.generate(type);
    String jws = sign(pair, "did:example:1#k");
    int at = jws.lastIndexOf('.') + 1;
    String changed =
        jws.substring(0, at) + (jws.charAt(at) == 'A' ? 'B' : 'A') + jws.substring(at + 1);
    KeyType otherType = type == KeyType.ED25519 ? KeyType.P256 : KeyType.ED25519;

    assertThatCode(() -> Verifier.verifyJws(jws, pair.publicKey())).doesNotThrowAnyException();
    assertThatCode(() -> Verifier.verifyJws(jws, pair.publicKey()))
        .as("the same key object, again")
        .doesNotThrowAnyException();
    assertThat(reasonOf(() -> Verifier.verifyJws(changed, pair.publicKey())))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
    assertThat(reasonOf(() -> Verifier.verifyJws(jws, WalletKeyPair.generate(type).publicKey())))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
    assertThat(
            reasonOf(() -> Verifier.verifyJws(jws, WalletKeyPair.generate(otherType).publicKey())))
        .isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void an_x25519_key_verifies_nothing() throws Exception {
    WalletPublicKey x25519 =
        DidKey.resolve(DidKey.create(rfc8037Key())).verificationMethods().stream()
            .map(VerificationMethod::publicKey)
            .filter(k -> k.type() == KeyType.X25519)
            .findFirst()
            .orElseThrow();

    assertThat(reasonOf(() -> Verifier.verifyJws(RFC8037.get("jws").asText(), x25519)))
        .isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"ED25519", "P256", "SECP256K1"})
  void a_key_met_again_in_a_document_parsed_again_reuses_its_decoded_point(KeyType type)
      throws Exception {
    WalletPublicKey key = WalletKeyPair.generate(type).publicKey();
    String json = DidFabric.newDocument(key).build().toJson();

    WalletPublicKey first = DidDocument.parse(json).verificationMethods().get(0).publicKey();
    WalletPublicKey again = DidDocument.parse(json).verificationMethods().get(0).publicKey();

    assertThat(again).isNotSameAs(first).isEqualTo(first);
    assertThat(Crypto.decodePublic(type, again.encoded()))
        .isSameAs(Crypto.decodePublic(type, first.encoded()));
  }

  /**
   * A did:fabric document whose #key-1 is the owner's, and a JWS the signer signed naming a kid of
   * that DID.
   */
  private record Signed(String did, DidDocument doc, String jws) {
    static Signed by(WalletKeyPair owner, WalletKeyPair signer, String fragment) throws Exception {
      String did = DidFabric.didFor(owner.publicKey());
      DidDocument doc =
          DidFabric.newDocument(owner.publicKey())
              .addVerificationMethod(
                  "#key-2", signer.publicKey(), VerificationRelationship.AUTHENTICATION)
              .build();
      return new Signed(did, doc, sign(signer, did + fragment));
    }
  }

  @Test
  void a_kid_under_the_relationship_in_the_document_verifies_and_names_its_method()
      throws Exception {
    WalletKeyPair pair = WalletKeyPair.generate(KeyType.P256);
    Signed s = Signed.by(pair, pair, "#key-1");

    VerificationMethod absolute =
        Verifier.verifyJws(
            s.jws(), s.doc(), s.did() + "#key-1", VerificationRelationship.ASSERTION_METHOD);
    VerificationMethod fragment =
        Verifier.verifyJws(s.jws(), s.doc(), "#key-1", VerificationRelationship.AUTHENTICATION);

    assertThat(absolute.id()).isEqualTo(s.did() + "#key-1");
    assertThat(absolute.publicKey()).isEqualTo(pair.publicKey());
    assertThat(fragment).isEqualTo(absolute);
  }

  @Test
  void a_kid_the_document_does_not_list_is_an_unknown_key_even_with_a_good_signature()
      throws Exception {
    WalletKeyPair pair = WalletKeyPair.generate(KeyType.ED25519);
    Signed s = Signed.by(pair, pair, "#key-9");

    assertThat(
            reasonOf(
                () ->
                    Verifier.verifyJws(
                        s.jws(),
                        s.doc(),
                        s.did() + "#key-9",
                        VerificationRelationship.ASSERTION_METHOD)))
        .isEqualTo(RejectionReason.UNKNOWN_KEY);
    assertThat(
            reasonOf(
                () ->
                    Verifier.verifyJws(
                        s.jws(),
                        s.doc(),
                        "did:example:other#key-1",
                        VerificationRelationship.ASSERTION_METHOD)))
        .isEqualTo(RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void a_key_outside_the_relationship_is_not_authorized_even_with_a_good_signature()
      throws Exception {
    Signed s =
        Signed.by(
            WalletKeyPair.generate(KeyType.ED25519),
            WalletKeyPair.generate(KeyType.SECP256K1),
            "#key-2");

    assertThat(
            Verifier.verifyJws(
                    s.jws(), s.doc(), s.did() + "#key-2", VerificationRelationship.AUTHENTICATION)
                .id())
        .isEqualTo(s.did() + "#key-2");
    assertThat(
            reasonOf(
                () ->
                    Verifier.verifyJws(
                        s.jws(),
                        s.doc(),
                        s.did() + "#key-2",
                        VerificationRelationship.ASSERTION_METHOD)))
        .isEqualTo(RejectionReason.NOT_AUTHORISED);
  }

  @Test
  void a_document_key_that_does_not_sign_the_jws_is_a_bad_signature() throws Exception {
    Signed s =
        Signed.by(
            WalletKeyPair.generate(KeyType.ED25519),
            WalletKeyPair.generate(KeyType.ED25519),
            "#key-1");

    assertThat(
            reasonOf(
                () ->
                    Verifier.verifyJws(
                        s.jws(),
                        s.doc(),
                        s.did() + "#key-1",
                        VerificationRelationship.AUTHENTICATION)))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }
}
