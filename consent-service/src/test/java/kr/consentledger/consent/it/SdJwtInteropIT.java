/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import kr.consentledger.consent.testing.NodeInterop;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.SdJwtConsent;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, part 3: the consent as an SD-JWT VC ({@code dc+sd-jwt}, RFC 9901 with key binding)
 * against {@code @sd-jwt/sd-jwt-vc} ({@code interop/sd-jwt-vc-check.mjs}, run by {@link
 * NodeInterop}): our SD-JWT VC and key-binding presentations verify in it, its presentation
 * verifies in our SDK, and one with a tampered Disclosure does not. Needs neither the ledger nor
 * the database: the DIDs are did:key and did:jwk.
 */
class SdJwtInteropIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NONCE = "sd-jwt-interop-1";

  @Test
  void our_sd_jwt_vc_verifies_in_sd_jwt_vc_and_theirs_in_ours_but_not_when_tampered()
      throws Exception {
    Party subject = party();
    Party holder = party();
    String provider = party().did();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ConsentCredential consent =
        ConsentCredential.builder()
            .subject(subject.did(), "Hong Gildong", "mailto:gd@example.kr")
            .provider(provider, "Test Hospital")
            .recipient(holder.did(), "Test MyData Co.")
            .validFrom(now)
            .validUntil(now.plus(90, ChronoUnit.DAYS))
            .purpose("health management", "ServiceProvision", true)
            .dataCategory("health.checkup", true)
            .transmission(ConsentCredential.Transmission.oneTime(now.plus(30, ChronoUnit.DAYS)))
            .retentionPeriod("P1Y")
            .legalBasis("PIPA Art. 35-2")
            .withdrawal("wallet", null)
            .statusBaseUrl("https://consent.example.kr/consents")
            .build()
            .issue(subject.signer());
    SdJwtConsent sd =
        SdJwtConsent.issue(consent, holder.signer().publicKey(), subject.signer(), now);
    ObjectNode input = ServiceUnderTest.JSON.createObjectNode();
    ArrayNode ours = input.putArray("ours");
    ours.addObject()
        .put("name", "nothing-personal")
        .put("presentation", sd.present(Set.of(), provider, NONCE, now, holder.signer()))
        .put("audience", provider)
        .put("nonce", NONCE);
    ours.addObject()
        .put("name", "name-and-contact")
        .put(
            "presentation",
            sd.present(Set.of("name", "contact"), provider, NONCE, now, holder.signer()))
        .put("audience", provider)
        .put("nonce", NONCE);
    ours.addObject()
        .put("name", "other-audience")
        .put("presentation", sd.present(Set.of(), holder.did(), NONCE, now, holder.signer()))
        .put("audience", provider)
        .put("nonce", NONCE);
    ObjectNode theirs = input.putObject("theirs").put("audience", provider).put("nonce", NONCE);
    ObjectNode terms = ServiceUnderTest.JSON.createObjectNode();
    terms.put("vct", SdJwtConsent.VCT);
    terms.put("consentId", consent.consentId());
    terms.put("credentialHash", consent.credentialHash());
    terms.put("validFrom", now.toString());
    terms.put("validUntil", now.plus(90, ChronoUnit.DAYS).toString());
    terms.put("nbf", now.getEpochSecond());
    terms.put("exp", now.plus(90, ChronoUnit.DAYS).getEpochSecond());
    ObjectNode cs = terms.putObject("credentialSubject");
    cs.putObject("provider").put("id", provider);
    cs.putObject("recipient").put("id", holder.did());
    cs.putArray("dataCategories").addObject().put("category", "health.checkup");
    theirs.set("consent", terms);

    NodeInterop.Result node = NodeInterop.node("sd-jwt-vc-check.mjs", input.toString(), Map.of());
    System.out.printf("[interop] node sd-jwt-vc-check.mjs: %d ms%n", node.millis());
    assertThat(node.exit()).as(node.stderr()).isZero();
    JsonNode out = ServiceUnderTest.JSON.readTree(node.stdout());

    assertThat(out.at("/ours/nothing-personal/verified").asBoolean()).as(out.toString()).isTrue();
    assertThat(out.at("/ours/nothing-personal/claims/credentialSubject/dataSubject").toString())
        .doesNotContain("Hong");
    assertThat(out.at("/ours/nothing-personal/claims/consentId").asText())
        .isEqualTo(consent.consentId());
    assertThat(out.at("/ours/name-and-contact/verified").asBoolean()).as(out.toString()).isTrue();
    assertThat(out.at("/ours/name-and-contact/claims/credentialSubject/dataSubject/name").asText())
        .isEqualTo("Hong Gildong");
    assertThat(out.at("/ours/other-audience/verified").asBoolean()).isFalse();

    String presentation = out.at("/theirs/presentation").asText();
    SdJwtConsent.Verified v = verify(presentation, provider);
    assertThat(v.subject()).isEqualTo(out.at("/theirs/issuer").asText());
    assertThat(v.consentId()).isEqualTo(consent.consentId());
    assertThat(v.claims().at("/credentialSubject/dataSubject/name").asText())
        .isEqualTo("Hong Gildong");
    assertThat(v.claims().at("/credentialSubject/dataSubject").has("contact")).isFalse();
    v.requireAnchor(consent.credentialHash());

    String[] parts = presentation.split("~", -1);
    String tampered =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("Hong Gildong", "Kim Cheolsu")
                    .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verify(presentation.replace(parts[1], tampered), provider))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_CREDENTIAL));
    assertThatThrownBy(() -> verify(presentation, holder.did()))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.WRONG_AUDIENCE));
  }

  private static SdJwtConsent.Verified verify(String presentation, String audience)
      throws Exception {
    return SdJwtConsent.verifyPresentation(
        presentation,
        audience,
        NONCE,
        DidResolvers.local(),
        Clock.systemUTC(),
        Duration.ofMinutes(1));
  }

  private record Party(String did, Signer signer) {}

  private static Party party() {
    WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519, RANDOM);
    String did = DidKey.create(key.publicKey());
    return new Party(did, key.signer(did + "#" + key.publicKey().toMultibase()));
  }
}
