/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletKeyStoreTest {
  private static final char[] PASSWORD = "correct horse battery".toCharArray();

  @TempDir Path dir;

  @Test
  void saves_and_loads_keys_of_every_type() throws Exception {
    WalletKeyStore store = WalletKeyStore.empty();
    WalletKeyPair ed = WalletKeyPair.generate(KeyType.ED25519);
    WalletKeyPair p256 = WalletKeyPair.generate(KeyType.P256);
    WalletKeyPair k1 = WalletKeyPair.generate(KeyType.SECP256K1);
    store.put("ed", ed);
    store.put("p256", p256);
    store.put("k1", k1);
    Path file = dir.resolve("wallet.jwe");

    store.save(file, PASSWORD, 2_000);
    WalletKeyStore loaded = WalletKeyStore.load(file, PASSWORD);

    assertThat(loaded.aliases()).containsExactly("ed", "k1", "p256");
    assertThat(loaded.get("ed").orElseThrow().privateKey()).isEqualTo(ed.privateKey());
    assertThat(loaded.get("p256").orElseThrow().publicKey()).isEqualTo(p256.publicKey());
    assertThat(loaded.get("k1").orElseThrow().publicKey()).isEqualTo(k1.publicKey());
  }

  @Test
  void file_is_a_pbes2_jwe_that_does_not_contain_the_private_key() throws Exception {
    WalletKeyStore store = WalletKeyStore.empty();
    WalletKeyPair ed = WalletKeyPair.generate(KeyType.ED25519);
    store.put("ed", ed);
    Path file = dir.resolve("wallet.jwe");

    store.save(file, PASSWORD, 2_000);

    String text = Files.readString(file).trim();
    String header =
        new String(
            java.util.Base64.getUrlDecoder().decode(text.split("\\.")[0]), StandardCharsets.UTF_8);
    assertThat(text.split("\\.")).hasSize(5);
    assertThat(header)
        .contains("\"alg\":\"PBES2-HS512+A256KW\"")
        .contains("\"enc\":\"A256GCM\"")
        .contains("\"p2c\":2000");
    assertThat(text)
        .doesNotContain(
            java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(ed.privateKey()));
  }

  @Test
  void rejects_a_wrong_password() throws Exception {
    WalletKeyStore store = WalletKeyStore.empty();
    store.put("ed", WalletKeyPair.generate(KeyType.ED25519));
    Path file = dir.resolve("wallet.jwe");
    store.save(file, PASSWORD, 2_000);

    assertThatThrownBy(() -> WalletKeyStore.load(file, "wrong password".toCharArray()))
        .isInstanceOf(RejectedException.class)
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.WRONG_PASSWORD);
  }

  @Test
  void rejects_a_file_whose_ciphertext_was_altered() throws Exception {
    WalletKeyStore store = WalletKeyStore.empty();
    store.put("ed", WalletKeyPair.generate(KeyType.ED25519));
    Path file = dir.resolve("wallet.jwe");
    store.save(file, PASSWORD, 2_000);
    String[] parts = Files.readString(file).trim().split("\\.");
    parts[3] = (parts[3].charAt(0) == 'A' ? "B" : "A") + parts[3].substring(1);
    Files.writeString(file, String.join(".", parts));

    assertThatThrownBy(() -> WalletKeyStore.load(file, PASSWORD))
        .extracting(e -> ((RejectedException) e).reason())
        .isEqualTo(RejectionReason.WRONG_PASSWORD);
  }

  @Test
  void deletes_keys_and_persists_the_deletion() throws Exception {
    WalletKeyStore store = WalletKeyStore.empty();
    store.put("a", WalletKeyPair.generate(KeyType.ED25519));
    store.put("b", WalletKeyPair.generate(KeyType.P256));
    Path file = dir.resolve("wallet.jwe");

    assertThat(store.delete("a")).isTrue();
    assertThat(store.delete("a")).isFalse();
    store.save(file, PASSWORD, 2_000);

    assertThat(WalletKeyStore.load(file, PASSWORD).aliases()).containsExactly("b");
  }

  @Test
  void reports_a_missing_file_as_could_not_do_it() {
    assertThatThrownBy(() -> WalletKeyStore.load(dir.resolve("absent.jwe"), PASSWORD))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("could not be read");
  }

  @Test
  void refuses_an_alias_with_spaces() {
    assertThatThrownBy(
            () -> WalletKeyStore.empty().put("my key", WalletKeyPair.generate(KeyType.ED25519)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alias");
  }

  @Test
  void the_kdf_cost_is_the_files_and_retired_marks_are_kept() throws Exception {
    WalletKeyStore store = WalletKeyStore.empty();
    assertThat(store.iterations()).isEqualTo(WalletKeyStore.DEFAULT_ITERATIONS);
    store.put("old", WalletKeyPair.generate(KeyType.ED25519));
    store.put("new", WalletKeyPair.generate(KeyType.P256));
    java.time.Instant at = java.time.Instant.parse("2026-12-04T18:00:00Z");
    store.retire("old", at);
    Path file = dir.resolve("wallet.jwe");

    store.save(file, PASSWORD, 1_500);
    WalletKeyStore loaded = WalletKeyStore.load(file, PASSWORD);

    assertThat(store.iterations()).isEqualTo(1_500);
    assertThat(loaded.iterations()).isEqualTo(1_500);
    assertThat(loaded.retiredAt("old")).contains(at);
    assertThat(loaded.retiredAt("new")).isEmpty();
    loaded.put("old", WalletKeyPair.generate(KeyType.ED25519));
    assertThat(loaded.retiredAt("old")).isEmpty();
    loaded.retire("new", at);
    loaded.delete("new");
    assertThat(loaded.retiredAt("new")).isEmpty();
    assertThatThrownBy(() -> loaded.retire("absent", at))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_retired_mark_that_names_no_key_or_no_time_is_a_damaged_store() throws Exception {
    for (String retired :
        new String[] {
          "[]", "{\"ghost\":\"2026-12-04T18:00:00Z\"}", "{\"k\":1}", "{\"k\":\"yesterday\"}"
        }) {
      String jwk = WalletKeyPair.generate(KeyType.ED25519).toPrivateJwk();
      com.nimbusds.jose.JWEObject jwe =
          new com.nimbusds.jose.JWEObject(
              new com.nimbusds.jose.JWEHeader.Builder(
                      com.nimbusds.jose.JWEAlgorithm.PBES2_HS512_A256KW,
                      com.nimbusds.jose.EncryptionMethod.A256GCM)
                  .build(),
              new com.nimbusds.jose.Payload(
                  "{\"version\":1,\"keys\":{\"k\":" + jwk + "},\"retired\":" + retired + "}"));
      jwe.encrypt(
          new com.nimbusds.jose.crypto.PasswordBasedEncrypter(
              new String(PASSWORD).getBytes(StandardCharsets.UTF_8), 16, 1_000));
      Path file = dir.resolve("damaged.jwe");
      Files.writeString(file, jwe.serialize());

      assertThatThrownBy(() -> WalletKeyStore.load(file, PASSWORD))
          .as(retired)
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.WRONG_PASSWORD));
    }
  }
}
