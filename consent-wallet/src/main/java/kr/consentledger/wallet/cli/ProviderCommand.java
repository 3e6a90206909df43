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
import kr.consentledger.wallet.consent.Oid4vpRequestObject;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.SdJwtConsent;
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
    subcommands = {
      ProviderCommand.Nonce.class,
      ProviderCommand.Verify.class,
      ProviderCommand.Oid4vpRequest.class,
      ProviderCommand.Oid4vpDecide.class
    })
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

  /** Who acts as the provider: {@code --key ALIAS} or {@code --as DID}. */
  static final class Who {
    @Option(names = "--key", paramLabel = "ALIAS", description = "the provider's key")
    String alias;

    @Option(
        names = "--as",
        paramLabel = "DID",
        description = "the provider's DID: a did:fabric of the wallet, or the key's did:key")
    String providerDid;

    ConsentWallet.Acting acting(ConsentWallet root) throws WalletException, RejectedException {
      return root.acting(alias, providerDid);
    }
  }

  /** What the provider intends to transmit: {@code --category C…} and {@code --purpose P}. */
  static final class What {
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
        description = "the purpose category of the transmission, e.g. ServiceProvision")
    String purpose;
  }

  /** Prints an allow; a deny is refused with the first failed check's code (exit 1). */
  static int decided(
      ConsentWallet root, CommandLine.Model.CommandSpec spec, JsonNode answer, String consentId) {
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
        "allow " + consentId + " receipt " + answer.path("receiptId").asText());
  }

  /**
   * {@code provider oid4vp-request}: an OpenID4VP authorization request on the consent service, its
   * request object signed with the provider's key; prints the {@code openid4vp://} URL for the
   * wallet.
   */
  @Command(
      name = "oid4vp-request",
      mixinStandardHelpOptions = true,
      description =
          "OpenID4VP: creates an authorization request (POST /oid4vp/requests), signs its request"
              + " object with the provider's key and prints the openid4vp:// URL for the wallet.")
  static final class Oid4vpRequest implements Callable<Integer> {
    @ParentCommand ProviderCommand provider;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Who who;
    @CommandLine.Mixin What what;

    @Option(
        names = "--recipient",
        required = true,
        paramLabel = "DID",
        description = "the recipient")
    String recipient;

    @Override
    public Integer call() throws WalletException, RejectedException {
      ConsentWallet root = provider.root;
      ConsentWallet.Acting acting = who.acting(root);
      ObjectNode body = Output.object();
      ObjectNode transmission = body.putObject("transmission");
      transmission.put("recipient", recipient).put("purpose", what.purpose);
      what.categories.forEach(transmission.putArray("categories")::add);
      JsonNode created =
          root.http()
              .send(
                  "POST",
                  root.serviceUri("/oid4vp/requests"),
                  body,
                  root.didAuth(acting),
                  "application/json");
      String id = created.path("id").asText();
      String jws =
          Oid4vpRequestObject.sign(
              created.path("requestObjectPayload").toString(), acting.signer());
      JsonNode signed =
          root.http()
              .send(
                  "PUT",
                  root.serviceUri("/oid4vp/requests/" + id + "/request-object"),
                  Output.object().put("requestObject", jws),
                  root.didAuth(acting),
                  "application/json");
      return root.emit(spec.commandLine(), signed, signed.path("walletUrl").asText());
    }
  }

  /**
   * {@code provider oid4vp-decide ID}: the decision on the wallet's answer to an OpenID4VP request,
   * with the receipt the provider signs over its presentation.
   */
  @Command(
      name = "oid4vp-decide",
      mixinStandardHelpOptions = true,
      description =
          "OpenID4VP: the decision on the wallet's answer (POST /oid4vp/requests/ID/decision) with"
              + " a receipt signed by the provider. Exit 0 on allow, 1 on deny.")
  static final class Oid4vpDecide implements Callable<Integer> {
    @ParentCommand ProviderCommand provider;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "ID", description = "the request's id")
    String id;

    @CommandLine.Mixin Who who;

    @Override
    public Integer call() throws WalletException, RejectedException {
      ConsentWallet root = provider.root;
      ConsentWallet.Acting acting = who.acting(root);
      JsonNode request =
          root.http()
              .send(
                  "GET",
                  root.serviceUri("/oid4vp/requests/" + id),
                  null,
                  root.didAuth(acting),
                  "application/json");
      if (!request.hasNonNull("presentation")) {
        throw new Refusal(
            "OID4VP_REQUEST_STATE",
            "the wallet has not presented (status " + request.path("status").asText() + ")");
      }
      String presented = request.get("presentation").asText();
      String consentId;
      if (presented.indexOf('~') >= 0) {
        consentId = SdJwtConsent.read(presented).consentId();
      } else {
        VerifiablePresentation vp = VerifiablePresentation.parse(presented);
        if (vp.credentials().isEmpty()) {
          throw new Refusal("MALFORMED_PRESENTATION", "the presentation holds no credential");
        }
        consentId = ConsentCredential.parse(vp.credentials().get(0).jws()).consentId();
      }
      String recipient = null;
      List<String> categories = new java.util.ArrayList<>();
      request
          .path("authorizationRequest")
          .path("dcql_query")
          .path("credentials")
          .path(0)
          .path("claims")
          .forEach(
              c -> {
                if (c.path("id").asText().startsWith("category-")) {
                  categories.add(c.path("values").path(0).asText());
                }
              });
      for (JsonNode c :
          request.path("authorizationRequest").at("/dcql_query/credentials/0/claims")) {
        if ("recipient".equals(c.path("id").asText())) {
          recipient = c.path("values").path(0).asText();
        }
      }
      String receipt =
          ReceiptStatements.receipt(
              null,
              consentId,
              acting.did(),
              recipient,
              categories,
              request.path("presentationHash").asText(),
              acting.signer());
      JsonNode answer =
          root.http()
              .send(
                  "POST",
                  root.serviceUri("/oid4vp/requests/" + id + "/decision"),
                  Output.object().put("receipt", receipt),
                  root.didAuth(acting),
                  "application/json");
      return decided(root, spec, answer, consentId);
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

    @CommandLine.Mixin Who who;
    @CommandLine.Mixin What what;

    @Option(
        names = "--presentation",
        required = true,
        paramLabel = "FILE|-",
        description = "the recipient's vp+jwt (consent-wallet present), - for standard input")
    String presentation;

    @Override
    public Integer call() throws WalletException, RejectedException {
      ConsentWallet root = provider.root;
      ConsentWallet.Acting acting = who.acting(root);
      List<String> categories = what.categories;
      String purpose = what.purpose;
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
      return decided(root, spec, answer, consent.consentId());
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
