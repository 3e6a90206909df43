/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidResolvers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresentCommandTest {
  static final String PROVIDER = "did:key:z6MkgQx6XbN68cDgeR9oEkinYuh5JGqyzKhQttzCzmvizt4H";

  @TempDir Path dir;
  WalletRun w;
  JsonNode consent;
  String recipient;

  @BeforeEach
  void consent() throws Exception {
    w = new WalletRun(dir);
    w.json("keys", "create", "alice");
    recipient = w.json("keys", "create", "mydata", "--type", "p256").get("didKey").asText();
    consent =
        w.json(
            "consent",
            "create",
            "--key",
            "alice",
            "--provider",
            PROVIDER,
            "--recipient",
            recipient,
            "--category",
            "health.checkup",
            "--purpose",
            "p");
  }

  private VerifiablePresentation verified(String vp, String nonce) throws Exception {
    return Verifier.builder()
        .resolver(DidResolvers.local())
        .clock(Clock.systemUTC())
        .clockSkew(Duration.ofSeconds(30))
        .build()
        .verifyPresentation(vp, PROVIDER, nonce);
  }

  @Test
  void theRecipientPresentsAConsentFileBoundToTheProviderAndItsNonce() throws Exception {
    Path file = dir.resolve("given.json");
    Files.writeString(file, consent.toString(), StandardCharsets.UTF_8);

    w.run(
        "present",
        "--key",
        "mydata",
        "--to",
        PROVIDER,
        "--nonce",
        "n-1",
        "--consent",
        file.toString());

    assertThat(w.code).isZero();
    String vp = w.out.strip();
    VerifiablePresentation p = verified(vp, "n-1");
    assertThat(p.holder()).isEqualTo(recipient);
    assertThat(p.credentials())
        .singleElement()
        .satisfies(c -> assertThat(c.jws()).isEqualTo(consent.get("credential").asText()));
  }

  @Test
  void theSubjectPresentsAConsentMadeHereByIdAndTheJsonCarriesThePresentationHash()
      throws Exception {
    JsonNode out =
        w.json(
            "present",
            "--key",
            "alice",
            "--to",
            PROVIDER,
            "--nonce",
            "n-2",
            "--consent",
            consent.get("consentId").asText());

    String vp = out.get("presentation").asText();
    assertThat(verified(vp, "n-2").holder()).isEqualTo(consent.get("subject").asText());
    assertThat(out.get("presentationHash").asText())
        .isEqualTo(ReceiptStatements.presentationHash(vp));
    assertThat(out.get("audience").asText()).isEqualTo(PROVIDER);
  }

  @Test
  void aDidJwkHolderAndARawCredentialFileWorkToo() throws Exception {
    Path file = dir.resolve("vc.jwt");
    Files.writeString(file, consent.get("credential").asText() + "\n", StandardCharsets.UTF_8);

    JsonNode out =
        w.json(
            "present",
            "--key",
            "mydata",
            "--to",
            PROVIDER,
            "--nonce",
            "n-3",
            "--consent",
            file.toString(),
            "--did-method",
            "jwk");

    assertThat(verified(out.get("presentation").asText(), "n-3").holder()).startsWith("did:jwk:");
  }

  @Test
  void aMissingConsentIsAUsageError() {
    w.run(
        "present", "--key", "alice", "--to", PROVIDER, "--nonce", "n", "--consent", "nowhere.json");

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("nowhere.json");
  }

  @Test
  void withoutANonceItIsAUsageError() {
    w.run("present", "--key", "alice", "--to", PROVIDER, "--consent", "x");

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("--nonce");
  }
}
