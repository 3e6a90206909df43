/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code consent-wallet provider}: the provider's side of a transmission, for trying the whole flow
 * from the command line: a fresh nonce to give the recipient, and the check before transmitting
 * ({@code POST /verifications} with DID-auth as the provider and the receipt it signs).
 */
@Command(
    name = "provider",
    mixinStandardHelpOptions = true,
    description =
        "A provider's side: a nonce for a presentation, and the check before it transmits.",
    subcommands = {ProviderCommand.Nonce.class, ProviderCommand.Verify.class})
final class ProviderCommand {
  @ParentCommand ConsentWallet root;

  /** {@code provider nonce}: 128 random bits, base64url, for the recipient's presentation. */
  @Command(
      name = "nonce",
      mixinStandardHelpOptions = true,
      description = "Prints a fresh nonce (128 random bits, base64url) to give the recipient.")
  static final class Nonce implements Callable<Integer> {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParentCommand ProviderCommand provider;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      byte[] bytes = new byte[16];
      RANDOM.nextBytes(bytes);
      String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      ObjectNode out = Output.object();
      out.put("nonce", nonce);
      return provider.root.emit(spec.commandLine(), out, nonce);
    }
  }

  /**
   * {@code provider verify}: asks the consent service whether the presented consent allows this
   * transmission, and has the receipt signed by the provider recorded on the ledger when it does.
   */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "POST /verifications as the provider (DID-auth): the recipient's presentation, the"
              + " transmission it asks for and a receipt signed by the provider. Exit 0 on allow,"
              + " 1 on deny (the first failed check's code).")
  static final class Verify implements Callable<Integer> {
    @ParentCommand ProviderCommand provider;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", paramLabel = "ALIAS", description = "the provider's key")
    String alias;

    @Option(
        names = "--as",
        paramLabel = "DID",
        description = "the provider's DID: a did:fabric of the wallet, or the key's did:key")
    String providerDid;

    @Option(
        names = "--presentation",
        required = true,
        paramLabel = "FILE|-",
        description = "the recipient's vp+jwt (consent-wallet present), - for standard input")
    String presentation;

    @Option(
        names = "--category",
        required = true,
        paramLabel = "CATEGORY",
        description = "a data category to transmit (repeatable)")
    List<String> categories;

    @Option(
        names = "--purpose",
        required = true,
        paramLabel = "PURPOSE",
        description = "the purpose of the transmission, e.g. ServiceProvision")
    String purpose;

    @Override
    public Integer call() throws WalletException, RejectedException {
      ConsentWallet root = provider.root;
      ConsentWallet.Acting acting = root.acting(alias, providerDid);
      String vp = read(presentation);
      VerifiablePresentation parsed = VerifiablePresentation.parse(vp);
      if (parsed.credentials().isEmpty()) {
        throw new UsageError("--presentation: it holds no credential");
      }
      ConsentCredential consent = ConsentCredential.parse(parsed.credentials().get(0).jws());
      String recipient = parsed.holder();
      String receipt =
          ReceiptStatements.receipt(
              null,
              consent.consentId(),
              acting.did(),
              recipient,
              categories,
              ReceiptStatements.presentationHash(vp),
              acting.signer());
      ObjectNode body = Output.object();
      body.put("presentation", vp).put("receipt", receipt);
      ObjectNode transmission = body.putObject("transmission");
      transmission.put("recipient", recipient).put("purpose", purpose);
      categories.forEach(transmission.putArray("categories")::add);
      JsonNode answer =
          root.http()
              .send(
                  "POST",
                  root.serviceUri("/verifications"),
                  body,
                  root.didAuth(acting),
                  "application/json");
      if (!"allow".equals(answer.path("decision").asText())) {
        String code = "DENIED";
        for (JsonNode check : answer.path("checks")) {
          if (!"pass".equals(check.path("result").asText()) && check.hasNonNull("code")) {
            code = check.get("code").asText();
            break;
          }
        }
        throw new Refusal(code, "deny: " + answer);
      }
      return root.emit(
          spec.commandLine(),
          answer,
          "allow " + consent.consentId() + " receipt " + answer.path("receiptId").asText());
    }

    private static String read(String source) {
      try {
        if ("-".equals(source)) {
          try (InputStream in = System.in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
          }
        }
        return Files.readString(Path.of(source), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UsageError("--presentation " + source + ": " + e.getMessage());
      }
    }
  }
}
