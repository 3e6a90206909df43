/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.http.testing.Corpus;
import kr.consentledger.http.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus of {@code hostile/consent-service.jsonl}, each case sent as raw bytes to the
 * API on a real server (fakes behind it): HTTP framing, Host headers, escapes, sizes, JSON that is
 * not strict, malformed DIDs and consent ids, and JOSE garbage. Each case must get its status and
 * stable code, as problem+json, and never a 5xx; and nothing a client sent may be logged at ERROR.
 */
class HostileCorpusTest {
  static final String CORPUS = "/hostile/consent-service.jsonl";
  static ApiFixture fixture;
  static final Map<String, String> names = new HashMap<>();
  static final ByteArrayOutputStream log = new ByteArrayOutputStream();
  static PrintStream stderr;

  static List<Corpus.Case> cases() throws Exception {
    return Corpus.load(CORPUS);
  }

  @BeforeAll
  static void start() throws Exception {
    stderr = System.err;
    System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
    fixture = new ApiFixture();
    String id = Wallet.newConsentId();
    JsonObject submission = fixture.submission(fixture.credential(id));
    names.put("credential", submission.getString("credential"));
    names.put("anchor", submission.getString("anchor"));
    names.put("subject", fixture.wallet.did);
    names.put("consentid", id);
    names.put("didauth", fixture.didAuth(fixture.wallet));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    System.setErr(stderr);
  }

  @Test
  void the_corpus_has_at_least_120_cases_with_unique_names() throws Exception {
    List<Corpus.Case> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(120);
    assertThat(cases.stream().map(Corpus.Case::name).distinct().count()).isEqualTo(cases.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void each_hostile_request_gets_its_status_and_stable_code_and_never_a_server_error(Corpus.Case c)
      throws Exception {
    byte[] request = Corpus.request(c.spec(), "127.0.0.1:" + fixture.port(), names::get);
    RawHttp.Response response = RawHttp.exchange(fixture.port(), request);

    assertThat(response.status())
        .as("status of %s; body %s", c.name(), response.body())
        .isEqualTo(c.status());
    assertThat(response.status()).isLessThan(500);
    if (c.status() != 0 && !c.code().equals("-")) {
      assertThat(response.contentType()).isEqualTo("application/problem+json");
      assertThat(Corpus.code(response)).as("code; body %s", response.body()).isEqualTo(c.code());
    }
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("kr.consentledger.");
    assertThat(log.toString(StandardCharsets.UTF_8)).as("the log").doesNotContain(" ERROR ");
  }

  /** Writes to two streams. */
  static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
