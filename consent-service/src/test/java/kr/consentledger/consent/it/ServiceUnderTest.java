/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.boot.ConsentServiceConfig;
import kr.consentledger.consent.boot.ConsentServiceVerticle;
import kr.consentledger.consent.pg.PgDatabase;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.junit.TestDatabase;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.credential.ConsentCredential;

/**
 * consent-service in the test JVM, on the real network (org1's client identity) and a database of
 * its own, with an HTTP client for it.
 */
final class ServiceUnderTest implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final String jdbcUrl;
  final String dbUser;
  final String dbPassword;
  private final Vertx vertx;
  private final ConsentServiceVerticle verticle;
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  private ServiceUnderTest(
      Vertx vertx,
      ConsentServiceVerticle verticle,
      String base,
      String jdbcUrl,
      String dbUser,
      String dbPassword) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.base = base;
    this.jdbcUrl = jdbcUrl;
    this.dbUser = dbUser;
    this.dbPassword = dbPassword;
  }

  /** Deploys the service on a new database whose name starts with {@code databasePrefix}. */
  static ServiceUnderTest start(NetworkInfo info, TestDatabase db, String databasePrefix)
      throws Exception {
    String database = db.createDatabase(databasePrefix);
    ConsentServiceConfig config =
        new ConsentServiceConfig(
            "127.0.0.1",
            0,
            new PgDatabase(db.host(), db.port(), database, db.user(), db.password(), 4),
            new ConsentServiceConfig.Ledger(
                info.organization("org1").userEndpoint(),
                GatewayTimeouts.DEFAULT,
                info.channel(),
                info.chaincode(),
                0,
                Duration.ofMillis(500)),
            Duration.ofDays(365),
            50,
            Duration.ofMillis(200),
            Duration.ofMinutes(2),
            4);
    Vertx vertx = Vertx.vertx();
    ConsentServiceVerticle verticle = new ConsentServiceVerticle(config);
    vertx
        .deployVerticle(verticle)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    return new ServiceUnderTest(
        vertx,
        verticle,
        "http://127.0.0.1:" + verticle.actualPort(),
        "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + database,
        db.user(),
        db.password());
  }

  /** Waits until the operators' did:fabric, which signs the status lists, is on the ledger. */
  void awaitOperatorRegistered() throws Exception {
    verticle
        .operatorRegistered()
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  /** The service's base URL. */
  String base() {
    return base;
  }

  /** Any request; {@code token} is a DID-auth token or null. */
  HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", DidAuth.SCHEME + " " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body, null);
  }

  /** Submits a consent with its anchor statement signed by the subject. */
  HttpResponse<String> submit(ConsentCredential consent, Party subject) throws Exception {
    return post(
        "/consents",
        JSON.createObjectNode()
            .put("credential", consent.jws())
            .put("anchor", ConsentStatements.anchor(consent, subject.signer()))
            .toString());
  }

  /** A DID-auth token of {@code party}, through a fresh challenge. */
  String didAuth(Party party) throws Exception {
    HttpResponse<String> challenge =
        post("/auth/challenges", JSON.createObjectNode().put("did", party.did()).toString());
    assertThat(challenge.statusCode()).isEqualTo(201);
    return party.didAuthToken(challenge.body(), Duration.ofSeconds(120));
  }

  /** Waits up to 60 s until GET /consents/{id} shows {@code status}. */
  JsonNode awaitStatus(String consentId, String status) throws Exception {
    JsonNode last = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = send("GET", "/consents/" + consentId, null, null);
      last = JSON.readTree(r.body());
      if (r.statusCode() == 200 && status.equals(last.path("status").asText())) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "consent " + consentId + " did not reach " + status + "; last: " + last);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
