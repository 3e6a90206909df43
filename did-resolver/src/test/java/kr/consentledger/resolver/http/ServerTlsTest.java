/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.ServerTls;
import kr.consentledger.resolver.boot.DidResolverVerticle;
import kr.consentledger.resolver.boot.ResolverConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from PEM files, mutual TLS, and no plain HTTP off loopback, on the real verticle. */
class ServerTlsTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  TestPki serverCa;
  TestPki.Issued server;
  Path serverCrt;
  Path serverKey;

  @BeforeEach
  void pki() throws Exception {
    serverCa = new TestPki("test server CA");
    server = serverCa.server();
    Path[] files = server.write(dir, "server");
    serverCrt = files[0];
    serverKey = files[1];
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  int deploy(String host, ServerTls tls) throws Exception {
    DidResolverVerticle verticle =
        new DidResolverVerticle(
            new ResolverConfig(host, 0, null, 0, 1),
            DidResolverVerticle.DEFAULT_HTTP,
            EdgeConfig.NONE.withTls(tls));
    vertx
        .deployVerticle(verticle)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return verticle.actualPort();
  }

  static HttpResponse<String> get(SSLContext ssl, int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
    return client.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/openapi.yaml")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serves_https_with_the_configured_certificate() throws Exception {
    int port = deploy("127.0.0.1", new ServerTls(serverCrt, serverKey, null, null));
    HttpResponse<String> r = get(serverCa.trustingContext(), port);
    assertThat(r.statusCode()).isEqualTo(200);
    Certificate[] chain = r.sslSession().orElseThrow().getPeerCertificates();
    assertThat(chain[0]).isEqualTo(server.certificate());
  }

  @Test
  void with_mutual_tls_required_a_client_without_a_certificate_or_from_another_ca_is_refused()
      throws Exception {
    TestPki clientCa = new TestPki("test client CA");
    int port =
        deploy(
            "127.0.0.1",
            new ServerTls(
                serverCrt, serverKey, clientCa.writeCa(dir, "client-ca"), ClientAuth.REQUIRED));

    assertThatThrownBy(() -> get(serverCa.trustingContext(), port)).isInstanceOf(IOException.class);
    TestPki.Issued stranger = new TestPki("another CA").client("stranger");
    assertThatThrownBy(() -> get(stranger.clientContext(serverCa.certificate()), port))
        .isInstanceOf(IOException.class);

    TestPki.Issued provider = clientCa.client("provider-1");
    assertThat(get(provider.clientContext(serverCa.certificate()), port).statusCode())
        .isEqualTo(200);
  }

  @Test
  void with_client_certificates_only_requested_a_client_without_one_is_served() throws Exception {
    TestPki clientCa = new TestPki("test client CA");
    int port =
        deploy(
            "127.0.0.1",
            new ServerTls(
                serverCrt, serverKey, clientCa.writeCa(dir, "client-ca"), ClientAuth.REQUEST));
    assertThat(get(serverCa.trustingContext(), port).statusCode()).isEqualTo(200);
  }

  @Test
  void plain_http_on_all_addresses_refuses_to_start() {
    assertThatThrownBy(() -> deploy("0.0.0.0", ServerTls.PLAIN))
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .rootCause()
        .hasMessageContaining("plain HTTP is only allowed on a loopback address")
        .hasMessageContaining("DID_RESOLVER_TLS_CERT");
  }

  @Test
  void https_on_all_addresses_starts() throws Exception {
    int port = deploy("0.0.0.0", new ServerTls(serverCrt, serverKey, null, null));
    assertThat(get(serverCa.trustingContext(), port).statusCode()).isEqualTo(200);
  }

  @Test
  void plain_http_is_allowed_on_loopback_only() {
    for (String host : List.of("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2")) {
      ServerTls.PLAIN.checkBind(host, "H", "P");
    }
    for (String host : List.of("0.0.0.0", "::", "192.0.2.1", "no-such-host.invalid")) {
      assertThatThrownBy(() -> ServerTls.PLAIN.checkBind(host, "H", "P"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void the_main_class_exits_with_a_clear_message_for_plain_http_on_all_addresses()
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "kr.consentledger.resolver.boot.DidResolverMain"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("FABRIC_") || k.startsWith("DID_RESOLVER_"));
    pb.environment().putAll(Map.of("DID_RESOLVER_HOST", "0.0.0.0", "DID_RESOLVER_PORT", "0"));
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).contains("plain HTTP is only allowed on a loopback address");
  }

  @Test
  void the_environment_names_what_is_wrong() {
    assertThat(ServerTls.fromEnvironment("P", Map.of())).isEqualTo(ServerTls.PLAIN);
    assertThatThrownBy(
            () -> ServerTls.fromEnvironment("P", Map.of("P_TLS_CERT", serverCrt.toString())))
        .hasMessageContaining("P_TLS_KEY");
    assertThatThrownBy(
            () -> ServerTls.fromEnvironment("P", Map.of("P_TLS_CERT", "/nonexistent.pem")))
        .hasMessageContaining("P_TLS_CERT");
    assertThatThrownBy(
            () ->
                ServerTls.fromEnvironment(
                    "P",
                    Map.of(
                        "P_TLS_CERT",
                        serverCrt.toString(),
                        "P_TLS_KEY",
                        serverKey.toString(),
                        "P_TLS_CLIENT_AUTH",
                        "maybe")))
        .hasMessageContaining("P_TLS_CLIENT_AUTH");
    ServerTls mtls =
        ServerTls.fromEnvironment(
            "P",
            Map.of(
                "P_TLS_CERT",
                serverCrt.toString(),
                "P_TLS_KEY",
                serverKey.toString(),
                "P_TLS_CLIENT_CA",
                serverCrt.toString()));
    assertThat(mtls.clientAuth()).isEqualTo(ClientAuth.REQUIRED);
  }
}
