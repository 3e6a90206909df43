/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.keys.WalletKeyPair;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code consent-wallet present}: the {@code vp+jwt} a provider asks for before it transmits
 * (CONSENT-PROTOCOL.md §8), the consent credential enveloped, bound to the provider's DID and its
 * nonce, signed with a key of the holder.
 */
@Command(
    name = "present",
    mixinStandardHelpOptions = true,
    description =
        "Prints the presentation (vp+jwt) of a consent for a provider: holder = your key's DID,"
            + " aud = the provider, nonce = its challenge.")
final class PresentCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand ConsentWallet root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--key",
      paramLabel = "ALIAS",
      description = "the holder's key (with --holder did:fabric:…, that DID's key by default)")
  String alias;

  @Option(
      names = "--holder",
      paramLabel = "DID",
      description =
          "the holder DID: one of the wallet's did:fabric DIDs, or the key's did:key or did:jwk"
              + " (default: the key's DID by --did-method)")
  String holderDid;

  @Option(names = "--to", required = true, paramLabel = "DID", description = "the provider's DID")
  String provider;

  @Option(names = "--nonce", required = true, paramLabel = "NONCE", description = "its challenge")
  String nonce;

  @Option(
      names = "--consent",
      required = true,
      paramLabel = "ID|FILE",
      description =
          "a consent made here (id), a file (a consent file with \"credential\", or the vc+jwt"
              + " itself), or else the id of one of your consents kept by the service")
  String consent;

  @Option(
      names = "--did-method",
      defaultValue = "key",
      description = "the holder DID: key or jwk (default: ${DEFAULT-VALUE})")
  String method;

  @Override
  public Integer call() throws WalletException, RejectedException {
    ConsentWallet.Acting acting = holder(root, alias, holderDid, method);
    String holder = acting.did();
    VerifiableCredential vc = VerifiableCredential.parse(credential(root, consent, acting));
    VerifiablePresentation vp =
        VerifiablePresentation.builder()
            .holder(holder)
            .credential(vc)
            .audience(provider)
            .nonce(nonce)
            .sign(acting.signer());
    ObjectNode out = Output.object();
    out.put("presentation", vp.jws());
    out.put("holder", holder);
    out.put("audience", provider);
    out.put("nonce", nonce);
    out.put("presentationHash", ReceiptStatements.presentationHash(vp.jws()));
    return root.emit(spec.commandLine(), out, vp.jws());
  }

  /** Who presents: {@code --holder DID} (with its key), or the key's did:key or did:jwk. */
  static ConsentWallet.Acting holder(
      ConsentWallet root, String alias, String holderDid, String method)
      throws WalletException, RejectedException {
    if (holderDid == null) {
      if (alias == null) {
        throw new UsageError("--key ALIAS or --holder DID: who presents");
      }
      WalletKeyPair key = root.key(alias);
      String did = ConsentWallet.did(key, method);
      return new ConsentWallet.Acting(alias, key, did, ConsentWallet.signer(key, did));
    }
    return root.acting(alias, holderDid);
  }

  /**
   * The consent credential named by {@code --consent}: one made in this wallet (by id), a file (a
   * consent file or the vc+jwt), or one of the acting DID's consents kept by the service.
   */
  static String credential(ConsentWallet root, String consent, ConsentWallet.Acting acting)
      throws WalletException {
    Optional<ObjectNode> local = new WalletFiles(root.home()).consent(consent);
    if (local.isPresent()) {
      return local.get().path("credential").asText();
    }
    Path file = Path.of(consent);
    if (Files.isRegularFile(file)) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UsageError("--consent " + consent + ": " + e.getMessage());
      }
      if (text.startsWith("{")) {
        JsonNode n = Output.parse(text);
        if (!n.hasNonNull("credential")) {
          throw new UsageError("--consent " + consent + ": no \"credential\" member");
        }
        return n.get("credential").asText();
      }
      return text;
    }
    if (!consent.startsWith("urn:uuid:")) {
      throw new UsageError("--consent " + consent + ": no such file, and not a consent id");
    }
    // One of the key's consents as subject, kept by the service (GET /consents, DID-auth).
    for (int page = 0; ; page++) {
      JsonNode answer =
          root.http()
              .send(
                  "GET",
                  root.serviceUri("/consents?page=" + page + "&size=500"),
                  null,
                  root.didAuth(acting),
                  "application/json");
      for (JsonNode c : answer.path("consents")) {
        if (consent.equals(c.path("consentId").asText())) {
          if (!c.hasNonNull("credential")) {
            throw new Refusal("CREDENTIAL_ERASED", consent + ": its stored credential was erased");
          }
          return c.get("credential").asText();
        }
      }
      if (answer.path("consents").size() < 500) {
        throw new Refusal(
            "CONSENT_NOT_FOUND", consent + " is neither in this wallet nor among your consents");
      }
    }
  }
}
