/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** did:key expectations are the did:key specification's test vectors. */
class LocalDidDriversTest {
  @Test
  void a_p256_did_key_resolves_to_its_uncompressed_jwk() throws Exception {
    String did = "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv";

    JsonObject document = KeyDidDriver.document(did);

    JsonObject method = document.getJsonArray("verificationMethod").getJsonObject(0);
    assertThat(method.getString("id"))
        .isEqualTo(did + "#zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv");
    assertThat(method.getString("type")).isEqualTo("JsonWebKey2020");
    assertThat(method.getJsonObject("publicKeyJwk"))
        .isEqualTo(
            new JsonObject()
                .put("kty", "EC")
                .put("crv", "P-256")
                .put("x", "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns")
                .put("y", "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM"));
    assertThat(document.getJsonArray("keyAgreement").getString(0))
        .isEqualTo(method.getString("id"));
  }

  @Test
  void an_ed25519_did_key_gets_the_derived_x25519_key_agreement_key() throws Exception {
    String did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

    JsonObject document = KeyDidDriver.document(did);

    assertThat(document.getJsonArray("authentication").getString(0))
        .isEqualTo(did + "#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
    assertThat(document.getJsonArray("keyAgreement").getString(0))
        .isEqualTo(did + "#z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW");
    assertThat(
            document
                .getJsonArray("verificationMethod")
                .getJsonObject(0)
                .getJsonObject("publicKeyJwk")
                .getString("crv"))
        .isEqualTo("Ed25519");
  }

  @Test
  void a_secp256k1_did_key_decompresses_to_a_point_on_the_curve() throws Exception {
    String did = "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme";

    JsonObject jwk =
        KeyDidDriver.document(did)
            .getJsonArray("verificationMethod")
            .getJsonObject(0)
            .getJsonObject("publicKeyJwk");

    java.math.BigInteger p =
        new java.math.BigInteger(
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16); // secp256k1
    java.math.BigInteger x =
        new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("x")));
    java.math.BigInteger y =
        new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("y")));
    assertThat(jwk.getString("crv")).isEqualTo("secp256k1");
    assertThat(y.pow(2).mod(p)).isEqualTo(x.pow(3).add(java.math.BigInteger.valueOf(7)).mod(p));
  }

  @ParameterizedTest(name = "{0} is an invalid did:key")
  @ValueSource(
      strings = {
        "did:key:mBase64NotBase58",
        "did:key:z0OIl",
        "did:key:z6Mk",
        "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZ",
        "did:key:z11111111111111111111111111111111111"
      })
  void malformed_did_keys_are_rejected_as_invalid_did(String did) {
    assertThatThrownBy(() -> KeyDidDriver.document(did))
        .isInstanceOfSatisfying(
            ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID));
  }

  @Test
  void a_did_jwk_resolves_to_its_key_as_verification_method_0() throws Exception {
    JsonObject jwk =
        new JsonObject()
            .put("kty", "OKP")
            .put("crv", "Ed25519")
            .put("x", "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik")
            .put("use", "sig");
    String did =
        "did:jwk:"
            + Base64.getUrlEncoder()
                .withoutPadding()
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
    String did =
        "did:jwk:"
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\",\"d\":\"AA\"}"
                        .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> JwkDidDriver.document(did))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("\"d\"");
  }

  @ParameterizedTest(name = "{0} is an invalid did:key saying {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the spec vector zDnaerx9...mDZpv with its point uncompressed (04 || x || y)
        "did:key:z4oJ8cYF2JwS84CUKnKrnNW6hAhUzH3BNfybZEa87TkErqCeqTScZ4TFF565pwTYuoHbHbP6sR544QJf5tgQe13tFvfRt | canonical",
        // a P-384 key of the spec's vectors
        "did:key:z82Lm1MpAkeJcix9K8TMiLd5NMAhnwkjjCBeWHXyu3U4oT2MVJJKXkcVBgjGhnLBn2Kaau9 | 0x1201"
      })
  void did_keys_the_resolver_cannot_use_are_invalid_dids_saying_why(String did, String why) {
    assertThatThrownBy(() -> KeyDidDriver.document(did))
        .isInstanceOfSatisfying(
            ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID))
        .hasMessageContaining(why);
  }

  @Test
  void the_drivers_answer_through_their_futures() {
    DidResolver local = DidResolvers.local();

    assertThat(
            local
                .resolve(
                    "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
                    ResolutionOptions.latest())
                .result()
                .didResolutionMetadata()
                .getString("contentType"))
        .isEqualTo("application/did+ld+json");
    assertThat(local.resolve("did:jwk:a", ResolutionOptions.latest()).cause())
        .isInstanceOfSatisfying(
            ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID))
        .hasMessageContaining("not the base64url JSON of a JWK");
  }

  private static final String RSA_N;

  static {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      java.security.interfaces.RSAPublicKey k =
          (java.security.interfaces.RSAPublicKey) g.generateKeyPair().getPublic();
      RSA_N = b64(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(k.getModulus()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A freshly generated public JWK of {@code curve} (P-384, P-521, Ed448 or X448), by the JDK. */
  static String realJwk(String curve) throws Exception {
    if (curve.startsWith("P-")) {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
      g.initialize(
          new java.security.spec.ECGenParameterSpec(
              curve.equals("P-384") ? "secp384r1" : "secp521r1"));
      java.security.interfaces.ECPublicKey k =
          (java.security.interfaces.ECPublicKey) g.generateKeyPair().getPublic();
      int size = curve.equals("P-384") ? 48 : 66;
      return "{\"kty\":\"EC\",\"crv\":\""
          + curve
          + "\",\"x\":\""
          + b64(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(size, k.getW().getAffineX()))
          + "\",\"y\":\""
          + b64(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(size, k.getW().getAffineY()))
          + "\"}";
    }
    byte[] spki =
        java.security.KeyPairGenerator.getInstance(curve)
            .generateKeyPair()
            .getPublic()
            .getEncoded();
    int size = curve.equals("Ed448") ? 57 : 56;
    return "{\"crv\":\""
        + curve
        + "\",\"kty\":\"OKP\",\"x\":\""
        + b64(java.util.Arrays.copyOfRange(spki, spki.length - size, spki.length))
        + "\"}";
  }

  @Test
  void a_did_jwk_of_an_unknown_curve_such_as_P_999_does_not_resolve() {
    String did =
        jwkDid(
            "{\"crv\":\"P-999\",\"kty\":\"EC\",\"x\":\""
                + b64(new byte[32])
                + "\",\"y\":\""
                + b64(new byte[32])
                + "\"}");

    assertThatThrownBy(() -> JwkDidDriver.document(did))
        .isInstanceOfSatisfying(
            ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID))
        .hasMessageContaining("P-999");
  }

  static String jwkDid(String jwk) {
    return "did:jwk:"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(jwk.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "an RSA did:jwk with use \"{0}\" resolves locally")
  @ValueSource(strings = {"", "sig", "enc"})
  void an_rsa_did_jwk_resolves_with_the_relationships_of_its_use(String use) throws Exception {
    String did =
        jwkDid(
            "{\"kty\":\"RSA\",\"n\":\""
                + RSA_N
                + "\",\"e\":\"AQAB\""
                + (use.isEmpty() ? "" : ",\"use\":\"" + use + "\"")
                + "}");

    JsonObject document = JwkDidDriver.document(did);

    JsonObject method = document.getJsonArray("verificationMethod").getJsonObject(0);
    assertThat(method.getString("id")).isEqualTo(did + "#0");
    assertThat(method.getString("type")).isEqualTo("JsonWebKey2020");
    assertThat(method.getString("controller")).isEqualTo(did);
    assertThat(method.getJsonObject("publicKeyJwk").getString("n")).isEqualTo(RSA_N);
    assertThat(document.getJsonArray("@context").getString(0))
        .isEqualTo("https://www.w3.org/ns/did/v1");
    for (String signing :
        List.of(
            "authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation")) {
      assertThat(document.containsKey(signing)).as(signing).isEqualTo(!use.equals("enc"));
    }
    assertThat(document.containsKey("keyAgreement")).isEqualTo(!use.equals("sig"));
  }

  @ParameterizedTest(name = "{0} is an invalid did:jwk naming {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"kty\":\"RSA\",\"n\":\"0vx7ag\",\"e\":\"AQAB\",\"d\":\"X4cT\"}  | \"d\"",
        "{\"kty\":\"RSA\",\"n\":\"0vx7ag\",\"e\":\"AQAB\",\"qi\":\"X4cT\"} | \"qi\"",
        "{\"kty\":\"RSA\",\"n\":\"0vx7ag\",\"e\":\"AQAB\",\"oth\":[]}     | \"oth\"",
        "{\"kty\":\"RSA\",\"n\":5,\"e\":\"AQAB\"}                        | \"n\"",
        "{\"kty\":\"RSA\",\"n\":\"0vx7ag\"}                               | \"e\""
      })
  void an_rsa_did_jwk_with_a_private_member_or_no_key_is_an_invalid_did(String jwk, String named) {
    assertThatThrownBy(() -> JwkDidDriver.document(jwkDid(jwk)))
        .isInstanceOfSatisfying(
            ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID))
        .hasMessageContaining(named);
  }

  @ParameterizedTest(name = "a {0} did:jwk the SDK cannot use still resolves; signing: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "P-384 | EC | true",
        "P-521 | EC | true",
        "Ed448 | OKP | true",
        "X448 | OKP | false"
      })
  void other_public_keys_of_the_did_jwk_method_resolve_locally(
      String curve, String kty, boolean signing) throws Exception {
    String did = jwkDid(realJwk(curve));

    JsonObject document = JwkDidDriver.document(did);

    assertThat(
            document
                .getJsonArray("verificationMethod")
                .getJsonObject(0)
                .getJsonObject("publicKeyJwk")
                .getString("crv"))
        .isEqualTo(curve);
    assertThat(document.containsKey("assertionMethod")).isEqualTo(signing);
    assertThat(document.containsKey("keyAgreement")).isTrue();
  }

  @ParameterizedTest(name = "{0} is an invalid did:jwk")
  @ValueSource(
      strings = {
        "{\"kty\":\"EC\",\"crv\":\"P-999\",\"x\":\"iA7lWQ\",\"y\":\"iA7lWQ\"}",
        "{\"kty\":\"OKP\",\"crv\":\"Ed999\",\"x\":\"iA7lWQ\"}",
        "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZpt\",\"e\":\"AQAB\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"iA7lWQLzVrKGEFjfGMfMHfTEZ2KnLiKU7JuNT3E7ygsfE7ygsfE7ygsfE7ygsfE7\",\"y\":\"6XJ3Ll8sFJ9gj7cBqB6lWQLzVrKGEFjfGMfMHfTEZ2KnLiKU7JuNT3E7ygsfE7yg\"}",
        "{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"____________________________________________________________________________\"}",
        "{\"kty\":\"OKP\",\"crv\":\"X448\",\"x\":\"mwj3zDG34\"}",
        "{\"kty\":\"oct\",\"k\":\"GawgguFyGrWKav7AX4VKUg\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"iA7lWQ\"}",
        "{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"X9dE\",\"d\":\"abc\"}"
      })
  void
      a_key_that_is_not_a_real_public_key_an_unknown_curve_a_symmetric_key_or_a_private_member_is_invalid(
          String jwk) {
    assertThatThrownBy(() -> JwkDidDriver.document(jwkDid(jwk)))
        .isInstanceOfSatisfying(
            ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID));
  }
}
