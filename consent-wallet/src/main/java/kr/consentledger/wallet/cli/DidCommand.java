/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidOperation;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.did.VerificationMethod;
import kr.consentledger.wallet.keys.WalletKeyPair;
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
            + " DID registrar), and any DID resolved by the resolver. did:fabric update and rotate"
            + " are not available here yet.")
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
    new WalletFiles(root.home()).addDid(doc.id(), "fabric", alias);
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
      description = "did:fabric only, not available yet (did:key and did:jwk never change).")
  Integer update(@Parameters(paramLabel = "DID") String did) {
    return refuseChange(did);
  }

  @Command(
      name = "rotate",
      description = "did:fabric only, not available yet (did:key and did:jwk never change).")
  Integer rotate(@Parameters(paramLabel = "DID") String did) {
    return refuseChange(did);
  }

  @Command(
      name = "deactivate",
      description =
          "Deactivates one of the wallet's did:fabric DIDs for good: its current state is resolved"
              + " (--resolver), the operation signed with the wallet's key and relayed by the"
              + " consent service's POST /1.0/deactivate (did:key and did:jwk never change).")
  Integer deactivate(@Parameters(paramLabel = "DID") String did)
      throws WalletException, RejectedException {
    if (!did.startsWith("did:fabric:")) {
      return refuseChange(did);
    }
    String alias = null;
    for (JsonNode d : new WalletFiles(root.home()).dids()) {
      if (d.path("did").asText().equals(did)) {
        alias = d.path("key").asText();
      }
    }
    if (alias == null) {
      throw new UsageError(did + " is not one of this wallet's DIDs (`did show` lists them)");
    }
    String owner = alias;
    WalletKeyPair key = root.key(owner);
    JsonNode result = resolution(did);
    DidDocument current = DidDocument.parse(result.path("didDocument").toString());
    String keyId =
        current.verificationMethods().stream()
            .filter(vm -> vm.publicKey().equals(key.publicKey()))
            .map(VerificationMethod::id)
            .findFirst()
            .orElseThrow(
                () ->
                    new Refusal(
                        "NOT_AUTHORISED",
                        "the key " + owner + " is no longer a key of " + did + " on the ledger"));
    DidState state =
        new DidState(did, current, result.at("/didDocumentMetadata/versionId").asText(), false);
    DidOperation op = DidFabric.deactivate(state, key.signer(keyId), null);
    JsonNode answer = register("/1.0/deactivate", op.jws(), did);
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

  private static Integer refuseChange(String did) {
    if (did.startsWith("did:key:") || did.startsWith("did:jwk:")) {
      throw new UsageError(
          "a did:key or did:jwk is its key: it cannot be updated, rotated or deactivated;"
              + " make a new key instead");
    }
    throw ConsentWallet.fabricUnavailable();
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

  /** The resolution result of a DID from the resolver's HTTP API. */
  private JsonNode resolution(String did) {
    URI uri;
    try {
      uri =
          URI.create(
              root.resolverUrl()
                  + URLEncoder.encode(did, StandardCharsets.UTF_8).replace("%3A", ":"));
    } catch (IllegalArgumentException e) {
      throw new UsageError("--resolver " + root.resolverUrl() + ": not a URL");
    }
    return root.http().send("GET", uri, null, null, "application/did-resolution");
  }
}
