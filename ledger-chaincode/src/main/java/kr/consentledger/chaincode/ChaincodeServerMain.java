/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Starts the chaincode as a service (the peers dial it) like the shim's own {@code
 * ContractRouter.main}, with one addition: when TLS is on, the server requires and verifies the
 * peers' client certificates against the CA certificates in the PEM file named by {@value
 * #CLIENT_CA_VARIABLE} (the shim 2.5 reads no variable for that, although its server supports it).
 * TLS without that variable is refused at start-up, so the server never accepts any TLS client.
 */
public final class ChaincodeServerMain {
  /** The PEM file of the CA certificates that issue the peers' TLS client certificates. */
  public static final String CLIENT_CA_VARIABLE = "CHAINCODE_TLS_CLIENT_CACERT";

  private ChaincodeServerMain() {}

  /**
   * Runs the server until the process ends. Reads the shim's variables ({@code
   * CHAINCODE_SERVER_ADDRESS}, {@code CORE_CHAINCODE_ID_NAME}, {@code CORE_PEER_TLS_ENABLED},
   * {@code CORE_TLS_CLIENT_KEY_FILE}, {@code CORE_TLS_CLIENT_CERT_FILE}) and {@value
   * #CLIENT_CA_VARIABLE}.
   *
   * @param args the shim's command-line options
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    ContractRouter router = new ContractRouter(args);
    ChaincodeServerProperties properties = router.getChaincodeServerConfig();
    properties.setTrustCertCollectionFile(
        clientCa(properties.isTlsEnabled(), System.getenv(CLIENT_CA_VARIABLE)));
    router.startRouterWithChaincodeServer(new NettyChaincodeServer(router, properties));
  }

  /**
   * The trust file for client certificates, or null without TLS.
   *
   * @throws IllegalStateException when TLS is on and the file is not named or not readable
   */
  static String clientCa(boolean tls, String file) {
    if (!tls) {
      return null;
    }
    if (file == null || file.isBlank()) {
      throw new IllegalStateException(
          CLIENT_CA_VARIABLE
              + " must name the PEM file of the peers' TLS CA certificates: the chaincode server"
              + " requires client certificates whenever TLS is on");
    }
    if (!Files.isReadable(Path.of(file))) {
      throw new IllegalStateException(
          CLIENT_CA_VARIABLE + " names " + file + ", which cannot be read");
    }
    return file;
  }
}
