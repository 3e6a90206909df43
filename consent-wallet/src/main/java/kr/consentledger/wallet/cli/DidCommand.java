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
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
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
        "DIDs of the wallet's keys (did:key, did:jwk), and any DID resolved by the resolver."
            + " did:fabric (create, update, rotate, deactivate) is not available yet: it needs the"
            + " consent service's DID registrar endpoint.")
final class DidCommand {
  @ParentCommand ConsentWallet root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Command(
      name = "create",
      description = "Makes the did:key or did:jwk of a stored key and records it in the wallet.")
  Integer create(
      @Option(names = "--key", required = true, paramLabel = "ALIAS", description = "the key")
          String alias,
      @Option(
              names = "--method",
              defaultValue = "key",
              description = "key or jwk (default: ${DEFAULT-VALUE}); fabric is not available yet")
          String method)
      throws WalletException, RejectedException {
    if ("fabric".equals(method)) {
      throw ConsentWallet.fabricUnavailable();
    }
    WalletKeyPair key = root.key(alias);
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
      description = "did:fabric only, not available yet (did:key and did:jwk never change).")
  Integer deactivate(@Parameters(paramLabel = "DID") String did) {
    return refuseChange(did);
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
    URI uri;
    try {
      uri =
          URI.create(
              root.resolverUrl()
                  + URLEncoder.encode(did, StandardCharsets.UTF_8).replace("%3A", ":"));
    } catch (IllegalArgumentException e) {
      throw new UsageError("--resolver " + root.resolverUrl() + ": not a URL");
    }
    JsonNode result = root.http().send("GET", uri, null, null, "application/did-resolution");
    JsonNode shown = docOnly ? result.path("didDocument") : result;
    return root.emit(spec.commandLine(), shown, Output.json(shown));
  }
}
