/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.Test;

/**
 * The request id and the access log: every response carries an {@code X-Request-Id}, every request
 * leaves one access line, and no DID, credential, anchor statement or DID-auth token reaches the
 * log, whichever route carried it (body, header, path).
 */
class RequestLogTest {

  @Test
  void no_did_credential_jws_or_token_appears_in_the_log_while_every_request_has_an_access_line()
      throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new Tee(stderr, captured), true, StandardCharsets.UTF_8));
    String credential;
    String anchor;
    String token;
    String did;
    try (ApiFixture api = new ApiFixture()) {
      String id = Wallet.newConsentId();
      JsonObject submission = api.submission(api.credential(id));
      credential = submission.getString("credential");
      anchor = submission.getString("anchor");
      did = api.wallet.did;
      assertThat(api.post("/consents", submission.encode()).statusCode()).isEqualTo(202);
      token = api.didAuth(api.wallet);
      assertThat(api.get("/consents", token).statusCode()).isEqualTo(200);
      // refused ones too: a bad token, a DID in the path, a DID as the request id
      assertThat(api.get("/consents", token + "x").statusCode()).isEqualTo(401);
      assertThat(api.get("/audit/parties/" + did + "/history", token).statusCode()).isEqualTo(403);
      HttpResponse<String> named =
          api.send(
              HttpRequest.newBuilder(URI.create(api.base() + "/consents/" + id))
                  .header("X-Request-Id", did)
                  .build());
      assertThat(named.headers().firstValue("X-Request-Id")).isPresent().get().isNotEqualTo(did);
      api.runOutbox();
    } finally {
      System.setErr(stderr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("kr.consentledger.access").contains("\"route\":\"/consents\"");
    for (String secret :
        List.of(
            did,
            did.substring("did:key:".length()),
            credential,
            anchor,
            token.substring("DIDAuth ".length()),
            credential.substring(0, credential.indexOf('.')),
            credential.substring(credential.indexOf('.') + 1, credential.lastIndexOf('.')))) {
      assertThat(log).as("the log").doesNotContain(secret);
    }
  }

  @Test
  void a_well_formed_request_id_is_echoed_and_a_missing_one_is_generated() throws Exception {
    try (ApiFixture api = new ApiFixture()) {
      HttpResponse<String> given =
          api.send(
              HttpRequest.newBuilder(URI.create(api.base() + "/health/live"))
                  .header("X-Request-Id", "req-42.a_b")
                  .build());
      assertThat(given.headers().firstValue("X-Request-Id")).hasValue("req-42.a_b");
      HttpResponse<String> generated = api.get("/health/live", null);
      assertThat(generated.headers().firstValue("X-Request-Id").orElseThrow())
          .matches("[0-9a-f]{16}");
      HttpResponse<String> tooLong =
          api.send(
              HttpRequest.newBuilder(URI.create(api.base() + "/health/live"))
                  .header("X-Request-Id", "a".repeat(65))
                  .build());
      assertThat(tooLong.headers().firstValue("X-Request-Id").orElseThrow())
          .matches("[0-9a-f]{16}");
    }
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
