package kr.consentledger.resolver.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** did:key expectations are the did:key specification's test vectors. */
class LocalDidDriversTest {
  @Test
  void a_p256_did_key_resolves_to_its_uncompressed_jwk() throws Exception {
    String did = "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv";

    JsonObject document = KeyDidDriver.document(did);

    JsonObject method = document.getJsonArray("verificationMethod").getJsonObject(0);
    assertThat(method.getString("id")).isEqualTo(did + "#zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv");
    assertThat(method.getString("type")).isEqualTo("JsonWebKey2020");
    assertThat(method.getJsonObject("publicKeyJwk"))
        .isEqualTo(new JsonObject().put("kty", "EC").put("crv", "P-256")
            .put("x", "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns")
            .put("y", "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM"));
    assertThat(document.getJsonArray("keyAgreement").getString(0)).isEqualTo(method.getString("id"));
  }

  @Test
  void an_ed25519_did_key_gets_the_derived_x25519_key_agreement_key() throws Exception {
    String did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

    JsonObject document = KeyDidDriver.document(did);

    assertThat(document.getJsonArray("authentication").getString(0))
        .isEqualTo(did + "#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
    assertThat(document.getJsonArray("keyAgreement").getString(0))
        .isEqualTo(did + "#z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW");
    assertThat(document.getJsonArray("verificationMethod").getJsonObject(0)
        .getJsonObject("publicKeyJwk").getString("crv")).isEqualTo("Ed25519");
  }

  @Test
  void a_secp256k1_did_key_decompresses_to_a_point_on_the_curve() throws Exception {
    String did = "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme";

    JsonObject jwk = KeyDidDriver.document(did).getJsonArray("verificationMethod")
        .getJsonObject(0).getJsonObject("publicKeyJwk");

    java.math.BigInteger p = EcPoints.Curve.SECP256K1.p;
    java.math.BigInteger x = new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("x")));
    java.math.BigInteger y = new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("y")));
    assertThat(jwk.getString("crv")).isEqualTo("secp256k1");
    assertThat(y.pow(2).mod(p)).isEqualTo(x.pow(3).add(java.math.BigInteger.valueOf(7)).mod(p));
  }

  @ParameterizedTest(name = "{0} is an invalid did:key")
  @ValueSource(strings = {
    "did:key:mBase64NotBase58",
    "did:key:z0OIl",
    "did:key:z6Mk",
    "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZ",
    "did:key:z11111111111111111111111111111111111"
  })
  void malformed_did_keys_are_rejected_as_invalid_did(String did) {
    assertThatThrownBy(() -> KeyDidDriver.document(did))
        .isInstanceOfSatisfying(ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID));
  }

  @Test
  void a_did_jwk_resolves_to_its_key_as_verification_method_0() throws Exception {
    JsonObject jwk = new JsonObject().put("kty", "OKP").put("crv", "Ed25519")
        .put("x", "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik").put("use", "sig");
    String did = "did:jwk:" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(jwk.encode().getBytes(StandardCharsets.UTF_8));

    JsonObject document = JwkDidDriver.document(did);

    JsonObject method = document.getJsonArray("verificationMethod").getJsonObject(0);
    assertThat(method.getString("id")).isEqualTo(did + "#0");
    assertThat(method.getJsonObject("publicKeyJwk")).isEqualTo(jwk);
    assertThat(document.containsKey("keyAgreement")).isFalse();
    assertThat(document.getJsonArray("assertionMethod").getString(0)).isEqualTo(did + "#0");
  }

  @Test
  void a_did_jwk_with_a_private_key_is_rejected() {
    String did = "did:jwk:" + Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\",\"d\":\"AA\"}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> JwkDidDriver.document(did))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("\"d\"");
  }
}
