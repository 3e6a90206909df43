/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.junit.FabricNetworkExtension;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chaincode server requires the peers' TLS client certificates: a TLS client without one, or
 * with one from a CA that is not a peer organisation's TLS CA, is refused in the handshake; a
 * peer's own TLS certificate is accepted (and the network answers end to end, which the other ITs
 * show). TLS 1.2 is used so that the server's verdict on the client certificate comes in the
 * handshake.
 */
@ExtendWith(FabricNetworkExtension.class)
class ChaincodeServerClientAuthIT {
  private static final String DOMAIN = "consentledger.local";

  private final FabricNetwork network = FabricNetwork.forTests();
  private final Path crypto = network.runDir().resolve("crypto");

  private Path chaincodeTls() {
    return crypto.resolve(
        "peerOrganizations/org1." + DOMAIN + "/peers/chaincode.org1." + DOMAIN + "/tls");
  }

  @Test
  void a_tls_client_without_a_client_certificate_is_refused(NetworkInfo info) throws Exception {
    // The server's alert arrives as an SSLException, or it resets the connection mid-handshake.
    assertThatThrownBy(() -> handshake(null))
        .isInstanceOfAny(SSLException.class, SocketException.class);
  }

  @Test
  void a_client_certificate_from_a_ca_the_server_does_not_trust_is_refused(NetworkInfo info)
      throws Exception {
    // The orderer's TLS certificate is genuine, but issued by the orderer organisation's TLS CA.
    Path orderer =
        crypto.resolve(
            "ordererOrganizations/orderer."
                + DOMAIN
                + "/orderers/orderer1.orderer."
                + DOMAIN
                + "/tls");

    assertThatThrownBy(() -> handshake(orderer))
        .isInstanceOfAny(SSLException.class, SocketException.class);
  }

  @Test
  void each_peer_s_own_tls_certificate_is_accepted(NetworkInfo info) throws Exception {
    for (String org : new String[] {"org1", "org2"}) {
      Path peer =
          crypto.resolve(
              "peerOrganizations/"
                  + org
                  + "."
                  + DOMAIN
                  + "/peers/peer0."
                  + org
                  + "."
                  + DOMAIN
                  + "/tls");

      assertThat(handshake(peer)).as(org).isEqualTo("TLSv1.2");
    }
  }

  /**
   * Completes a TLS 1.2 handshake with the chaincode server, presenting the key pair in {@code tls}
   * if not null.
   */
  private String handshake(Path tls) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (Reader r = Files.newBufferedReader(chaincodeTls().resolve("ca.crt"))) {
      trust.setCertificateEntry("ca", Identities.readX509Certificate(r));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (tls != null) {
      X509Certificate cert;
      PrivateKey key;
      try (Reader c = Files.newBufferedReader(tls.resolve("server.crt"));
          Reader k = Files.newBufferedReader(tls.resolve("server.key"))) {
        cert = Identities.readX509Certificate(c);
        key = Identities.readPrivateKey(k);
      }
      keys.setKeyEntry("client", key, new char[0], new Certificate[] {cert});
    }
    kmf.init(keys, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLSv1.2");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    try (SSLSocket socket =
        (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", network.portBase() + 120)) {
      socket.setSoTimeout(10_000);
      SSLParameters params = socket.getSSLParameters();
      params.setProtocols(new String[] {"TLSv1.2"});
      params.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(params);
      socket.startHandshake();
      return socket.getSession().getProtocol();
    }
  }
}
