/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.did.VerificationRelationship;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile JOSE corpus ({@code src/test/resources/hostile-jose/cases.json}, written by {@link
 * HostileJoseCorpus}): every case goes through the SDK as a verifier would use it (parse, resolve
 * the signer's did:key, check the key's relationship and the signature) and must end with its
 * expected code; the controls must be accepted. The chaincode runs the same file.
 */
class HostileJoseCorpusTest {
  private static final Path FILE = Path.of("src/test/resources/hostile-jose/cases.json");
  private static final DidResolver LOCAL = DidResolvers.local();

  static Stream<Arguments> cases() throws IOException {
    JsonNode root = Vectors.MAPPER.readTree(Files.readString(FILE));
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      out.add(
          Arguments.of(
              c.get("kind").asText(),
              c.get("name").asText(),
              c.get("token").asText(),
              c.get("expected").asText()));
    }
    return out.stream();
  }

  @Test
  void the_corpus_has_at_least_60_cases_and_is_exactly_what_the_generator_writes()
      throws Exception {
    assertThat(cases().count()).isGreaterThanOrEqualTo(60);
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .isEqualTo(HostileJoseCorpus.generate());
  }

  @ParameterizedTest(name = "{0}: {1} -> {3}")
  @MethodSource("cases")
  void every_hostile_token_is_refused_with_its_code_and_every_control_is_accepted(
      String kind, String name, String token, String expected) {
    String outcome;
    try {
      judge(kind, token);
      outcome = "OK";
    } catch (RejectedException e) {
      outcome = e.reason().name();
    } catch (WalletException e) {
      outcome = "WALLET_EXCEPTION: " + e.getMessage();
    }
    assertThat(outcome).as(name).isEqualTo(expected);
  }

  private static void judge(String kind, String token) throws RejectedException, WalletException {
    switch (kind) {
      case "anchor" -> {
        ConsentStatements.Anchor a = ConsentStatements.parseAnchor(token);
        verify(token, a.subject(), a.keyId(), VerificationRelationship.ASSERTION_METHOD);
      }
      case "revocation" -> {
        ConsentStatements.Revocation r = ConsentStatements.parseRevocation(token);
        verify(token, r.subject(), r.keyId(), VerificationRelationship.AUTHENTICATION);
      }
      case "receipt" -> {
        ReceiptStatements.Receipt r = ReceiptStatements.parseReceipt(token);
        verify(token, r.provider(), r.keyId(), VerificationRelationship.ASSERTION_METHOD);
      }
      case "didAuth" -> {
        DidAuth.Token t = DidAuth.parse(token, HostileJoseCorpus.NOW);
        verify(token, t.issuer(), t.keyId(), VerificationRelationship.AUTHENTICATION);
      }
      case "credential" -> verifier().verifyCredential(token);
      case "presentation" ->
          verifier().verifyPresentation(token, HostileJoseCorpus.AUDIENCE, HostileJoseCorpus.NONCE);
      case "didOperation" -> DidFabric.apply(null, token);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  private static Verifier verifier() {
    return Verifier.builder()
        .resolver(LOCAL)
        .clock(Clock.fixed(HostileJoseCorpus.NOW, ZoneOffset.UTC))
        .build();
  }

  /**
   * What a service does with a statement after the SDK parsed it: the kid's key, its relationship,
   * the signature.
   */
  private static void verify(String token, String did, String kid, VerificationRelationship rel)
      throws RejectedException, WalletException {
    Verifier.verifyJws(token, LOCAL.resolve(did), kid, rel);
  }
}
