/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.PrivateKeyExport;
import kr.consentledger.wallet.keys.WalletKeyStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page (issue 13) in a real browser: Debian's Chromium driven by playwright-core ({@code
 * src/test/browser/webpage.test.mjs}, run with the machine's {@code node}) against consent-service
 * on the shared test network. The test seeds what the page shows through the API: two consents of a
 * subject, one of them presented to its provider so that a receipt is on the ledger; the subject's
 * key goes to the browser as a passphrase-encrypted JWE (as {@code consent-wallet keys export
 * --private} writes it), the auditor's as a plain private JWK.
 *
 * <p>Its tools come from {@code src/test/browser/setup.sh} (Chromium through apt-get,
 * playwright-core through npm ci, both once). When they cannot be had, the test is skipped with a
 * warning, unless {@code CONSENT_LEDGER_BROWSER_TEST=1} or {@code CI} is set, where it fails;
 * {@code CONSENT_LEDGER_BROWSER_TEST=0} turns it off. {@code -Dweb.screenshots=<dir>} makes the
 * script write a phone-sized screenshot of each page there (the README's, {@code
 * docs/screenshots}).
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class, PostgresExtension.class})
class WebPageIT {
  private static final ObjectMapper JSON = ServiceUnderTest.JSON;
  private static final Path BROWSER = Path.of("src/test/browser");
  private static final String MODE =
      System.getenv().getOrDefault("CONSENT_LEDGER_BROWSER_TEST", "auto");
  private static final int SCENARIOS = 13;

  /** The wallet's own export cost (the store's default), which the page must decrypt. */
  private static final int EXPORT_ITERATIONS = WalletKeyStore.DEFAULT_ITERATIONS;

  @TempDir Path dir;

  @Test
  void a_person_signs_in_sees_who_received_their_data_withdraws_and_an_auditor_checks_the_blocks(
      NetworkInfo info, TestDatabase db) throws Exception {
    Map<String, String> tools = tools();
    try (ServiceUnderTest service = ServiceUnderTest.start(info, db, "consent_web")) {
      Party subject = Party.didKey(KeyType.ED25519);
      Party provider = Party.didKey(KeyType.ED25519);
      Party recipient = Party.didKey(KeyType.ED25519);
      Party auditor = Party.didKey(KeyType.P256);
      Party.register(info, "Web", provider, recipient, auditor);
      Instant now = Instant.now();
      ConsentCredential shared =
          subject.consentFor(provider, recipient, now.plus(90, ChronoUnit.DAYS), true);
      ConsentCredential kept =
          subject.consentFor(provider, recipient, now.plus(30, ChronoUnit.DAYS), false);
      for (ConsentCredential c : List.of(shared, kept)) {
        HttpResponse<String> accepted = service.submit(c, subject);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      }
      JsonNode given = service.awaitStatus(shared.consentId(), "ConsentGiven");
      service.awaitStatus(kept.consentId(), "ConsentGiven");
      HttpResponse<String> verified =
          service.send(
              "POST",
              "/verifications",
              // Live ledger reads: on a loaded machine the mirror may be past its bound.
              ((ObjectNode) JSON.readTree(recipient.verificationRequest(shared, provider)))
                  .put("ledgerRead", "live")
                  .toString(),
              service.didAuth(provider));
      assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
      assertThat(JSON.readTree(verified.body()).get("decision").asText()).isEqualTo("allow");
      awaitReceiptOnLedger(service, subject, shared.consentId());

      String passphrase = "web export " + UUID.randomUUID();
      ObjectNode fixture = JSON.createObjectNode().put("base", service.base());
      fixture
          .putObject("subject")
          .put("did", subject.did())
          .put("passphrase", passphrase)
          .put("jwe", encrypted(subject, passphrase));
      fixture.putObject("auditor").put("did", auditor.did()).put("jwk", privateJwk(auditor));
      fixture.put("provider", provider.did());
      fixture.putArray("consents").add(shared.consentId()).add(kept.consentId());
      fixture.put("withdraw", shared.consentId());
      fixture.put("recipientName", "Test MyData Co.");
      fixture.put("anchorTx", given.get("transactionId").asText());
      Path file = dir.resolve("fixture.json");
      Files.writeString(file, fixture.toString());

      List<String> command = new ArrayList<>();
      command.add(tools.get("NODE"));
      command.add(BROWSER.resolve("webpage.test.mjs").toString());
      command.add(file.toString());
      String screenshots = System.getProperty("web.screenshots");
      if (screenshots != null && !screenshots.isBlank()) {
        command.add("--screenshots");
        command.add(Path.of(screenshots).toAbsolutePath().toString());
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("NODE_MODULES", tools.get("NODE_MODULES"));
      pb.environment().put("CHROMIUM", tools.get("CHROMIUM"));
      pb.environment()
          .put("WEB_TEST_FAILURES", Path.of("target/web-test").toAbsolutePath().toString());
      long started = System.nanoTime();
      Run run = run(pb, 240);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      System.out.println("[WebPageIT] browser test wall time " + ms + " ms");

      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output())
          .contains(
              "ok sign-in-with-a-key-made-in-the-browser",
              "ok sign-in-and-list-my-consents",
              "ok open-the-receipts-timeline",
              "ok withdraw-and-see-the-status-change",
              "ok audit-a-transaction-and-see-the-proof-verified",
              "ok the-block-check-computes-the-protocol-example",
              "ok a-tampered-proof-does-not-match",
              "passed " + SCENARIOS + " scenarios")
          .doesNotContain("FAIL");
      // What the browser did is on the ledger: the consent it withdrew is withdrawn.
      service.awaitStatus(shared.consentId(), "ConsentWithdrawn");
      service.awaitStatus(kept.consentId(), "ConsentGiven");
    }
  }

  /** The subject's or auditor's private JWK with its kid, as the wallet's export writes it. */
  private static String privateJwk(Party party) {
    return PrivateKeyExport.privateJwk(party.key(), party.signer().keyId());
  }

  /**
   * The subject's key as `consent-wallet keys export --private` writes it: the wallet's own JWE.
   */
  private static String encrypted(Party party, String passphrase) throws Exception {
    return PrivateKeyExport.encrypt(
        party.key(), party.signer().keyId(), passphrase.toCharArray(), EXPORT_ITERATIONS);
  }

  private static void awaitReceiptOnLedger(ServiceUnderTest service, Party subject, String id)
      throws Exception {
    String token = service.didAuth(subject);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = service.send("GET", "/consents/" + id + "/receipts", null, token);
      last = r.body();
      if (r.statusCode() == 200) {
        for (JsonNode n : JSON.readTree(last).get("receipts")) {
          if (n.hasNonNull("blockNumber")) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no receipt of " + id + " on the ledger; last: " + last);
  }

  private record Run(int exit, String output) {}

  private static Run run(ProcessBuilder pb, int timeoutSeconds) throws Exception {
    Process p = pb.start();
    StringBuilder out = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  System.out.println("[browser] " + line);
                  synchronized (out) {
                    out.append(line).append('\n');
                  }
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            });
    reader.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(10_000);
    synchronized (out) {
      return new Run(p.isAlive() ? -1 : p.exitValue(), out.toString());
    }
  }

  /**
   * The browser test's tools from {@code setup.sh}: {@code NODE}, {@code NODE_MODULES}, {@code
   * CHROMIUM}. Without them: skipped with a warning, or failed where they are required.
   */
  private static Map<String, String> tools() throws Exception {
    Assumptions.assumeFalse("0".equals(MODE), "CONSENT_LEDGER_BROWSER_TEST=0: browser test off");
    ProcessBuilder pb = new ProcessBuilder(BROWSER.resolve("setup.sh").toString());
    Run run;
    try {
      run = run(pb.redirectErrorStream(true), 1200);
    } catch (java.io.IOException e) {
      run = new Run(-1, e.toString());
    }
    Map<String, String> tools = new HashMap<>();
    for (String line : run.output().split("\n")) {
      int eq = line.indexOf('=');
      if (line.matches("[A-Z_]+=.+")) {
        tools.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (run.exit() == 0
        && tools.keySet().containsAll(List.of("NODE", "NODE_MODULES", "CHROMIUM"))) {
      return tools;
    }
    String why =
        "the browser test's tools (node, playwright-core, Chromium) could not be set up by "
            + BROWSER.resolve("setup.sh")
            + ":\n"
            + run.output();
    String ci = System.getenv("CI");
    if ("1".equals(MODE) || (ci != null && !ci.isBlank() && !"false".equals(ci))) {
      fail(why + "\n(required here: CONSENT_LEDGER_BROWSER_TEST=1 or CI is set)");
    }
    System.out.println("WARNING: WebPageIT skipped: " + why);
    Assumptions.abort(why);
    return tools;
  }
}
