/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.PrivateKeyExport;
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

  @Test
  void aNewStoreIsWrittenWithTheProductionKdfCostAndKeepsItWhenSavedAgain() throws Exception {
    Map<String, String> env =
        Map.of(
            "CONSENT_WALLET_STORE",
            dir.resolve("keys.jwe").toString(),
            ConsentWallet.PASSPHRASE_ENV,
            WalletRun.PASSPHRASE);
    StringWriter out = new StringWriter();
    PrintWriter o = new PrintWriter(out, true);

    assertThat(ConsentWallet.run(new String[] {"keys", "create", "alice"}, o, o, env)).isZero();
    assertThat(p2c(dir.resolve("keys.jwe"))).isEqualTo(WalletKeyStore.DEFAULT_ITERATIONS);

    // The test hook's small cost never lowers the cost of a store already on disk.
    new WalletRun(dir).json("keys", "create", "bob");
    assertThat(p2c(dir.resolve("keys.jwe"))).isEqualTo(310_000);
  }

  private static int p2c(Path jwe) throws Exception {
    String header = Files.readString(jwe).split("\\.")[0];
    return Output.parse(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8))
        .get("p2c")
        .asInt();
  }

  @Test
  void aPrivateKeyIsExportedAsAPbes2JweOfItsJwkOwnerOnlyAndImportedBack() throws Exception {
    WalletRun w = new WalletRun(dir.resolve("a"));
    w.env.put(ConsentWallet.EXPORT_PASSPHRASE_ENV, "export passphrase");
    w.json("keys", "create", "alice", "--type", "p256");
    String did = w.json("did", "create", "--key", "alice").get("did").asText();
    Path file = dir.resolve("alice.jwe");

    JsonNode done = w.json("keys", "export", "--private", "alice", "--out", file.toString());

    String jwe = Files.readString(file).strip();
    assertThat(jwe.split("\\.")).hasSize(5);
    JsonNode header =
        Output.parse(
            new String(Base64.getUrlDecoder().decode(jwe.split("\\.")[0]), StandardCharsets.UTF_8));
    assertThat(header.get("alg").asText()).isEqualTo("PBES2-HS512+A256KW");
    assertThat(header.get("enc").asText()).isEqualTo("A256GCM");
    assertThat(header.get("cty").asText()).isEqualTo("jwk+json");
    assertThat(header.get("p2c").asInt()).isEqualTo(w.kdfIterations);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String kid = did + "#" + did.substring("did:key:".length());
    assertThat(done.get("kid").asText()).isEqualTo(kid);
    assertThat(done.toString()).doesNotContain("\"d\"");
    PrivateKeyExport.Imported read = PrivateKeyExport.read(jwe, "export passphrase".toCharArray());
    assertThat(read.kid()).isEqualTo(kid);
    WalletKeyPair alice =
        WalletKeyStore.load(dir.resolve("a/keys.jwe"), WalletRun.PASSPHRASE.toCharArray())
            .get("alice")
            .orElseThrow();
    assertThat(read.key().privateKey()).isEqualTo(alice.privateKey());

    WalletRun other = new WalletRun(dir.resolve("b"));
    other.env.put(ConsentWallet.EXPORT_PASSPHRASE_ENV, "not the passphrase");
    other.run("keys", "import", "alice", "--jwk", file.toString());
    assertThat(other.code).isEqualTo(1);
    assertThat(other.err).startsWith("error: WRONG_PASSWORD:");
    Path pass = dir.resolve("export-pass");
    Files.writeString(pass, "export passphrase\n", StandardCharsets.UTF_8);
    JsonNode imported =
        other.json(
            "keys",
            "import",
            "alice",
            "--jwk",
            file.toString(),
            "--export-passphrase-file",
            pass.toString());
    assertThat(imported.get("didKey").asText()).isEqualTo(did);
  }

  @Test
  void anUnencryptedExportIsThePrivateJwkAndGoesToStandardOutputOnlyWithOutDash() throws Exception {
    WalletRun w = new WalletRun(dir);
    w.json("keys", "create", "alice");

    w.run("keys", "export", "--private", "alice", "--unencrypted", "--out", "-");

    assertThat(w.code).isZero();
    JsonNode jwk = Output.parse(w.out.strip());
    assertThat(jwk.get("kid").asText()).isEqualTo("alice");
    assertThat(jwk.get("kty").asText()).isEqualTo("OKP");
    assertThat(jwk.has("d")).isTrue();
    Path file = dir.resolve("alice.jwk");
    Files.writeString(file, w.out, StandardCharsets.UTF_8);
    WalletRun other = new WalletRun(dir.resolve("b"));
    other.env.remove(ConsentWallet.EXPORT_PASSPHRASE_ENV);
    assertThat(other.json("keys", "import", "alice", "--jwk", file.toString()).get("didKey"))
        .isEqualTo(w.json("keys", "export-public", "alice").get("didKey"));

    w.run("keys", "export", "--private", "alice");
    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("--out");
    w.run("keys", "export", "--private", "alice", "--unencrypted", "--out", file.toString());
    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("exists");
    w.run("keys", "export", "--private", "alice", "--out", dir.resolve("x.jwe").toString());
    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("no passphrase", ConsentWallet.EXPORT_PASSPHRASE_ENV);
    assertThat(dir.resolve("x.jwe")).doesNotExist();
  }
}
