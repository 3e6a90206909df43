/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidOperation;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationMethod;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.WalletKeyPair;
import kr.consentledger.wallet.keys.WalletKeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code consent-wallet did ...}: the wallet's DIDs, and resolution through the resolver. */
@Command(
    name = "did",
    mixinStandardHelpOptions = true,
    description =
        "DIDs of the wallet's keys (did:key, did:jwk, did:fabric through the consent service's"
            + " DID registrar: create, update, rotate, deactivate), and any DID resolved by the"
            + " resolver.")
final class DidCommand {
  @ParentCommand ConsentWallet root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Command(
      name = "create",
      description =
          "Makes the did:key or did:jwk of a stored key, or registers a did:fabric for it on the"
              + " ledger (signed here, relayed by the consent service's POST /1.0/create), and"
              + " records it in the wallet.")
  Integer create(
      @Option(names = "--key", required = true, paramLabel = "ALIAS", description = "the key")
          String alias,
      @Option(
              names = "--method",
              defaultValue = "key",
              description = "key, jwk or fabric (default: ${DEFAULT-VALUE})")
          String method)
      throws WalletException, RejectedException {
    WalletKeyPair key = root.key(alias);
    if ("fabric".equals(method)) {
      return createFabric(alias, key);
    }
    String did = ConsentWallet.did(key, method);
    new WalletFiles(root.home()).addDid(did, method, alias);
    ObjectNode out = Output.object().put("did", did).put("method", method).put("key", alias);
    out.set("didDocument", Output.parse(document(did).toJson()));
    return root.emit(spec.commandLine(), out, did);
  }

  @Command(
      name = "show",
      description =
          "Without DID: lists the wallet's DIDs. With a did:key or did:jwk: prints its document"
              + " (computed here; use `did resolve` for did:fabric).")
  Integer show(@Parameters(paramLabel = "DID", arity = "0..1") String did)
      throws WalletException, RejectedException {
    if (did == null) {
      ArrayNode dids = new WalletFiles(root.home()).dids();
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode d : dids) {
        rows.add(
            List.of(d.path("key").asText(), d.path("method").asText(), d.path("did").asText()));
      }
      ObjectNode out = Output.object();
      out.set("dids", dids);
      String text =
          rows.isEmpty()
              ? "no DIDs yet: make one with `did create --key <alias>`"
              : Output.table(List.of("KEY", "METHOD", "DID"), rows);
      return root.emit(spec.commandLine(), out, text);
    }
    JsonNode doc = Output.parse(document(did).toJson());
    return root.emit(spec.commandLine(), doc, Output.json(doc));
  }

  private Integer createFabric(String alias, WalletKeyPair key) throws WalletException {
    DidDocument doc = DidFabric.newDocument(key.publicKey()).build();
    DidOperation op = DidFabric.create(doc, key.signer(doc.id() + "#key-1"), null);
    JsonNode answer = register("/1.0/create?method=fabric", op.jws(), null);
    ObjectNode record =
        Output.object()
            .put("did", doc.id())
            .put("method", "fabric")
            .put("key", alias)
            .put("keyId", doc.id() + "#key-1")
            .put("versionId", op.versionId());
    new WalletFiles(root.home()).putDid(record);
    ObjectNode out = Output.object().put("did", doc.id()).put("method", "fabric").put("key", alias);
    out.set("registration", answer);
    return root.emit(
        spec.commandLine(),
        out,
        doc.id()
            + " is on the ledger (transaction "
            + answer.at("/didRegistrationMetadata/transactionId").asText()
            + ")");
  }

  /** POSTs a signed operation to the consent service's registrar (DIF Universal Registrar). */
  private JsonNode register(String path, String jws, String did) {
    ObjectNode body = Output.object();
    body.putNull("jobId");
    body.putObject("options");
    body.putObject("secret").put("signedOperation", jws);
    if (did != null) {
      body.put("did", did);
    }
    return root.http().send("POST", root.serviceUri(path), body, null, "application/json");
  }

  private static DidDocument document(String did) throws RejectedException {
    if (did.startsWith("did:key:")) {
      return DidKey.resolve(did);
    }
    if (did.startsWith("did:jwk:")) {
      return DidJwk.resolve(did);
    }
    throw new UsageError(
        "did show computes did:key and did:jwk documents only; use `did resolve " + did + "`");
  }

  @Command(
      name = "update",
      description =
          "Changes one of the wallet's did:fabric DIDs: its current document and version are"
              + " resolved (--resolver), edited as the options say, signed with the wallet's key"
              + " of the DID and relayed by the consent service's POST /1.0/update (did:key and"
              + " did:jwk never change).")
  Integer update(
      @Parameters(paramLabel = "DID") String did,
      @Option(
              names = "--add-service",
              arity = "3",
              paramLabel = "ID TYPE URL",
              description = "adds a service: #fragment, type and endpoint (repeatable)")
          List<String> addServices,
      @Option(
              names = "--remove-service",
              paramLabel = "ID",
              description = "removes a service (#fragment; repeatable)")
          List<String> removeServices,
      @Option(
              names = "--add-key",
              paramLabel = "ALIAS",
              description =
                  "adds a stored key as the next #key-N, under authentication and"
                      + " assertionMethod (repeatable)")
          List<String> addKeys,
      @Option(
              names = "--remove-key",
              paramLabel = "ID",
              description =
                  "removes a verification method (#key-N; repeatable); the wallet's own key of"
                      + " the DID is replaced with `did rotate`")
          List<String> removeKeys,
      @Option(
              names = "--document",
              paramLabel = "FILE",
              description = "the whole new document (JSON), edited further by the options above")
          Path documentFile)
      throws WalletException, RejectedException {
    refuseUnlessFabric(did);
    if (addServices == null
        && removeServices == null
        && addKeys == null
        && removeKeys == null
        && documentFile == null) {
      throw new UsageError(
          "nothing to change: give --add-service, --remove-service, --add-key, --remove-key or"
              + " --document");
    }
    WalletFiles files = new WalletFiles(root.home());
    ObjectNode record = fabricRecord(files, did);
    char[] pass = root.passphrase(false);
    try {
      WalletKeyStore store = root.loadStore(pass);
      WalletKeyPair key = stored(store, record.path("key").asText());
      Current cur = current(record, key);
      DidDocument.Builder b =
          documentFile == null ? cur.document().toBuilder() : readDocument(documentFile, did);
      for (String ref : list(removeKeys)) {
        if ((ref.startsWith("#") ? did + ref : ref).equals(cur.keyId())) {
          throw new UsageError(
              "--remove-key " + ref + " is this wallet's key of " + did + ": use `did rotate`");
        }
        b.removeVerificationMethod(ref);
      }
      for (String ref : list(removeServices)) {
        b.removeService(ref);
      }
      List<String> services = list(addServices);
      for (int i = 0; i + 2 < services.size(); i += 3) {
        b.addService(services.get(i), services.get(i + 1), services.get(i + 2));
      }
      int next = nextKeyNumber(cur.document());
      for (String alias : list(addKeys)) {
        b.addVerificationMethod(
            "#key-" + next++,
            stored(store, alias).publicKey(),
            VerificationRelationship.AUTHENTICATION,
            VerificationRelationship.ASSERTION_METHOD);
      }
      DidDocument changed = b.build();
      if (Output.parse(changed.toJson()).equals(Output.parse(cur.document().toJson()))) {
        throw new UsageError("nothing changes: the new document is the current one");
      }
      DidOperation op = DidFabric.update(cur.state(), changed, key.signer(cur.keyId()), null);
      JsonNode answer = register("/1.0/update", op.jws(), did);
      record.put("versionId", op.versionId());
      files.putDid(record);
      return changed(did, op, answer, List.of(), " is updated");
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  @Command(
      name = "rotate",
      description =
          "Replaces the wallet's key of one of its did:fabric DIDs: a new key is made in the store,"
              + " the DID's document gets it as the next #key-N (authentication and"
              + " assertionMethod) in place of the old one, signed with the old key and relayed by"
              + " POST /1.0/update; the old key stays in the store, marked retired.")
  Integer rotate(
      @Parameters(paramLabel = "DID") String did,
      @Option(
              names = "--new-key",
              paramLabel = "ALIAS",
              description = "the new key's alias (default: <old alias>-key-N)")
          String newAlias,
      @Option(
              names = "--type",
              defaultValue = "ed25519",
              description = "the new key: ed25519, p256 or secp256k1 (default: ${DEFAULT-VALUE})")
          KeysCommand.Type type)
      throws WalletException, RejectedException {
    refuseUnlessFabric(did);
    WalletFiles files = new WalletFiles(root.home());
    ObjectNode record = fabricRecord(files, did);
    String oldAlias = record.path("key").asText();
    char[] pass = root.passphrase(false);
    try {
      WalletKeyStore store = root.loadStore(pass);
      WalletKeyPair old = stored(store, oldAlias);
      Current cur = current(record, old);
      String fragment = "key-" + nextKeyNumber(cur.document());
      String alias = newAlias != null ? newAlias : oldAlias + "-" + fragment;
      if (store.get(alias).isPresent()) {
        throw new Refusal(
            "KEY_EXISTS",
            "the store already has a key \"" + alias + "\" (choose another with --new-key)");
      }
      WalletKeyPair fresh = WalletKeyPair.generate(type.keyType);
      DidDocument rotated =
          cur.document().toBuilder()
              .addVerificationMethod(
                  "#" + fragment,
                  fresh.publicKey(),
                  VerificationRelationship.AUTHENTICATION,
                  VerificationRelationship.ASSERTION_METHOD)
              .removeVerificationMethod(cur.keyId())
              .build();
      DidOperation op = DidFabric.update(cur.state(), rotated, old.signer(cur.keyId()), null);
      // The new key is kept before the ledger knows it: a DID whose only key was lost after the
      // commit could never change again.
      store.put(alias, fresh);
      root.saveStore(store, true, pass);
      JsonNode answer;
      try {
        answer = register("/1.0/update", op.jws(), did);
      } catch (Refusal r) {
        if (r.status() >= 400 && r.status() < 500) {
          // Refused: the ledger did not change, so the new key is no one's.
          store.delete(alias);
          root.saveStore(store, true, pass);
          throw r;
        }
        throw new Refusal(
            r.code(),
            r.getMessage()
                + " (whether the rotation was committed is not known: the new key stays in the"
                + " store as \""
                + alias
                + "\"; see `did resolve "
                + did
                + "`)",
            r.status(),
            r.problem());
      }
      Instant now = Instant.now(root.clock);
      store.retire(oldAlias, now);
      root.saveStore(store, true, pass);
      record.put("key", alias);
      record.put("keyId", did + "#" + fragment);
      record.put("versionId", op.versionId());
      record
          .withArray("retiredKeys")
          .addObject()
          .put("key", oldAlias)
          .put("keyId", cur.keyId())
          .put("retiredAt", now.toString());
      files.putDid(record);
      List<String> oldConsents = files.consentsSignedBy(did, oldAlias);
      return changed(
          did,
          op,
          answer,
          oldConsents,
          "'s key is now \""
              + alias
              + "\" ("
              + did
              + "#"
              + fragment
              + "); \""
              + oldAlias
              + "\" is retired");
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  @Command(
      name = "deactivate",
      description =
          "Deactivates one of the wallet's did:fabric DIDs for good: its current state is resolved"
              + " (--resolver), the operation signed with the wallet's key and relayed by the"
              + " consent service's POST /1.0/deactivate (did:key and did:jwk never change).")
  Integer deactivate(@Parameters(paramLabel = "DID") String did)
      throws WalletException, RejectedException {
    refuseUnlessFabric(did);
    WalletFiles files = new WalletFiles(root.home());
    ObjectNode record = fabricRecord(files, did);
    String alias = record.path("key").asText();
    WalletKeyPair key = root.key(alias);
    Current cur = current(record, key);
    DidOperation op = DidFabric.deactivate(cur.state(), key.signer(cur.keyId()), null);
    JsonNode answer = register("/1.0/deactivate", op.jws(), did);
    record.put("versionId", op.versionId());
    record.put("deactivated", true);
    files.putDid(record);
    ObjectNode out = Output.object().put("did", did).put("deactivated", true);
    out.set("registration", answer);
    return root.emit(
        spec.commandLine(),
        out,
        did
            + " is deactivated (transaction "
            + answer.at("/didRegistrationMetadata/transactionId").asText()
            + ")");
  }

  /**
   * Prints a committed update; {@code oldConsents} are consents made here with a key the update
   * removed, whose credentials no longer verify against the DID's current document.
   */
  private Integer changed(
      String did, DidOperation op, JsonNode answer, List<String> oldConsents, String what) {
    ObjectNode out = Output.object().put("did", did).put("versionId", op.versionId());
    out.set("didDocument", answer.at("/didState/didDocument"));
    out.set("registration", answer);
    if (!oldConsents.isEmpty()) {
      oldConsents.forEach(out.putArray("consentsSignedWithRetiredKey")::add);
    }
    return root.emit(
        spec.commandLine(),
        out,
        did
            + what
            + " (version "
            + op.versionId()
            + ", transaction "
            + answer.at("/didRegistrationMetadata/transactionId").asText()
            + ")"
            + (oldConsents.isEmpty()
                ? ""
                : "\n"
                    + oldConsents.size()
                    + " consent(s) made here were signed with the retired key; their credentials"
                    + " no longer verify against the DID's current document (the new key still"
                    + " revokes them; sign them again to present them): "
                    + String.join(", ", oldConsents)));
  }

  /** The ledger's current state of a DID, and the id of the wallet's key in it. */
  private record Current(DidState state, String keyId) {
    DidDocument document() {
      return state.document();
    }
  }

  /**
   * The ledger's current state of one of the wallet's DIDs. The version the wallet last wrote is
   * asked for by its id (a resolver's cache of the latest version may lag a commit by the time its
   * block event takes); only when the ledger has a later one ({@code nextVersionId}, a change made
   * elsewhere) is the latest resolved.
   */
  private Current current(ObjectNode record, WalletKeyPair key) throws RejectedException {
    String did = record.path("did").asText();
    String alias = record.path("key").asText();
    JsonNode result = null;
    if (record.hasNonNull("versionId")) {
      result = resolution(did, record.get("versionId").asText());
      if (result.at("/didDocumentMetadata/nextVersionId").isTextual()) {
        result = null;
      }
    }
    if (result == null) {
      result = resolution(did);
    }
    DidDocument doc = DidDocument.parse(result.path("didDocument").toString());
    String keyId =
        doc.verificationMethods().stream()
            .filter(vm -> vm.publicKey().equals(key.publicKey()))
            .map(VerificationMethod::id)
            .filter(id -> doc.authorizes(id, VerificationRelationship.AUTHENTICATION))
            .findFirst()
            .orElseThrow(
                () ->
                    new Refusal(
                        "NOT_AUTHORISED",
                        "the key " + alias + " is no longer a key of " + did + " on the ledger"));
    return new Current(
        new DidState(did, doc, result.at("/didDocumentMetadata/versionId").asText(), false), keyId);
  }

  private static ObjectNode fabricRecord(WalletFiles files, String did) throws WalletException {
    return files
        .did(did)
        .filter(d -> "fabric".equals(d.path("method").asText()))
        .orElseThrow(
            () ->
                new UsageError(did + " is not one of this wallet's DIDs (`did show` lists them)"));
  }

  private WalletKeyPair stored(WalletKeyStore store, String alias) {
    return store
        .get(alias)
        .orElseThrow(
            () ->
                new Refusal(
                    "UNKNOWN_KEY_ALIAS", "no key \"" + alias + "\" in " + root.storePath()));
  }

  private static DidDocument.Builder readDocument(Path file, String did) throws RejectedException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageError("--document " + file + ": " + e.getMessage());
    }
    DidDocument doc = DidDocument.parse(text);
    if (!doc.id().equals(did)) {
      throw new UsageError("--document " + file + ": its id is " + doc.id() + ", not " + did);
    }
    return doc.toBuilder();
  }

  /** One more than the largest N of the document's {@code #key-N} (2 at least). */
  static int nextKeyNumber(DidDocument doc) {
    int max = 1;
    for (VerificationMethod vm : doc.verificationMethods()) {
      Matcher m = KEY_N.matcher(vm.id());
      if (m.find()) {
        try {
          max = Math.max(max, Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
          // more digits than an int: not one of ours
        }
      }
    }
    return max + 1;
  }

  private static final Pattern KEY_N = Pattern.compile("#key-([0-9]{1,9})$");

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }

  private static void refuseUnlessFabric(String did) {
    if (did.startsWith("did:key:") || did.startsWith("did:jwk:")) {
      throw new UsageError(
          "a did:key or did:jwk is its key: it cannot be updated, rotated or deactivated;"
              + " make a new key instead");
    }
    if (!did.startsWith("did:fabric:")) {
      throw new UsageError("not a did:fabric: " + did);
    }
  }

  @Command(
      name = "resolve",
      description =
          "Resolves any DID through the DID resolver's HTTP API (--resolver, --ca) and prints the"
              + " resolution result.")
  Integer resolve(
      @Parameters(paramLabel = "DID") String did,
      @Option(names = "--document", description = "print the DID document only") boolean docOnly) {
    JsonNode result = resolution(did);
    JsonNode shown = docOnly ? result.path("didDocument") : result;
    return root.emit(spec.commandLine(), shown, Output.json(shown));
  }

  private JsonNode resolution(String did) {
    return root.resolution(did, null);
  }

  private JsonNode resolution(String did, String versionId) {
    return root.resolution(did, versionId);
  }
}
