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
import java.time.Instant;
import java.time.ZoneOffset;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsentCreateTest {
  static final String PROVIDER = "did:fabric:L3iALVCCAkg61mFqx2Xfcy";
  static final String RECIPIENT = "did:fabric:JF1LV3XPAv1f1HtHBBVJ7v";

  @TempDir Path dir;
  WalletRun w;
  String subject;

  @BeforeEach
  void keys() throws Exception {
    w = new WalletRun(dir);
    w.clock = Clock.fixed(Instant.parse("2026-12-04T10:15:30.250Z"), ZoneOffset.UTC);
    subject = w.json("keys", "create", "alice").get("didKey").asText();
  }

  @Test
  void flagsMakeASignedConsentCredentialAndItsMatchingAnchorStatement() throws Exception {
    JsonNode made =
        w.json(
            "consent",
            "create",
            "--key",
            "alice",
            "--provider",
            PROVIDER,
            "--provider-name",
            "Seoul General Hospital",
            "--recipient",
            RECIPIENT,
            "--category",
            "health.checkup",
            "--sensitive-category",
            "health.prescription",
            "--purpose",
            "personal health management service",
            "--valid-for",
            "P90D",
            "--transmission",
            "periodic",
            "--cycle",
            "P1M",
            "--service",
            "https://consent.example.kr",
            "--no-status-list");

    ConsentCredential c = ConsentCredential.parse(made.get("credential").asText());
    assertThat(c.subject()).isEqualTo(subject);
    assertThat(c.provider()).isEqualTo(PROVIDER);
    assertThat(c.recipient()).isEqualTo(RECIPIENT);
    assertThat(c.validFrom()).isEqualTo(Instant.parse("2026-12-04T10:15:30Z"));
    assertThat(c.validUntil()).isEqualTo(Instant.parse("2027-03-04T10:15:30Z"));
    assertThat(c.dataCategories())
        .extracting(
            ConsentCredential.DataCategory::category, ConsentCredential.DataCategory::sensitive)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("health.checkup", false),
            org.assertj.core.groups.Tuple.tuple("health.prescription", true));
    assertThat(c.purposes()).singleElement().satisfies(p -> assertThat(p.primary()).isTrue());
    assertThat(c.transmission().cycle()).contains("P1M");
    assertThat(c.legalBasis()).isEqualTo("PIPA Art. 35-2");
    assertThat(c.credential().toJson())
        .contains("https://consent.example.kr/consents/" + c.consentId() + "/status");
    Verifier.verifyCredential(c.verifiableCredential(), DidKey.resolve(subject));
    ConsentStatements.Anchor anchor =
        ConsentStatements.checkAnchorMatches(c, made.get("anchor").asText());
    assertThat(anchor.credentialHash()).isEqualTo(made.get("credentialHash").asText());
    assertThat(dir.resolve("consents").resolve(c.consentId().substring(9) + ".json")).exists();
  }

  @Test
  void aYamlFileGivesTheTermsAndFlagsOverrideIt() throws Exception {
    Path terms = dir.resolve("terms.yaml");
    Files.writeString(
        terms,
        String.join(
            "\n",
            "subject: {name: Hong Gildong, contact: 'mailto:gd@example.kr'}",
            "provider: {id: '" + PROVIDER + "', name: Seoul General Hospital}",
            "recipient: {id: 'did:key:z6MkwWfjtR17UGGQxrjy3aMQg2Yg3Ygz3AbBNMdr47bHkuXQ'}",
            "purposes:",
            "  - {purpose: personal health management service, purposeCategory: ServiceProvision,"
                + " primary: true}",
            "  - {purpose: research, purposeCategory: Research, primary: false}",
            "dataCategories:",
            "  - {category: health.checkup, sensitive: true}",
            "  - {category: health.prescription, sensitive: true, attributes: [drugName, dosage]}",
            "validFrom: 2026-12-05T00:00:00Z",
            "validUntil: 2027-06-01T00:00:00Z",
            "transmission: {mode: one-time, endDate: 2027-01-01T00:00:00Z}",
            "retentionPeriod: P6M",
            "legalBasis: PIPA Art. 15",
            ""),
        StandardCharsets.UTF_8);

    JsonNode made =
        w.json(
            "consent",
            "create",
            "--key",
            "alice",
            "--file",
            terms.toString(),
            "--recipient",
            RECIPIENT);

    ConsentCredential c = ConsentCredential.parse(made.get("credential").asText());
    assertThat(c.recipient()).isEqualTo(RECIPIENT);
    assertThat(c.purposes()).hasSize(2);
    assertThat(c.dataCategories().get(1).attributes()).containsExactly("drugName", "dosage");
    assertThat(c.transmission().endDate()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(c.retentionPeriod()).isEqualTo("P6M");
    assertThat(c.legalBasis()).isEqualTo("PIPA Art. 15");
    assertThat(c.credential().toJson()).contains("Hong Gildong");
  }

  @Test
  void aJsonFileWorksAsWellAndAnUnknownMemberIsAUsageError() throws Exception {
    Path terms = dir.resolve("terms.json");
    Files.writeString(
        terms,
        "{\"provider\":{\"id\":\""
            + PROVIDER
            + "\"},\"recipient\":{\"id\":\""
            + RECIPIENT
            + "\"},\"purposes\":[{\"purpose\":\"p\"}],\"dataCategories\":[{\"category\":\"finance.card\"}]}",
        StandardCharsets.UTF_8);
    assertThat(
            w.json("consent", "create", "--key", "alice", "--file", terms.toString())
                .get("credential"))
        .isNotNull();

    Files.writeString(terms, "{\"provder\":{}}", StandardCharsets.UTF_8);
    w.run("consent", "create", "--key", "alice", "--file", terms.toString());
    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("unknown member \"provder\"");
  }

  @Test
  void termsTheSdksBuilderRefusesAreAUsageErrorNamingTheMember() {
    w.run(
        "consent",
        "create",
        "--key",
        "alice",
        "--provider",
        PROVIDER,
        "--recipient",
        RECIPIENT,
        "--category",
        "Health.Checkup",
        "--purpose",
        "p");

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("categor");
  }

  @Test
  void aTermLongerThanAYearIsRefused() {
    w.run(WalletRun.createConsent("alice", PROVIDER, RECIPIENT, "--valid-for", "P400D"));

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).startsWith("error:");
  }

  @Test
  void withoutAProviderItSaysWhatIsMissing() {
    w.run("consent", "create", "--key", "alice", "--recipient", RECIPIENT);

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("provider.id: required");
  }

  @Test
  void theReadableOutputNamesTheConsentAndWhereItIsKept() {
    w.run(WalletRun.createConsent("alice", PROVIDER, RECIPIENT));

    assertThat(w.code).isZero();
    assertThat(w.out).startsWith("consent urn:uuid:").contains("signed by " + subject, "kept in");
    // No service named and no --submit: made offline, without a status list entry.
    assertThat(w.out).contains("no status list entry");
  }
}
