/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network;

import java.nio.file.Path;
import java.util.Objects;
import kr.consentledger.network.gateway.GatewayEndpoint;

/**
 * A peer organisation of the local network: its peer and the identities cryptogen made for it.
 *
 * @param name the short name, {@code org1} or {@code org2}
 * @param mspId the MSP id, for example {@code Org1MSP}
 * @param peerAddress host:port of the organisation's peer
 * @param peerHostOverride the TLS host name in the peer's certificate
 * @param peerTlsCa the CA certificate that signed the peer's TLS certificate
 * @param userCertificate the certificate of the organisation's client user {@code User1}
 * @param userKeyDirectory the folder holding that user's private key
 * @param adminCertificate the certificate of the organisation's {@code Admin}
 * @param adminKeyDirectory the folder holding the admin's private key
 */
public record Organization(
    String name,
    String mspId,
    String peerAddress,
    String peerHostOverride,
    Path peerTlsCa,
    Path userCertificate,
    Path userKeyDirectory,
    Path adminCertificate,
    Path adminKeyDirectory) {

  /** Checks that no component is null. */
  public Organization {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mspId, "mspId");
    Objects.requireNonNull(peerAddress, "peerAddress");
    Objects.requireNonNull(peerHostOverride, "peerHostOverride");
    Objects.requireNonNull(peerTlsCa, "peerTlsCa");
    Objects.requireNonNull(userCertificate, "userCertificate");
    Objects.requireNonNull(userKeyDirectory, "userKeyDirectory");
    Objects.requireNonNull(adminCertificate, "adminCertificate");
    Objects.requireNonNull(adminKeyDirectory, "adminKeyDirectory");
  }

  /** The gateway endpoint of this organisation's peer, acting as its client user. */
  public GatewayEndpoint userEndpoint() {
    return new GatewayEndpoint(
        peerAddress, peerTlsCa, peerHostOverride, mspId, userCertificate, userKeyDirectory);
  }

  /** The gateway endpoint of this organisation's peer, acting as its admin. */
  public GatewayEndpoint adminEndpoint() {
    return new GatewayEndpoint(
        peerAddress, peerTlsCa, peerHostOverride, mspId, adminCertificate, adminKeyDirectory);
  }
}
