/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.consent.Oid4vpRequestObject;
import kr.consentledger.wallet.consent.Oid4vpWallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code consent-wallet oid4vp respond}: answers a provider's OpenID for Verifiable Presentations
 * 1.0 request (CONSENT-PROTOCOL.md §8b). The request object is fetched from its {@code request_uri}
 * (or read from {@code request}) and verified with the provider's DID document through the
 * resolver; the consent must satisfy the DCQL query; the presentation is posted to the response URI
 * ({@code direct_post}). A consent that does not satisfy it, or {@code --decline}, posts {@code
 * error=access_denied} instead.
 */
@Command(
    name = "oid4vp",
    mixinStandardHelpOptions = true,
    description = "OpenID for Verifiable Presentations 1.0: answer a provider's request.",
    subcommands = {Oid4vpCommand.Respond.class})
final class Oid4vpCommand {
  @ParentCommand ConsentWallet root;

  /** {@code oid4vp respond URL --consent …}. */
  @Command(
      name = "respond",
      mixinStandardHelpOptions = true,
      description =
          "Verifies the provider's signed request (openid4vp://…), checks the consent covers it,"
              + " and posts the presentation to its response URI (or declines).")
  static final class Respond implements java.util.concurrent.Callable<Integer> {
    @ParentCommand Oid4vpCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "URL",
        description = "the provider's openid4vp:// URL (its walletUrl)")
    String url;

    @Option(
        names = "--consent",
        required = true,
        paramLabel = "ID|FILE",
        description = "the consent to present, as for `present --consent`")
    String consent;

    @Option(names = "--key", paramLabel = "ALIAS", description = "the holder's key")
    String alias;

    @Option(names = "--holder", paramLabel = "DID", description = "the holder DID, as for present")
    String holderDid;

    @Option(
        names = "--did-method",
        defaultValue = "key",
        description = "the holder DID: key or jwk (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--decline", description = "post error=access_denied instead of presenting")
    boolean decline;

    @Override
    public Integer call() throws WalletException, RejectedException {
      ConsentWallet root = parent.root;
      ServiceHttp http = root.http();
      Oid4vpWallet.AuthorizationRequest request =
          Oid4vpWallet.resolve(
              url,
              uri -> http.sendText("GET", uri, null, null, Oid4vpRequestObject.MEDIA_TYPE),
              root.didResolver(),
              root.clock.instant());
      ObjectNode out = Output.object();
      out.put("provider", request.providerDid());
      out.put("responseUri", request.responseUri().toString());
      String refusal = null;
      String form;
      if (decline) {
        form = Oid4vpWallet.declineFormBody(request);
      } else {
        ConsentWallet.Acting acting = PresentCommand.holder(root, alias, holderDid, method);
        ConsentCredential credential =
            ConsentCredential.parse(PresentCommand.credential(root, consent, acting));
        try {
          Oid4vpWallet.Response response =
              Oid4vpWallet.respond(request, credential, acting.did(), acting.signer());
          form = response.formBody();
          out.put("holder", acting.did());
          out.put("presentationHash", ReceiptStatements.presentationHash(response.presentation()));
        } catch (RejectedException e) {
          refusal = e.getMessage();
          form = Oid4vpWallet.declineFormBody(request);
        }
      }
      http.sendText(
          "POST",
          request.responseUri(),
          "application/x-www-form-urlencoded",
          form,
          "application/json");
      if (refusal != null) {
        throw new Refusal(
            "CONSENT_DOES_NOT_MATCH", refusal + " (declined: error=access_denied sent)");
      }
      out.put("answer", decline ? "declined" : "presented");
      return root.emit(
          spec.commandLine(),
          out,
          (decline ? "declined " : "presented to ") + request.providerDid());
    }
  }
}
