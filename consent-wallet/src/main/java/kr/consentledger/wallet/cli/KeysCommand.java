/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import kr.consentledger.wallet.keys.WalletKeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code consent-wallet keys ...}: the encrypted key store. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Keys in the encrypted key store (PBES2 + A256GCM JWE).")
final class KeysCommand {
  @ParentCommand ConsentWallet root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The key types a wallet key can have (all sign). */
  enum Type {
    ED25519(KeyType.ED25519),
    P256(KeyType.P256),
    SECP256K1(KeyType.SECP256K1);

    final KeyType keyType;

    Type(KeyType keyType) {
      this.keyType = keyType;
    }
  }

  @Command(
      name = "create",
      description = "Makes a new key pair and keeps it under ALIAS (a new store if none).")
  Integer create(
      @Parameters(paramLabel = "ALIAS") String alias,
      @Option(
              names = "--type",
              defaultValue = "ed25519",
              description = "ed25519, p256 or secp256k1 (default: ${DEFAULT-VALUE})")
          Type type)
      throws WalletException, RejectedException {
    return add(alias, WalletKeyPair.generate(type.keyType), "created");
  }

  @Command(
      name = "import",
      description =
          "Keeps a private JWK (Ed25519, P-256 or secp256k1) read from a file, or - for"
              + " standard input, under ALIAS.")
  Integer importKey(
      @Parameters(paramLabel = "ALIAS") String alias,
      @Option(names = "--jwk", required = true, paramLabel = "FILE", description = "the JWK file")
          String file)
      throws WalletException, RejectedException {
    String jwk;
    try {
      jwk =
          "-".equals(file)
              ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageError("--jwk " + file + ": " + e.getMessage());
    }
    return add(alias, WalletKeyPair.fromJwk(jwk.strip()), "imported");
  }

  private Integer add(String alias, WalletKeyPair key, String verb)
      throws WalletException, RejectedException {
    Path file = root.storePath();
    boolean exists = Files.exists(file);
    char[] pass = root.passphrase(!exists);
    try {
      WalletKeyStore store = exists ? WalletKeyStore.load(file, pass) : WalletKeyStore.empty();
      if (store.get(alias).isPresent()) {
        throw new Refusal("KEY_EXISTS", "the store already has a key \"" + alias + "\"");
      }
      store.put(alias, key);
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new WalletException("cannot create " + file.toAbsolutePath().getParent(), e);
      }
      store.save(file, pass);
    } finally {
      Arrays.fill(pass, '\0');
    }
    ObjectNode out = describe(alias, key);
    return root.emit(
        spec.commandLine(),
        out,
        "key \""
            + alias
            + "\" "
            + verb
            + " ("
            + key.type()
            + ") in "
            + file
            + "\ndid:key  "
            + out.get("didKey").asText());
  }

  static ObjectNode describe(String alias, WalletKeyPair key) {
    ObjectNode out = Output.object();
    out.put("alias", alias);
    out.put("type", key.type().name());
    out.set("publicKeyJwk", Output.parse(key.publicKey().toJwk()));
    out.put("publicKeyMultibase", key.publicKey().toMultibase());
    out.put("didKey", DidKey.create(key.publicKey()));
    out.put("didJwk", DidJwk.create(key.publicKey()));
    return out;
  }

  @Command(name = "list", description = "Lists the keys: alias, type, did:key.")
  Integer list() throws WalletException, RejectedException {
    WalletKeyStore store = WalletKeyStore.empty();
    if (Files.exists(root.storePath())) {
      char[] pass = root.passphrase(false);
      try {
        store = root.loadStore(pass);
      } finally {
        Arrays.fill(pass, '\0');
      }
    }
    ArrayNode keys = Output.JSON.createArrayNode();
    List<List<String>> rows = new ArrayList<>();
    for (String alias : store.aliases()) {
      WalletKeyPair k = store.get(alias).orElseThrow();
      ObjectNode d = describe(alias, k);
      keys.add(d);
      rows.add(List.of(alias, k.type().name(), d.get("didKey").asText()));
    }
    ObjectNode out = Output.object();
    out.put("store", root.storePath().toString());
    out.set("keys", keys);
    String text =
        rows.isEmpty()
            ? "no keys in " + root.storePath()
            : Output.table(List.of("ALIAS", "TYPE", "DID:KEY"), rows);
    return root.emit(spec.commandLine(), out, text);
  }

  @Command(
      name = "export-public",
      description = "Prints a key's public JWK (or its multibase form); never the private key.")
  Integer exportPublic(
      @Parameters(paramLabel = "ALIAS") String alias,
      @Option(
              names = "--format",
              defaultValue = "jwk",
              description = "jwk or multibase (default: ${DEFAULT-VALUE})")
          String format)
      throws WalletException, RejectedException {
    if (!format.equals("jwk") && !format.equals("multibase")) {
      throw new UsageError("--format: jwk or multibase, not " + format);
    }
    WalletKeyPair key = root.key(alias);
    ObjectNode out = describe(alias, key);
    String text = format.equals("jwk") ? key.publicKey().toJwk() : key.publicKey().toMultibase();
    return root.emit(spec.commandLine(), out, text);
  }
}
