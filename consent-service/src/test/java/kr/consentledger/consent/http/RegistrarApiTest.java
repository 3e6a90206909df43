/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import kr.consentledger.consent.DidRegistrar;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.DocumentedCodes;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidOperation;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistrarApiTest {
  private static final DocumentedCodes DOCUMENTED = DocumentedCodes.load();
  private ApiFixture f;
  private DidOperation create;

  @BeforeEach
  void start() throws Exception {
    f = new ApiFixture();
    WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519);
    DidDocument doc = DidFabric.newDocument(key.publicKey()).build();
    create = DidFabric.create(doc, key.signer(doc.id() + "#key-1"), null);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private static String request(String jws, String did) {
    JsonObject body =
        new JsonObject()
            .put("jobId", null)
            .put("options", new JsonObject())
            .put("secret", new JsonObject().put("signedOperation", jws));
    if (did != null) {
      body.put("did", did);
    }
    return body.encode();
  }

  @Test
  void a_signed_create_is_relayed_to_the_ledger_and_answered_finished_after_the_commit()
      throws Exception {
    HttpResponse<String> r = f.post("/1.0/create?method=fabric", request(create.jws(), null));

    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject json = new JsonObject(r.body());
    assertThat(json.getJsonObject("didState").getString("state")).isEqualTo("finished");
    assertThat(json.getJsonObject("didState").getString("did")).isEqualTo(create.did());
    assertThat(json.getJsonObject("didState").getJsonObject("didDocument").getString("id"))
        .isEqualTo("from-the-ledger");
    assertThat(json.getJsonObject("didRegistrationMetadata").getString("transactionId"))
        .isEqualTo("tx-did-1");
    assertThat(json.getJsonObject("didRegistrationMetadata").getLong("blockNumber")).isEqualTo(7L);
    assertThat(json.getJsonObject("didDocumentMetadata").getString("versionId")).isEqualTo("v-1");
    assertThat(f.didRegistrar.calls)
        .containsExactly(
            new kr.consentledger.consent.testing.FakeDidRegistrar.Call(
                DidRegistrar.Operation.CREATE, create.jws()));
  }

  @Test
  void a_create_sent_as_an_update_is_refused_and_nothing_is_relayed() throws Exception {
    HttpResponse<String> r = f.post("/1.0/update", request(create.jws(), create.did()));

    assertProblem(r, 422, "INVALID_STATEMENT");
    assertThat(f.didRegistrar.calls).isEmpty();
  }

  @Test
  void a_did_other_than_the_operations_is_refused() throws Exception {
    HttpResponse<String> r =
        f.post("/1.0/create", request(create.jws(), "did:fabric:3nnuwrWM2keSbKbqNdJbFB"));

    assertProblem(r, 422, "STATEMENT_MISMATCH");
    assertThat(f.didRegistrar.calls).isEmpty();
  }

  @Test
  void a_tampered_operation_is_refused_by_the_parser_before_the_ledger() throws Exception {
    String[] parts = create.jws().split("\\.", -1);
    HttpResponse<String> r =
        f.post("/1.0/create", request(parts[0] + "." + parts[1] + "x." + parts[2], null));

    assertThat(r.statusCode()).isBetween(400, 422);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(f.didRegistrar.calls).isEmpty();
  }

  @Test
  void the_chaincodes_refusal_is_answered_with_its_code() throws Exception {
    f.didRegistrar.failure =
        new LedgerException(
            LedgerException.Kind.CHAINCODE_REFUSED,
            "DID_ALREADY_EXISTS",
            "tx-1",
            "DID_ALREADY_EXISTS: the DID exists",
            null);

    assertProblem(f.post("/1.0/create", request(create.jws(), null)), 409, "DID_ALREADY_EXISTS");
  }

  @Test
  void a_ledger_that_does_not_answer_is_a_503() throws Exception {
    f.didRegistrar.failure =
        new LedgerException(LedgerException.Kind.UNAVAILABLE, "UNAVAILABLE", null, "down", null);

    assertProblem(f.post("/1.0/create", request(create.jws(), null)), 503, "SERVICE_UNAVAILABLE");
  }

  @Test
  void a_body_without_the_signed_operation_is_a_validation_failure() throws Exception {
    HttpResponse<String> r =
        f.post("/1.0/create", new JsonObject().put("options", new JsonObject()).encode());

    assertProblem(r, 400, "VALIDATION_FAILED");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("code")).isEqualTo(code);
    assertThat(DOCUMENTED.documentedFor(r)).contains(code);
  }
}
