/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom a client connects to a Fabric Gateway peer.
 *
 * @param address host:port of the peer
 * @param tlsCaCertificate the PEM CA certificate that signed the peer's TLS certificate
 * @param tlsHostOverride the host name to check the peer's TLS certificate against; null to use the
 *     host of {@code address}
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

  /**
   * The endpoint that environment variables name, as every service of ours reads it: {@code
   * FABRIC_PEER_ENDPOINT} (host:port), {@code FABRIC_TLS_CA_CERT}, optional {@code
   * FABRIC_TLS_HOST_OVERRIDE}, {@code FABRIC_MSP_ID}, {@code FABRIC_CERT} and {@code FABRIC_KEY} (a
   * key file, or a folder holding one).
   *
   * @return empty when {@code FABRIC_PEER_ENDPOINT} is unset or blank
   * @throws IllegalArgumentException naming a variable that is required and missing
   */
  public static Optional<GatewayEndpoint> fromEnvironment(Map<String, String> env) {
    String peer = text(env, "FABRIC_PEER_ENDPOINT");
    if (peer == null) {
      return Optional.empty();
    }
    return Optional.of(
        new GatewayEndpoint(
            peer,
            Path.of(required(env, "FABRIC_TLS_CA_CERT")),
            text(env, "FABRIC_TLS_HOST_OVERRIDE"),
            required(env, "FABRIC_MSP_ID"),
            Path.of(required(env, "FABRIC_CERT")),
            Path.of(required(env, "FABRIC_KEY"))));
  }

  private static String required(Map<String, String> env, String name) {
    String value = text(env, name);
    if (value == null) {
      throw new IllegalArgumentException(name + " must be set when FABRIC_PEER_ENDPOINT is");
    }
    return value;
  }

  private static String text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
