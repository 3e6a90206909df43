/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One Fabric Gateway peer a client may connect to: its address and how its TLS certificate is
 * checked.
 *
 * @param address host:port of the peer
 * @param tlsCaCertificate the PEM CA certificate that signed the peer's TLS certificate
 * @param tlsHostOverride the host name to check the peer's TLS certificate against; null to use the
 *     host of {@code address}
 */
public record GatewayPeer(String address, Path tlsCaCertificate, String tlsHostOverride) {

  /** Checks that the address and the CA are present. */
  public GatewayPeer {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(tlsCaCertificate, "tlsCaCertificate");
  }
}
