package kr.consentledger.network.gateway;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and as whom a client connects to a Fabric Gateway peer.
 *
 * @param address host:port of the peer
 * @param tlsCaCertificate the PEM CA certificate that signed the peer's TLS certificate
 * @param tlsHostOverride the host name to check the peer's TLS certificate against; null to use
 *     the host of {@code address}
 * @param mspId the MSP id of the client identity
 * @param certificate the PEM X.509 certificate of the client identity
 * @param privateKey the PEM private key of the client identity, or a folder holding exactly one
 */
public record GatewayEndpoint(
    String address,
    Path tlsCaCertificate,
    String tlsHostOverride,
    String mspId,
    Path certificate,
    Path privateKey) {

  /** Checks that every component but {@code tlsHostOverride} is present. */
  public GatewayEndpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(tlsCaCertificate, "tlsCaCertificate");
    Objects.requireNonNull(mspId, "mspId");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }
}
