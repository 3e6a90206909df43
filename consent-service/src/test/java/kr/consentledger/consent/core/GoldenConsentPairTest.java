/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.testing.FakeResolver;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;

/**
 * The wallet SDK's golden pair ({@code credential-and-anchor.json}, the directory given by the
 * system property {@code consentFixtures}) through the service's verifier: accepted as written;
 * refused with BAD_SIGNATURE when one character of a signature changes.
 */
class GoldenConsentPairTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  private final JsonNode pair = load();
  private final String credential = pair.get("credential").asText();
  private final String anchor = pair.get("anchor").asText();
  private final FakeResolver resolver = new FakeResolver();
  private final ConsentVerifier verifier =
      new ConsentVerifier(
          Duration.ofDays(365), new DidKeys(resolver), Clock.fixed(NOW, ZoneOffset.UTC));

  GoldenConsentPairTest() throws Exception {
    String subject = ConsentCredential.parse(credential).subject();
    resolver.register(DidKey.resolve(subject));
  }

  private static JsonNode load() {
    String dir = System.getProperty("consentFixtures");
    assertThat(dir).as("system property consentFixtures (set by surefire)").isNotNull();
    try {
      return new ObjectMapper()
          .readTree(Files.readString(Path.of(dir, "credential-and-anchor.json")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Changes the first character of the signature part (the last one may only hold padding bits).
   */
  private static String withSignatureChanged(String jws) {
    int at = jws.lastIndexOf('.') + 1;
    char c = jws.charAt(at);
    return jws.substring(0, at) + (c == 'A' ? 'B' : 'A') + jws.substring(at + 1);
  }

  private static <T> Object outcome(Future<T> f) {
    assertThat(f.isComplete()).isTrue();
    return f.succeeded() ? "accepted" : ((ConsentException) f.cause()).code();
  }

  @Test
  void the_golden_pair_is_accepted() throws Exception {
    Future<ConsentVerifier.VerifiedGrant> f = verifier.verifyGrant(credential, anchor);

    assertThat(outcome(f)).isEqualTo("accepted");
    ConsentVerifier.VerifiedGrant grant = f.result();
    ConsentStatements.Anchor a = ConsentStatements.parseAnchor(anchor);
    assertThat(grant.credential()).isEqualTo(credential);
    assertThat(grant.credentialHash()).isEqualTo(a.credentialHash());
    assertThat(grant.anchorHash()).isEqualTo(a.statementHash());
    assertThat(grant.terms().consentId())
        .isEqualTo("urn:uuid:6f1c3b0e-2f0a-4b7e-9f51-0c7d8a3e2b11");
    assertThat(grant.terms().subject()).isEqualTo(a.subject());
    assertThat(grant.terms().provider()).isEqualTo(a.provider());
    assertThat(grant.terms().recipient()).isEqualTo(a.recipient());
  }

  @Test
  void a_credential_with_one_signature_character_changed_is_bad_signature() throws Exception {
    String tampered = withSignatureChanged(credential);
    // A matching anchor for the changed credential (its hash differs), signed by the real subject
    // key, so the refusal comes from the credential's signature and not from STATEMENT_MISMATCH.
    WalletKeyPair subjectKey = WalletKeyPair.fromJwk(pair.get("subjectKey").toString());
    ConsentCredential parsed = ConsentCredential.parse(tampered);
    String matchingAnchor = ConsentStatements.anchor(parsed, subjectKey.signer(parsed.keyId()));

    assertThat(outcome(verifier.verifyGrant(tampered, matchingAnchor)))
        .isEqualTo(ProblemCode.BAD_SIGNATURE);
    assertThat(outcome(verifier.verifyGrant(credential, withSignatureChanged(anchor))))
        .as("the anchor statement's signature changed")
        .isEqualTo(ProblemCode.BAD_SIGNATURE);
  }
}
