/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.Vectors;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysAndJwsTest {
  private static final JsonNode RFC8037 = Vectors.load("vectors/rfc8037-ed25519.json");
  private static final JsonNode RFC7515_A3 = Vectors.load("vectors/rfc7515-a3-es256.json");

  @Test
  void imports_the_rfc8037_private_key_and_exports_its_public_jwk() throws Exception {
    WalletKeyPair pair = WalletKeyPair.fromJwk(RFC8037.get("privateJwk").toString());

    assertThat(Vectors.MAPPER.readTree(pair.publicKey().toJwk()))
        .isEqualTo(RFC8037.get("publicJwk"));
    assertThat(pair.publicKey().thumbprint()).isEqualTo(RFC8037.get("thumbprint").asText());
    assertThat(Vectors.MAPPER.readTree(pair.toPrivateJwk())).isEqualTo(RFC8037.get("privateJwk"));
  }

  @Test
  void reproduces_the_rfc8037_a4_jws_exactly() throws Exception {
    WalletKeyPair pair = WalletKeyPair.fromJwk(RFC8037.get("privateJwk").toString());
    byte[] payload = RFC8037.get("payload").asText().getBytes(StandardCharsets.UTF_8);

    String jws = Jws.sign(Json.object(), payload, pair.signer("ignored"));

    assertThat(jws).isEqualTo(RFC8037.get("jws").asText());
  }

  @Test
  void verifies_the_rfc8037_a5_jws_with_the_public_key() throws Exception {
    WalletPublicKey key = WalletPublicKey.fromJwk(RFC8037.get("publicJwk").toString());
    Jws.Parsed parsed = Jws.parseAnyPayload(RFC8037.get("jws").asText());

    parsed.verify(key);

    assertThat(new String(parsed.payload(), StandardCharsets.UTF_8))
        .isEqualTo("Example of Ed25519 signing");
  }

  @Test
  void rejects_the_rfc8037_jws_with_one_payload_byte_changed() throws Exception {
    WalletPublicKey key = WalletPublicKey.fromJwk(RFC8037.get("publicJwk").toString());
    String[] parts = RFC8037.get("jws").asText().split("\\.");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("Example of Ed25519 signinG".getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    Jws.Parsed parsed = Jws.parseAnyPayload(tampered);

    assertThatThrownBy(() -> parsed.verify(key))
        .isInstanceOf(RejectedException.class)
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void verifies_the_rfc7515_a3_es256_signature() throws Exception {
    WalletKeyPair pair = WalletKeyPair.fromJwk(RFC7515_A3.get("jwk").toString());
    Jws.Parsed parsed = Jws.parse(RFC7515_A3.get("jws").asText());

    parsed.verify(pair.publicKey());

    assertThat(parsed.headerText("alg")).contains("ES256");
    assertThat(new String(parsed.payload(), StandardCharsets.UTF_8)).startsWith("{\"iss\":\"joe\"");
  }

  @Test
  void rejects_the_rfc7515_a3_signature_under_another_p256_key() throws Exception {
    Jws.Parsed parsed = Jws.parse(RFC7515_A3.get("jws").asText());
    WalletPublicKey other = WalletKeyPair.generate(KeyType.P256).publicKey();

    assertThatThrownBy(() -> parsed.verify(other))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void rejects_an_algorithm_that_does_not_fit_the_key() throws Exception {
    Jws.Parsed parsed = Jws.parse(RFC7515_A3.get("jws").asText());
    WalletPublicKey ed = WalletKeyPair.generate(KeyType.ED25519).publicKey();

    assertThatThrownBy(() -> parsed.verify(ed))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void rejects_an_hs256_jws_as_unsupported() {
    String hs256 =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6"
            + "Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    assertThatThrownBy(() -> Jws.parse(hs256))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void rejects_a_signature_part_with_non_canonical_base64url() {
    String jws = RFC8037.get("jws").asText();
    String altered = jws.substring(0, jws.length() - 1) + "h";

    assertThatThrownBy(() -> Jws.parse(altered))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.MALFORMED_JWS);
  }

  @Test
  void rejects_text_that_is_not_a_compact_jws() {
    assertThatThrownBy(() -> Jws.parse("not.a-jws"))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.MALFORMED_JWS);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"ED25519", "P256", "SECP256K1"})
  void signs_and_verifies_with_every_signing_key_type(KeyType type) throws Exception {
    WalletKeyPair pair = WalletKeyPair.generate(type);
    String jws =
        Jws.sign(
            Json.object(),
            "hello".getBytes(StandardCharsets.UTF_8),
            pair.signer("did:example:1#k"));

    Jws.Parsed parsed = Jws.parseAnyPayload(jws);
    parsed.verify(pair.publicKey());

    assertThat(parsed.headerText("alg")).isEqualTo(type.jwsAlgorithm());
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"ED25519", "P256", "SECP256K1"})
  void round_trips_public_keys_through_jwk_and_multibase(KeyType type) throws Exception {
    WalletPublicKey key = WalletKeyPair.generate(type).publicKey();

    assertThat(WalletPublicKey.fromJwk(key.toJwk())).isEqualTo(key);
    assertThat(WalletPublicKey.fromMultibase(key.toMultibase())).isEqualTo(key);
    assertThat(WalletKeyPair.fromJwk(WalletKeyPair.generate(type).toPrivateJwk()).type())
        .isEqualTo(type);
  }

  @Test
  void uses_the_multicodec_prefixes_of_the_multicodec_table() throws Exception {
    assertThat(WalletKeyPair.generate(KeyType.ED25519).publicKey().multicodecBytes())
        .startsWith(0xed, 0x01);
    assertThat(WalletKeyPair.generate(KeyType.P256).publicKey().multicodecBytes())
        .startsWith(0x80, 0x24);
    assertThat(WalletKeyPair.generate(KeyType.SECP256K1).publicKey().multicodecBytes())
        .startsWith(0xe7, 0x01);
    assertThat(WalletKeyPair.generate(KeyType.ED25519).publicKey().toMultibase())
        .startsWith("z6Mk");
    assertThat(WalletKeyPair.generate(KeyType.P256).publicKey().toMultibase()).startsWith("zDn");
    assertThat(WalletKeyPair.generate(KeyType.SECP256K1).publicKey().toMultibase())
        .startsWith("zQ3s");
  }

  @Test
  void produces_deterministic_low_s_ecdsa_signatures() throws Exception {
    WalletKeyPair pair = WalletKeyPair.fromJwk(RFC7515_A3.get("jwk").toString());
    byte[] msg = "message".getBytes(StandardCharsets.UTF_8);

    byte[] first = pair.sign(msg);

    assertThat(pair.sign(msg)).isEqualTo(first);
    assertThat(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(first, 32, 64)))
        .isLessThanOrEqualTo(
            new java.math.BigInteger(
                "7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8", 16));
  }

  @Test
  void rejects_a_jwk_point_that_is_not_on_the_curve() {
    String bad =
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
            + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI6a0\"}";

    assertThatThrownBy(() -> WalletPublicKey.fromJwk(bad))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_KEY);
  }

  @Test
  void rejects_a_private_jwk_where_a_public_key_is_expected() {
    assertThatThrownBy(() -> WalletPublicKey.fromJwk(RFC8037.get("privateJwk").toString()))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("private key")
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.INVALID_KEY);
  }

  @Test
  void rejects_a_p384_jwk_as_unsupported() {
    String p384 = "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}";

    assertThatThrownBy(() -> WalletPublicKey.fromJwk(p384))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.UNSUPPORTED_KEY_TYPE);
  }

  @Test
  void hands_out_copies_of_key_bytes() throws Exception {
    WalletKeyPair pair = WalletKeyPair.generate(KeyType.ED25519);
    byte[] encoded = pair.publicKey().encoded();
    byte[] priv = pair.privateKey();
    encoded[0] ^= 1;
    priv[0] ^= 1;

    assertThat(pair.publicKey().encoded()).isNotEqualTo(encoded);
    assertThat(pair.privateKey()).isNotEqualTo(priv);
    assertThat(pair.toString())
        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(pair.privateKey()));
  }
}
