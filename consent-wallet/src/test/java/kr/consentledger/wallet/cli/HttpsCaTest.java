/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS as ./dev up serves it: a certificate of a local CA, trusted through --ca only. */
class HttpsCaTest {
  static final String ID = "urn:uuid:00000000-0000-4000-8000-000000000001";

  @TempDir Path dir;
  HttpsServer server;
  Path caPem;

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair keys = g.generateKeyPair();
    X500Name name = new X500Name("CN=127.0.0.1");
    Instant now = Instant.now();
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        Date.from(now.minus(1, ChronoUnit.HOURS)),
                        Date.from(now.plus(1, ChronoUnit.DAYS)),
                        name,
                        keys.getPublic())
                    .addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                    .build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(cert);
    }
    caPem = dir.resolve("ca.crt");
    Files.writeString(caPem, pem.toString(), StandardCharsets.US_ASCII);

    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.createContext(
        "/",
        ex -> {
          byte[] body =
              ("{\"consentId\":\"" + ID + "\",\"status\":\"ConsentGiven\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void theServicesCaGivenWithCaIsTrusted() {
    WalletRun w = new WalletRun(dir);

    w.run("consent", "status", ID, "--service", url(), "--ca", caPem.toString());

    assertThat(w.code).isZero();
    assertThat(w.out).startsWith(ID + ": ConsentGiven");
  }

  @Test
  void theCaComesFromTheEnvironmentToo() {
    WalletRun w = new WalletRun(dir);
    w.env.put("CONSENT_WALLET_CA", caPem.toString());
    w.env.put("CONSENT_WALLET_SERVICE", url());

    w.run("consent", "status", ID);

    assertThat(w.code).isZero();
  }

  @Test
  void withoutTheCaTheConnectionIsRefusedAndTheMessageSaysToGiveIt() {
    WalletRun w = new WalletRun(dir);

    w.run("consent", "status", ID, "--service", url());

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: TLS_FAILED:").contains("--ca");
  }
}
