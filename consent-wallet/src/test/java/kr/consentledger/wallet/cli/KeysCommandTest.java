/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import kr.consentledger.wallet.keys.WalletKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  @TempDir Path dir;

  @Test
  void aCreatedKeyIsKeptEncryptedAndListedWithItsDidKey() throws Exception {
    WalletRun w = new WalletRun(dir);
    JsonNode created = w.json("keys", "create", "alice");
    w.json("keys", "create", "bob", "--type", "P256");

    WalletKeyStore store =
        WalletKeyStore.load(dir.resolve("keys.jwe"), WalletRun.PASSPHRASE.toCharArray());
    assertThat(store.aliases()).containsExactly("alice", "bob");
    assertThat(store.get("bob").orElseThrow().type()).isEqualTo(KeyType.P256);
    assertThat(created.get("didKey").asText())
        .isEqualTo(DidKey.create(store.get("alice").orElseThrow().publicKey()));
    assertThat(Files.readString(dir.resolve("keys.jwe"))).doesNotContain("\"d\"");

    w.run("keys", "list");
    assertThat(w.code).isZero();
    assertThat(w.out).contains("ALIAS", "alice", "ED25519", "bob", "P256", "did:key:z");
  }

  @Test
  void exportPublicPrintsThePublicJwkOrMultibaseAndNeverThePrivateKey() throws Exception {
    WalletRun w = new WalletRun(dir);
    w.json("keys", "create", "alice");
    WalletKeyPair key =
        WalletKeyStore.load(dir.resolve("keys.jwe"), WalletRun.PASSPHRASE.toCharArray())
            .get("alice")
            .orElseThrow();

    w.run("keys", "export-public", "alice");
    assertThat(w.out.strip()).isEqualTo(key.publicKey().toJwk());
    w.run("keys", "export-public", "alice", "--format", "multibase");
    assertThat(w.out.strip()).isEqualTo(key.publicKey().toMultibase());
    JsonNode json = w.json("keys", "export-public", "alice");
    assertThat(json.get("publicKeyJwk").has("d")).isFalse();
    assertThat(json.toString()).doesNotContain(key.toPrivateJwk());
  }

  @Test
  void anImportedPrivateJwkKeepsItsKey() throws Exception {
    WalletKeyPair key = WalletKeyPair.generate(KeyType.SECP256K1);
    Path jwk = dir.resolve("k.jwk");
    Files.writeString(jwk, key.toPrivateJwk(), StandardCharsets.UTF_8);
    WalletRun w = new WalletRun(dir);

    JsonNode imported = w.json("keys", "import", "carol", "--jwk", jwk.toString());

    assertThat(imported.get("didKey").asText()).isEqualTo(DidKey.create(key.publicKey()));
    assertThat(imported.get("type").asText()).isEqualTo("SECP256K1");
  }

  @Test
  void aSecondKeyUnderTheSameAliasIsRefused() throws Exception {
    WalletRun w = new WalletRun(dir);
    w.json("keys", "create", "alice");

    w.run("keys", "create", "alice");

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: KEY_EXISTS:");
  }

  @Test
  void aWrongPassphraseIsRefusedWithWrongPassword() throws Exception {
    WalletRun w = new WalletRun(dir);
    w.json("keys", "create", "alice");
    w.env.put(ConsentWallet.PASSPHRASE_ENV, "not the passphrase");

    w.run("keys", "list");

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: WRONG_PASSWORD:");
  }

  @Test
  void thePassphraseComesFromAFileBeforeTheEnvironment() throws Exception {
    WalletRun w = new WalletRun(dir);
    Path file = dir.resolve("pass");
    Files.writeString(file, "from the file\n", StandardCharsets.UTF_8);
    w.run("keys", "create", "alice", "--passphrase-file", file.toString());
    assertThat(w.code).isZero();

    assertThat(
            WalletKeyStore.load(dir.resolve("keys.jwe"), "from the file".toCharArray()).aliases())
        .containsExactly("alice");
  }

  @Test
  void withoutFileEnvironmentOrTerminalThereIsNoPassphraseAndItIsAUsageError() {
    WalletRun w = new WalletRun(dir);
    w.env.remove(ConsentWallet.PASSPHRASE_ENV);

    w.run("keys", "create", "alice");

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("no passphrase");
    assertThat(dir.resolve("keys.jwe")).doesNotExist();
  }

  @Test
  void aNewStoreAsksThePassphraseTwiceOnTheTerminalAndRefusesTwoThatDiffer() throws Exception {
    WalletRun w = new WalletRun(dir);
    w.env.remove(ConsentWallet.PASSPHRASE_ENV);
    w.typed.add("typed passphrase");
    w.typed.add("another one");
    w.run("keys", "create", "alice");
    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("differ");

    w.typed.add("typed passphrase");
    w.typed.add("typed passphrase");
    w.run("keys", "create", "alice");
    assertThat(w.code).isZero();
    assertThat(
            WalletKeyStore.load(dir.resolve("keys.jwe"), "typed passphrase".toCharArray())
                .aliases())
        .containsExactly("alice");
  }

  @Test
  void anUnknownKeyTypeIsAUsageError() {
    WalletRun w = new WalletRun(dir);

    w.run("keys", "create", "alice", "--type", "rsa");

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("--type");
  }

  @Test
  void listingWithoutAStoreSaysThereAreNoKeys() {
    WalletRun w = new WalletRun(dir);

    w.run("keys", "list");

    assertThat(w.code).isZero();
    assertThat(w.out).contains("no keys");
  }
}
