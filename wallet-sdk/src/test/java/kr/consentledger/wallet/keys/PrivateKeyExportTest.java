/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import org.junit.jupiter.api.Test;

class PrivateKeyExportTest {
  private static final char[] PASS = "export passphrase".toCharArray();

  @Test
  void every_signing_key_type_round_trips_through_the_jwe_with_its_kid() throws Exception {
    for (KeyType t : new KeyType[] {KeyType.ED25519, KeyType.P256, KeyType.SECP256K1}) {
      WalletKeyPair key = WalletKeyPair.generate(t);

      String jwe = PrivateKeyExport.encrypt(key, "did:example:a#key-1", PASS, 1_000);
      PrivateKeyExport.Imported back = PrivateKeyExport.read("\n" + jwe + "\n", PASS);

      assertThat(PrivateKeyExport.isEncrypted(jwe)).isTrue();
      assertThat(back.key().privateKey()).isEqualTo(key.privateKey());
      assertThat(back.key().publicKey()).isEqualTo(key.publicKey());
      assertThat(back.kid()).isEqualTo("did:example:a#key-1");
    }
  }

  @Test
  void the_plain_form_is_the_private_jwk_with_kid_and_members_sorted() throws Exception {
    WalletKeyPair key = WalletKeyPair.generate(KeyType.P256);

    String jwk = PrivateKeyExport.privateJwk(key, "alice");

    assertThat(jwk).startsWith("{\"crv\":\"P-256\",\"d\":\"").contains(",\"kid\":\"alice\",");
    assertThat(PrivateKeyExport.isEncrypted(jwk)).isFalse();
    PrivateKeyExport.Imported back = PrivateKeyExport.read(jwk, null);
    assertThat(back.kid()).isEqualTo("alice");
    assertThat(PrivateKeyExport.read(key.toPrivateJwk(), null).kid()).isNull();
  }

  @Test
  void a_wrong_passphrase_or_an_altered_jwe_is_wrong_password() throws Exception {
    String jwe =
        PrivateKeyExport.encrypt(WalletKeyPair.generate(KeyType.ED25519), "k", PASS, 1_000);
    String[] p = jwe.split("\\.");
    String altered =
        p[0]
            + "."
            + p[1]
            + "."
            + p[2]
            + "."
            + (p[3].charAt(0) == 'A' ? 'B' : 'A')
            + p[3].substring(1)
            + "."
            + p[4];

    assertThatThrownBy(() -> PrivateKeyExport.read(jwe, "another passphrase".toCharArray()))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.WRONG_PASSWORD));
    assertThatThrownBy(() -> PrivateKeyExport.read(altered, PASS))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.WRONG_PASSWORD));
  }

  @Test
  void another_algorithm_content_type_or_cost_or_no_key_is_invalid_key() throws Exception {
    WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519);
    String jwk = PrivateKeyExport.privateJwk(key, "k");

    assertInvalid(jwe(JWEAlgorithm.PBES2_HS256_A128KW, EncryptionMethod.A256GCM, "jwk+json", jwk));
    assertInvalid(jwe(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A128GCM, "jwk+json", jwk));
    assertInvalid(jwe(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A256GCM, "json", jwk));
    assertInvalid(
        jwe(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A256GCM, "jwk+json", "[1]"));
    assertInvalid("a.b.c.d.e");
    assertInvalid("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"AA\",\"kid\":7}");
    assertInvalid(key.publicKey().toJwk());
    assertThatThrownBy(() -> PrivateKeyExport.encrypt(key, "k", "short".toCharArray(), 1_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivateKeyExport.encrypt(key, "k", PASS, 999))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivateKeyExport.privateJwk(key, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_export_with_a_cost_below_the_floor_is_refused_before_decrypting() throws Exception {
    String jwe =
        PrivateKeyExport.encrypt(WalletKeyPair.generate(KeyType.ED25519), "k", PASS, 1_000);
    String[] p = jwe.split("\\.", -1);
    String header = new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.UTF_8);
    assertThat(header).contains("\"p2c\":1000");
    p[0] =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                header.replace("\"p2c\":1000", "\"p2c\":999").getBytes(StandardCharsets.UTF_8));

    assertInvalid(String.join(".", p));
  }

  private static String jwe(JWEAlgorithm alg, EncryptionMethod enc, String cty, String content)
      throws Exception {
    JWEObject o =
        new JWEObject(
            new JWEHeader.Builder(alg, enc).contentType(cty).build(), new Payload(content));
    o.encrypt(
        new PasswordBasedEncrypter(new String(PASS).getBytes(StandardCharsets.UTF_8), 16, 1_000));
    return o.serialize();
  }

  private static void assertInvalid(String export) {
    assertThatThrownBy(() -> PrivateKeyExport.read(export, PASS))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_KEY));
  }
}
