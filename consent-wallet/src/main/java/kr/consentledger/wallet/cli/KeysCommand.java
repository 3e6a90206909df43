/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.PrivateKeyExport;
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
          "Keeps a private key (Ed25519, P-256 or secp256k1) read from a file, or - for standard"
              + " input, under ALIAS: a private JWK, or the JWE that `keys export --private`"
              + " writes (its passphrase from --export-passphrase-file, $"
              + ConsentWallet.EXPORT_PASSPHRASE_ENV
              + " or the terminal).")
  Integer importKey(
      @Parameters(paramLabel = "ALIAS") String alias,
      @Option(
              names = "--jwk",
              required = true,
              paramLabel = "FILE",
              description = "the private JWK, or its encrypted export (JWE)")
          String file,
      @Option(
              names = "--export-passphrase-file",
              paramLabel = "FILE",
              description = "the export passphrase, first line (for a JWE)")
          Path exportPassphraseFile)
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
    char[] exportPass = null;
    try {
      if (PrivateKeyExport.isEncrypted(jwk)) {
        exportPass = exportPassphrase(exportPassphraseFile, false);
      }
      PrivateKeyExport.Imported imported =
          PrivateKeyExport.read(jwk, exportPass == null ? new char[0] : exportPass);
      return add(alias, imported.key(), "imported");
    } finally {
      if (exportPass != null) {
        Arrays.fill(exportPass, '\0');
      }
    }
  }

  private char[] exportPassphrase(Path file, boolean twice) {
    return root.secret(
        file,
        "--export-passphrase-file",
        ConsentWallet.EXPORT_PASSPHRASE_ENV,
        "Export passphrase: ",
        twice);
  }

  @Command(
      name = "export",
      description =
          "Writes a private key to --out (mode 0600; - for standard output): a private JWK"
              + " (RFC 7517, kid = the DID URL of its verification method when the key is one of"
              + " the wallet's DIDs' keys, else ALIAS), by default encrypted as a compact JWE"
              + " (PBES2-HS512+A256KW, A256GCM, cty jwk+json) with an export passphrase from"
              + " --export-passphrase-file, $"
              + ConsentWallet.EXPORT_PASSPHRASE_ENV
              + " or the terminal (asked twice).")
  Integer export(
      @Option(names = "--private", required = true, description = "the private key (required)")
          boolean privateKey,
      @Parameters(paramLabel = "ALIAS") String alias,
      @Option(
              names = "--out",
              required = true,
              paramLabel = "FILE",
              description = "a new file (written owner-only), or - for standard output")
          String out,
      @Option(
              names = "--unencrypted",
              description = "plain JSON instead of the JWE: the private key in the clear")
          boolean unencrypted,
      @Option(
              names = "--export-passphrase-file",
              paramLabel = "FILE",
              description = "the export passphrase, first line")
          Path exportPassphraseFile)
      throws WalletException, RejectedException {
    Path target = "-".equals(out) ? null : Path.of(out);
    if (target != null && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new UsageError("--out " + out + " exists; give a new file");
    }
    WalletKeyPair key = root.key(alias);
    String kid = kid(alias);
    String export;
    if (unencrypted) {
      export = PrivateKeyExport.privateJwk(key, kid);
    } else {
      char[] pass = exportPassphrase(exportPassphraseFile, true);
      try {
        export = PrivateKeyExport.encrypt(key, kid, pass, root.kdfIterations);
      } finally {
        Arrays.fill(pass, '\0');
      }
    }
    if (target == null) {
      spec.commandLine().getOut().println(export);
      return 0;
    }
    writeOwnerOnly(target, export + "\n");
    ObjectNode done =
        Output.object()
            .put("alias", alias)
            .put("kid", kid)
            .put("type", key.type().name())
            .put("encrypted", !unencrypted)
            .put("file", target.toString());
    return root.emit(
        spec.commandLine(),
        done,
        "private key \""
            + alias
            + "\" ("
            + kid
            + ") written to "
            + target
            + (unencrypted ? " UNENCRYPTED" : " (JWE, PBES2-HS512+A256KW / A256GCM)"));
  }

  /**
   * The kid of an exported key: the verification method of the DID the wallet binds it to (a
   * did:fabric's current key first, then its did:key, then its did:jwk), else the alias.
   */
  private String kid(String alias) throws WalletException {
    String byKey = null;
    String byJwk = null;
    for (JsonNode d : new WalletFiles(root.home()).dids()) {
      if (!alias.equals(d.path("key").asText()) || d.path("deactivated").asBoolean(false)) {
        continue;
      }
      String did = d.path("did").asText();
      switch (d.path("method").asText()) {
        case "fabric" -> {
          return d.path("keyId").asText(did + "#key-1");
        }
        case "key" -> byKey = did + "#" + did.substring("did:key:".length());
        case "jwk" -> byJwk = did + "#0";
        default -> {
          // a method this wallet does not make
        }
      }
    }
    return byKey != null ? byKey : byJwk != null ? byJwk : alias;
  }

  private static void writeOwnerOnly(Path file, String text) throws WalletException {
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException e) {
      throw new UsageError("--out " + file + " exists; give a new file");
    } catch (IOException e) {
      throw new WalletException(file + " cannot be written", e);
    }
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
      root.saveStore(store, exists, pass);
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

  @Command(
      name = "list",
      description = "Lists the keys: alias, type, did:key, and when a key was retired.")
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
      String retired = store.retiredAt(alias).map(Object::toString).orElse(null);
      if (retired != null) {
        d.put("retired", retired);
      }
      keys.add(d);
      rows.add(
          List.of(
              alias,
              k.type().name(),
              d.get("didKey").asText(),
              retired == null ? "" : "retired " + retired));
    }
    ObjectNode out = Output.object();
    out.put("store", root.storePath().toString());
    out.set("keys", keys);
    String text =
        rows.isEmpty()
            ? "no keys in " + root.storePath()
            : Output.table(List.of("ALIAS", "TYPE", "DID:KEY", "STATUS"), rows);
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
