/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import kr.consentledger.chaincode.InMemoryStub;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The registry against the did:fabric golden fixtures the wallet SDK produces. */
class DidContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DidContract contract = new DidContract();
  private InMemoryStub ledger;
  private Context ctx;

  @BeforeEach
  void setUp() {
    ledger = new InMemoryStub();
    ctx = new Context(ledger.stub());
  }

  @TestFactory
  Stream<DynamicTest> every_golden_fixture_gives_the_expected_outcome() throws IOException {
    List<Path> files =
        fixtures().filter(p -> !p.getFileName().toString().equals("keys.json")).toList();
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private void check(Path file) throws IOException {
    JsonNode fixture = JSON.readTree(file.toFile());
    setUp();
    JsonNode prior = fixture.get("priorState");
    if (prior != null && !prior.isNull()) {
      new DidStore(ledger.stub())
          .append(
              null,
              new DidVersion(
                  prior.get("did").asText(),
                  prior.get("versionId").asText(),
                  1,
                  "create",
                  prior.get("document"),
                  prior.get("deactivated").asBoolean(),
                  "2026-01-01T00:00:00Z",
                  "2026-01-01T00:00:00Z",
                  "tx-prior",
                  null,
                  null));
    }
    ledger.beginTransaction("tx-1", Instant.parse("2026-02-01T00:00:00Z"));
    String operation = fixture.get("operation").asText();
    String kind = fixture.at("/decoded/payload/operation").asText();
    JsonNode expected = fixture.get("expected");

    if (expected.get("result").asText().equals("accepted")) {
      JsonNode result = JSON.readTree(submit(kind, operation));
      assertThat(result.get("didDocument")).isEqualTo(expected.get("document"));
      assertThat(result.at("/didDocumentMetadata/versionId").asText())
          .isEqualTo(expected.get("versionId").asText());
      assertThat(result.at("/didDocumentMetadata/deactivated").asBoolean(false))
          .isEqualTo(expected.get("deactivated").asBoolean());
      assertThat(ledger.eventName()).isEqualTo(DidContract.EVENT_DID_CHANGED);
      assertThat(JSON.readTree(ledger.eventPayload()).get("versionId").asText())
          .isEqualTo(expected.get("versionId").asText());
    } else {
      assertThatThrownBy(() -> submit(kind, operation))
          .isInstanceOfSatisfying(
              ChaincodeException.class,
              e ->
                  assertThat(new String(e.getPayload(), StandardCharsets.UTF_8))
                      .isEqualTo(expected.get("reason").asText()));
      assertThat(ledger.eventName()).isNull();
    }
  }

  @Test
  void every_version_stays_resolvable_by_id_and_by_time_and_links_to_its_successor()
      throws Exception {
    String create = operation("01-create.json");
    String rotate = operation("02-update-rotate-key.json");
    String deactivate = operation("03-deactivate.json");
    ledger.beginTransaction("tx-1", Instant.parse("2026-03-01T10:00:00.250Z"));
    JsonNode v1 = JSON.readTree(contract.Create(ctx, create));
    ledger.beginTransaction("tx-2", Instant.parse("2026-03-01T11:00:00Z"));
    JsonNode v2 = JSON.readTree(contract.Update(ctx, rotate));
    ledger.beginTransaction("tx-3", Instant.parse("2026-03-01T12:00:00Z"));
    contract.Deactivate(ctx, deactivate);
    String did = v1.at("/didDocument/id").asText();
    String v1Id = v1.at("/didDocumentMetadata/versionId").asText();
    String v2Id = v2.at("/didDocumentMetadata/versionId").asText();

    JsonNode current = JSON.readTree(contract.Resolve(ctx, did));
    assertThat(current.at("/didDocumentMetadata/deactivated").asBoolean()).isTrue();
    assertThat(current.at("/didDocumentMetadata/created").asText())
        .isEqualTo("2026-03-01T10:00:00Z");
    assertThat(current.at("/didDocumentMetadata/updated").asText())
        .isEqualTo("2026-03-01T12:00:00Z");
    assertThat(current.get("didDocument")).isEqualTo(v2.get("didDocument"));

    JsonNode first = JSON.readTree(contract.ResolveVersion(ctx, did, v1Id));
    assertThat(first.get("didDocument")).isEqualTo(v1.get("didDocument"));
    assertThat(first.at("/didDocumentMetadata/nextVersionId").asText()).isEqualTo(v2Id);
    assertThat(first.at("/didDocumentMetadata/deactivated").isMissingNode()).isTrue();

    assertThat(
            JSON.readTree(contract.ResolveAt(ctx, did, "2026-03-01T10:30:00Z"))
                .at("/didDocumentMetadata/versionId")
                .asText())
        .isEqualTo(v1Id);
    assertThat(
            JSON.readTree(contract.ResolveAt(ctx, did, "2026-03-01T11:00:00Z"))
                .at("/didDocumentMetadata/versionId")
                .asText())
        .isEqualTo(v2Id);
    assertThatThrownBy(() -> contract.ResolveAt(ctx, did, "2026-03-01T09:59:59Z"))
        .hasMessageStartingWith("VERSION_NOT_FOUND");
    assertThatThrownBy(() -> contract.ResolveVersion(ctx, did, "00".repeat(32)))
        .hasMessageStartingWith("VERSION_NOT_FOUND");
  }

  @Test
  void resolving_an_unknown_or_malformed_did_fails_with_its_code() {
    assertThatThrownBy(() -> contract.Resolve(ctx, "did:fabric:UMx4zVXUjdwWtYpLQe19dX"))
        .hasMessageStartingWith("DID_NOT_FOUND");
    assertThatThrownBy(() -> contract.Resolve(ctx, "did:fabric:0OIl"))
        .hasMessageStartingWith("INVALID_ARGUMENT");
  }

  @Test
  void an_operation_submitted_to_the_wrong_function_is_rejected() throws Exception {
    assertThatThrownBy(() -> contract.Update(ctx, operation("01-create.json")))
        .hasMessageStartingWith("INVALID_OPERATION");
  }

  @Test
  void a_tampered_signature_is_rejected_with_BAD_SIGNATURE() throws Exception {
    String op = operation("01-create.json");
    int dot = op.lastIndexOf('.');
    char c = op.charAt(dot + 5);
    String tampered = op.substring(0, dot + 5) + (c == 'A' ? 'B' : 'A') + op.substring(dot + 6);

    assertThatThrownBy(() -> contract.Create(ctx, tampered))
        .hasMessageStartingWith("BAD_SIGNATURE");
  }

  @Test
  void garbage_is_rejected_with_MALFORMED_JWS() {
    assertThatThrownBy(() -> contract.Create(ctx, "not-a-jws"))
        .hasMessageStartingWith("MALFORMED_JWS");
    assertThatThrownBy(() -> contract.Create(ctx, "e30=.e30.AA"))
        .hasMessageStartingWith("MALFORMED_JWS");
  }

  @Test
  void the_same_operation_gives_the_same_bytes_on_every_peer() throws Exception {
    ledger.beginTransaction("tx-1", Instant.parse("2026-03-01T10:00:00Z"));
    String a = contract.Create(ctx, operation("01-create.json"));
    setUp();
    ledger.beginTransaction("tx-1", Instant.parse("2026-03-01T10:00:00Z"));
    String b = contract.Create(ctx, operation("01-create.json"));
    assertThat(a).isEqualTo(b);
  }

  private String submit(String kind, String operation) {
    switch (kind) {
      case "create":
        return contract.Create(ctx, operation);
      case "update":
        return contract.Update(ctx, operation);
      default:
        return contract.Deactivate(ctx, operation);
    }
  }

  private static String operation(String file) throws IOException {
    return JSON.readTree(dir().resolve(file).toFile()).get("operation").asText();
  }

  private static Stream<Path> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(dir())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  private static Path dir() {
    return Path.of(
        System.getProperty("didFabricFixtures", "../wallet-sdk/src/test/resources/did-fabric"));
  }
}
