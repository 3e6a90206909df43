package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kr.consentledger.wallet.internal.Jws;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConsentFixturesTest {
    private static final List<String> CASES = List.of("01-anchor-did-key.json", "02-anchor-did-fabric.json",
            "03-revoke-did-fabric.json", "04-revoke-by-recipient.json", "05-anchor-bad-signature.json",
            "06-anchor-expired.json", "07-anchor-consent-exists.json", "08-anchor-unchanged.json",
            "09-anchor-extra-member.json", "10-revoke-already-revoked.json", "11-anchor-did-deactivated.json",
            "12-anchor-key-not-in-assertion-method.json", "13-revoke-unchanged.json",
            "14-revoke-consent-not-found.json", "15-revoke-hash-mismatch.json", "16-anchor-unknown-did.json",
            "17-anchor-wrong-type.json", "18-revoke-expired.json", "19-anchor-malformed-jws.json",
            "20-anchor-time-not-canonical.json");

    private static Map<String, String> generated;

    @BeforeAll
    static void generate() throws Exception {
        generated = ConsentFixtures.generate();
    }

    static Stream<String> cases() {
        return CASES.stream();
    }

    static Stream<String> files() {
        return Stream.concat(Stream.of("keys.json", "credential-and-anchor.json"), CASES.stream());
    }

    @Test
    void generator_writes_exactly_the_listed_files() {
        assertThat(generated.keySet()).containsExactlyInAnyOrderElementsOf(files().toList());
    }

    @ParameterizedTest
    @MethodSource("files")
    void sdk_still_reproduces_the_golden_fixture_byte_for_byte(String file) {
        assertThat(generated.get(file)).isEqualTo(Vectors.text("consent/" + file));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reference_ledger_rules_give_the_fixture_outcome(String file) throws Exception {
        JsonNode f = Vectors.load("consent/" + file);
        Map<String, DidState> dids = new HashMap<>();
        for (JsonNode s : f.get("didStates")) {
            dids.put(s.get("did").asText(), new DidState(s.get("did").asText(),
                    DidDocument.parse(s.get("document").toString()), s.get("versionId").asText(),
                    s.get("deactivated").asBoolean()));
        }

        ConsentLedgerRules.Outcome outcome = ConsentLedgerRules.apply(f.get("function").asText(),
                f.get("statement").asText(), dids, f.get("priorRecord"), Instant.parse(f.get("txTime").asText()));

        JsonNode expected = f.get("expected");
        assertThat(outcome.result()).isEqualTo(expected.get("result").asText());
        assertThat(outcome.code()).isEqualTo(expected.has("code") ? expected.get("code").asText() : null);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fixture_did_states_are_reachable_through_the_did_fabric_rules(String file) throws Exception {
        for (JsonNode s : Vectors.load("consent/" + file).get("didStates")) {
            DidDocument doc = DidDocument.parse(s.get("document").toString());
            DidFabric.validateDocument(s.get("did").asText(), doc);
            assertThat(s.get("versionId").asText()).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void prior_records_hold_the_hash_of_the_anchor_statement_they_came_from() throws Exception {
        JsonNode anchored = Vectors.load("consent/01-anchor-did-key.json");
        JsonNode retry = Vectors.load("consent/08-anchor-unchanged.json");

        assertThat(retry.get("priorRecord").get("anchorStatementHash").asText())
                .isEqualTo(Jws.sha256Hex(anchored.get("statement").asText()));
        assertThat(retry.get("priorRecord").get("credentialHash").asText())
                .isEqualTo(ConsentStatements.parseAnchor(anchored.get("statement").asText()).credentialHash());
    }

    @Test
    void credential_and_anchor_pair_is_valid_for_the_service() throws Exception {
        JsonNode pair = Vectors.load("consent/credential-and-anchor.json");
        String credential = pair.get("credential").asText();

        ConsentStatements.Anchor anchor = ConsentStatements.checkAnchorMatches(credential, pair.get("anchor").asText());
        VerifiableCredential verified = Verifier.builder().resolver(DidResolvers.local())
                .clock(Clock.fixed(Instant.parse(ConsentFixtures.TX_TIME), ZoneOffset.UTC)).build()
                .verifyCredential(credential);
        WalletKeyPair subjectKey = WalletKeyPair.fromJwk(pair.get("subjectKey").toString());

        assertThat(anchor.credentialHash()).isEqualTo(Jws.sha256Hex(credential));
        assertThat(verified.credential().issuer()).isEqualTo(DidKey.create(subjectKey.publicKey()));
    }
}
