/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentifiersHttpTest {
  static final String ACTIVE = "did:fabric:7Tqg6BwSSWapxgUDm9KKgg";
  static final String DEACTIVATED = "did:fabric:9Pq2vDeactivatedXyz";
  static final String MISSING = "did:fabric:4MissingDid";
  static final String BROKEN = "did:fabric:5BrokenLedger";
  static final String RESOLUTION = "application/did-resolution";
  static final String RESOLUTION_LD =
      "application/ld+json;profile=\"https://w3id.org/did-resolution\"";
  static final String PROBLEM = "application/problem+json";

  static Vertx vertx;
  static HttpServer server;
  static HttpClient client;
  static final List<ResolutionOptions> seenOptions = new CopyOnWriteArrayList<>();

  static JsonObject document(String did) {
    return new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/did/v1"))
        .put("id", did)
        .put(
            "verificationMethod",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", did + "#key-1")
                        .put("type", "JsonWebKey2020")
                        .put("controller", did)
                        .put("publicKeyJwk", new JsonObject().put("kty", "OKP"))))
        .put("authentication", new JsonArray().add(did + "#key-1"));
  }

  /** A fake resolver: one active DID, one deactivated, one missing, one whose ledger fails. */
  static Future<ResolutionResult> fakeResolve(String did, ResolutionOptions options) {
    seenOptions.add(options);
    if (!did.startsWith("did:")) {
      return Future.failedFuture(
          new ResolutionException(ResolutionError.INVALID_DID, "DID rejected: bad"));
    }
    if (did.startsWith("did:jwk:")) {
      return kr.consentledger.resolver.driver.DidResolvers.local().resolve(did, options);
    }
    if (did.startsWith("did:web:")) {
      return Future.failedFuture(
          new ResolutionException(
              ResolutionError.METHOD_NOT_SUPPORTED, "method web not supported"));
    }
    return switch (did) {
      case ACTIVE ->
          Future.succeededFuture(
              ResolutionResult.of(document(did), new JsonObject().put("versionId", "ab12")));
      case DEACTIVATED ->
          Future.succeededFuture(
              ResolutionResult.of(document(did), new JsonObject().put("deactivated", true)));
      case BROKEN -> Future.failedFuture(new IllegalStateException("secret internal detail"));
      default ->
          Future.failedFuture(
              new ResolutionException(ResolutionError.NOT_FOUND, "the DID is not on the ledger"));
    };
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    DidResolver resolver = IdentifiersHttpTest::fakeResolve;
    server =
        ResolverHttpApi.createRouter(vertx, resolver)
            .compose(
                router ->
                    new kr.consentledger.http.HttpEdge(
                            vertx,
                            kr.consentledger.resolver.boot.DidResolverVerticle.DEFAULT_HTTP,
                            ResolverHttpApi.edgeProblems())
                        .createServer(new io.vertx.core.http.HttpServerOptions(), router)
                        .listen(0, "127.0.0.1"))
            .await(10, TimeUnit.SECONDS);
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void clearOptions() {
    seenOptions.clear();
  }

  static HttpResponse<String> get(String pathAndQuery, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery))
            .timeout(Duration.ofSeconds(5));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Stream<Arguments> negotiation() {
    return Stream.of(
        Arguments.of(null, RESOLUTION, true),
        Arguments.of("*/*", RESOLUTION, true),
        Arguments.of("application/*", RESOLUTION, true),
        Arguments.of(RESOLUTION, RESOLUTION, true),
        Arguments.of(RESOLUTION_LD, RESOLUTION_LD, true),
        Arguments.of("application/did+ld+json", "application/did+ld+json", false),
        Arguments.of("application/did+json", "application/did+json", false),
        Arguments.of(
            "text/html, application/did+json;q=0.5, */*;q=0.1", "application/did+json", false),
        Arguments.of("application/did+json;q=0.2, application/did-resolution", RESOLUTION, true));
  }

  @ParameterizedTest(name = "Accept {0} gives {1}")
  @MethodSource("negotiation")
  void content_negotiation_picks_the_representation_the_client_prefers(
      String accept, String contentType, boolean wholeResult) throws Exception {
    HttpResponse<String> response = get("/1.0/identifiers/" + ACTIVE, accept);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains(contentType);
    JsonObject body = new JsonObject(response.body());
    if (wholeResult) {
      assertThat(List.copyOf(body.fieldNames()))
          .containsExactly(
              "@context", "didResolutionMetadata", "didDocument", "didDocumentMetadata");
      assertThat(body.getJsonObject("didDocument").getString("id")).isEqualTo(ACTIVE);
      assertThat(body.getJsonObject("didDocumentMetadata").getString("versionId"))
          .isEqualTo("ab12");
    } else {
      assertThat(body.getString("id")).isEqualTo(ACTIVE);
      assertThat(body.containsKey("didResolutionMetadata")).isFalse();
    }
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("/1.0/identifiers/not-a-did", 400, "invalidDid"),
        // {"crv":"P-999","kty":"EC","x":<32 zero bytes>,"y":<32 zero bytes>}: no such curve, no key
        Arguments.of(
            "/1.0/identifiers/did:jwk:"
                + java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                        ("{\"crv\":\"P-999\",\"kty\":\"EC\",\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
                                + "\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            400,
            "invalidDid"),
        Arguments.of("/1.0/identifiers/" + MISSING, 404, "notFound"),
        Arguments.of("/1.0/identifiers/did:web:example.com", 501, "methodNotSupported"),
        Arguments.of("/1.0/identifiers/" + BROKEN, 500, "internalError"),
        Arguments.of("/1.0/identifiers/" + ACTIVE + "%23no-such-key", 404, "notFound"),
        Arguments.of(
            "/1.0/identifiers/" + ACTIVE + "?versionTime=yesterday", 400, "invalidOptions"),
        Arguments.of(
            "/1.0/identifiers/" + ACTIVE + "?versionId=ab&versionTime=2026-01-01T00:00:00Z",
            400,
            "invalidOptions"));
  }

  @ParameterizedTest(name = "{0} is a {1} {2} problem")
  @MethodSource("errors")
  void errors_for_document_clients_are_problem_json_with_a_stable_type_and_code(
      String path, int status, String code) throws Exception {
    HttpResponse<String> response = get(path, "application/did+json");

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains(PROBLEM);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).startsWith("https://").endsWith(typeSuffix(code));
    assertThat(response.body()).doesNotContain("Exception", "secret internal detail", "at kr.");
  }

  static String typeSuffix(String code) {
    for (ResolutionError e : ResolutionError.values()) {
      if (e.code().equals(code)) {
        return e.type().substring(e.type().indexOf('#'));
      }
    }
    return code;
  }

  static Stream<Arguments> resolutionErrors() {
    return Stream.of(
        Arguments.of("not-a-did", 400, "invalidDid"),
        Arguments.of(MISSING, 404, "notFound"),
        Arguments.of("did:web:example.com", 501, "methodNotSupported"),
        Arguments.of(BROKEN, 500, "internalError"));
  }

  @ParameterizedTest(name = "{0} is a {1} result with error {2}")
  @MethodSource("resolutionErrors")
  void errors_for_resolution_result_clients_are_in_did_resolution_metadata(
      String did, int status, String code) throws Exception {
    HttpResponse<String> response = get("/1.0/identifiers/" + did, RESOLUTION);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains(RESOLUTION);
    JsonObject result = new JsonObject(response.body());
    assertThat(result.getJsonObject("didResolutionMetadata").getString("error")).isEqualTo(code);
    assertThat(result.getValue("didDocument")).isNull();
    assertThat(response.body()).doesNotContain("Exception", "secret internal detail");
  }

  @Test
  void a_deactivated_did_is_410_with_the_result_showing_deactivated() throws Exception {
    HttpResponse<String> response = get("/1.0/identifiers/" + DEACTIVATED, null);

    assertThat(response.statusCode()).isEqualTo(410);
    JsonObject result = new JsonObject(response.body());
    assertThat(result.getJsonObject("didDocumentMetadata").getBoolean("deactivated")).isTrue();
    assertThat(result.getJsonObject("didDocument").getString("id")).isEqualTo(DEACTIVATED);
  }

  @Test
  void a_deactivated_did_asked_as_a_document_is_a_410_problem() throws Exception {
    HttpResponse<String> response = get("/1.0/identifiers/" + DEACTIVATED, "application/did+json");

    assertThat(response.statusCode()).isEqualTo(410);
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("deactivated");
  }

  @Test
  void an_unsupported_accept_is_406_representation_not_supported() throws Exception {
    HttpResponse<String> response = get("/1.0/identifiers/" + ACTIVE, "text/html");

    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(new JsonObject(response.body()).getString("code"))
        .isEqualTo("representationNotSupported");
  }

  @Test
  void version_id_is_passed_to_the_resolver() throws Exception {
    HttpResponse<String> response = get("/1.0/identifiers/" + ACTIVE + "?versionId=ab12", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(seenOptions).containsExactly(ResolutionOptions.ofVersionId("ab12"));
  }

  @Test
  void version_time_is_passed_to_the_resolver_as_an_instant() throws Exception {
    HttpResponse<String> response =
        get("/1.0/identifiers/" + ACTIVE + "?versionTime=2026-01-01T09:00:00%2B09:00", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(seenOptions)
        .containsExactly(ResolutionOptions.ofVersionTime(Instant.parse("2026-01-01T00:00:00Z")));
  }

  @Test
  void openapi_validation_rejects_a_malformed_version_id_before_resolving() throws Exception {
    HttpResponse<String> response = get("/1.0/identifiers/" + ACTIVE + "?versionId=not-hex", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains(PROBLEM);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("invalidRequest");
    assertThat(problem.getString("detail")).contains("versionId");
    assertThat(seenOptions).isEmpty();
  }

  @Test
  void a_did_url_fragment_dereferences_to_the_verification_method() throws Exception {
    HttpResponse<String> response = get("/1.0/identifiers/" + ACTIVE + "%23key-1", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/did+json");
    JsonObject method = new JsonObject(response.body());
    assertThat(method.getString("id")).isEqualTo(ACTIVE + "#key-1");
    assertThat(method.getString("type")).isEqualTo("JsonWebKey2020");
  }

  @Test
  void a_did_url_fragment_can_be_asked_for_as_plain_json() throws Exception {
    HttpResponse<String> response =
        get("/1.0/identifiers/" + ACTIVE + "%23key-1", "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
  }

  @Test
  void a_request_body_over_the_limit_is_413() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + server.actualPort() + "/1.0/identifiers/" + ACTIVE))
            .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(4096)))
            .header("Content-Type", "text/plain")
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("requestTooLarge");
  }

  @Test
  void an_unknown_path_is_a_404_problem() throws Exception {
    HttpResponse<String> response = get("/nothing-here", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("routeNotFound");
  }

  @Test
  void the_service_serves_its_openapi_description() throws Exception {
    HttpResponse<String> response = get("/openapi.yaml", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("openapi: 3.1.0").contains("/1.0/identifiers/{did}");
  }
}
