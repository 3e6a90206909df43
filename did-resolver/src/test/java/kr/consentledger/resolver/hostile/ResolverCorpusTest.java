/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kr.consentledger.http.HttpEdge;
import kr.consentledger.http.testing.Corpus;
import kr.consentledger.http.testing.RawHttp;
import kr.consentledger.resolver.boot.DidResolverVerticle;
import kr.consentledger.resolver.driver.DidResolvers;
import kr.consentledger.resolver.http.ResolverHttpApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * did-resolver's hostile corpus ({@code hostile/did-resolver.jsonl}), on a copy of the runner of
 * consent-service's hostile corpus: the resolver's HTTP API with its HTTP edge and its real local
 * drivers (did:key, did:jwk). A case may name the expected {@code contentType}; the code of a
 * resolution result is its {@code didResolutionMetadata.error}.
 */
class ResolverCorpusTest {
  static final String CORPUS = "/hostile/did-resolver.jsonl";
  static Vertx vertx;
  static int port;

  static List<Corpus.Case> cases() throws Exception {
    return Corpus.load(CORPUS);
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    HttpServer server =
        ResolverHttpApi.createRouter(vertx, DidResolvers.local())
            .compose(
                router ->
                    new HttpEdge(
                            vertx, DidResolverVerticle.DEFAULT_HTTP, ResolverHttpApi.edgeProblems())
                        .createServer(new HttpServerOptions(), router)
                        .listen(0, "127.0.0.1"))
            .await(30, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void the_corpus_has_at_least_40_cases_with_unique_names() throws Exception {
    List<Corpus.Case> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    assertThat(cases.stream().map(Corpus.Case::name).distinct().count()).isEqualTo(cases.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void each_hostile_request_gets_its_status_and_stable_code_and_never_a_server_error(Corpus.Case c)
      throws Exception {
    RawHttp.Response response =
        RawHttp.exchange(port, Corpus.request(c.spec(), "127.0.0.1:" + port, name -> null));

    assertThat(response.status())
        .as("status of %s; body %s", c.name(), response.body())
        .isEqualTo(c.status());
    assertThat(response.status()).isLessThan(500);
    if (c.status() != 0 && !c.code().equals("-")) {
      String contentType = c.spec().getString("contentType", "application/problem+json");
      assertThat(response.contentType()).isEqualTo(contentType);
      String code =
          contentType.equals("application/problem+json")
              ? Corpus.code(response)
              : new JsonObject(response.body())
                  .getJsonObject("didResolutionMetadata")
                  .getString("error");
      assertThat(code).as("code; body %s", response.body()).isEqualTo(c.code());
    }
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("kr.consentledger.");
  }
}
