/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * consent-service as {@code ./dev up} runs it, over HTTPS: the PKI made by {@code
 * network/scripts/service-tls.sh}, listening on all addresses (allowed with HTTPS), mutual TLS
 * required.
 */
@ExtendWith({BlockedThreadWarnings.class, PostgresExtension.class})
class HttpsIT {
  @TempDir Path dir;

  @Test
  void serves_https_with_its_certificate_and_requires_a_provider_certificate_of_the_client_ca(
      TestDatabase db) throws Exception {
    Path script = root().resolve("network/scripts/service-tls.sh");
    Process p = new ProcessBuilder(script.toString(), dir.toString()).inheritIO().start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();

    X509Certificate ca = certificate(dir.resolve("ca.crt"));
    HttpClient provider =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(
                context(
                    ca,
                    certificate(dir.resolve("provider1.crt")),
                    key(dir.resolve("provider1.key"))))
            .build();
    HttpClient anonymous =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(context(ca, null, null))
            .build();

    String database = db.createDatabase("https");
    try (ServiceProcess service =
        ServiceProcess.consentService(
                db,
                database,
                Map.of(
                    "CONSENT_HOST",
                    "0.0.0.0",
                    "CONSENT_TLS_CERT",
                    dir.resolve("consent-service.crt").toString(),
                    "CONSENT_TLS_KEY",
                    dir.resolve("consent-service.key").toString(),
                    "CONSENT_TLS_CLIENT_CA",
                    dir.resolve("client-ca.crt").toString(),
                    "CONSENT_TLS_CLIENT_AUTH",
                    "required",
                    // Not a test of shedding: a busy machine's late event loop must not 503.
                    "CONSENT_MAX_EVENT_LOOP_DELAY_MS",
                    "0",
                    "CONSENT_MAX_IN_FLIGHT",
                    "0"))
            .start()) {
      URI uri = URI.create("https://127.0.0.1:" + service.port() + "/openapi.yaml");
      HttpResponse<String> served =
          provider.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.sslSession().orElseThrow().getPeerCertificates()[0])
          .isEqualTo(certificate(dir.resolve("consent-service.crt")));
      // The web page over HTTPS also tells browsers to stay on HTTPS.
      HttpResponse<String> page =
          provider.send(
              HttpRequest.newBuilder(uri.resolve("/app/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Strict-Transport-Security"))
          .hasValue("max-age=31536000");

      assertThatThrownBy(
              () ->
                  anonymous.send(
                      HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      // a certificate of the server CA is no provider certificate
      HttpClient wrongCa =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .sslContext(
                  context(
                      ca,
                      certificate(dir.resolve("did-resolver.crt")),
                      key(dir.resolve("did-resolver.key"))))
              .build();
      assertThatThrownBy(
              () ->
                  wrongCa.send(
                      HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("network/scripts/service-tls.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  static X509Certificate certificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static PrivateKey key(Path pem) throws Exception {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  static SSLContext context(X509Certificate ca, X509Certificate cert, PrivateKey key)
      throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (cert != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", key, new char[0], new X509Certificate[] {cert});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
