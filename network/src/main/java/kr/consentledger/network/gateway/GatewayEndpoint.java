/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom a client connects to a Fabric Gateway peer, and the peers it may fail over to
 * (another organisation's peer too: the client identity is a member of the channel, so any of the
 * channel's peers serves its evaluates, submits and events).
 *
 * @param address host:port of the peer
 * @param tlsCaCertificate the PEM CA certificate that signed the peer's TLS certificate
 * @param tlsHostOverride the host name to check the peer's TLS certificate against; null to use the
 *     host of {@code address}
 * @param mspId the MSP id of the client identity
 * @param certificate the PEM X.509 certificate of the client identity
 * @param privateKey the PEM private key of the client identity, or a folder holding exactly one
 * @param failover the other peers, in order of preference, used while this one is down; may be
 *     empty
 */
public record GatewayEndpoint(
    String address,
    Path tlsCaCertificate,
    String tlsHostOverride,
    String mspId,
    Path certificate,
    Path privateKey,
    List<GatewayPeer> failover) {

  /** Checks that every component but {@code tlsHostOverride} is present. */
  public GatewayEndpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(tlsCaCertificate, "tlsCaCertificate");
    Objects.requireNonNull(mspId, "mspId");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    failover = List.copyOf(Objects.requireNonNull(failover, "failover"));
  }

  /**
   * An endpoint of one peer, without fail-over.
   *
   * @param address host:port of the peer
   * @param tlsCaCertificate the PEM CA certificate that signed the peer's TLS certificate
   * @param tlsHostOverride the TLS host name to check, or null
   * @param mspId the MSP id of the client identity
   * @param certificate the PEM X.509 certificate of the client identity
   * @param privateKey the PEM private key of the client identity, or a folder holding exactly one
   */
  public GatewayEndpoint(
      String address,
      Path tlsCaCertificate,
      String tlsHostOverride,
      String mspId,
      Path certificate,
      Path privateKey) {
    this(address, tlsCaCertificate, tlsHostOverride, mspId, certificate, privateKey, List.of());
  }

  /**
   * The same identity with these fail-over peers.
   *
   * @param peers the other peers, in order of preference
   * @return a new endpoint
   */
  public GatewayEndpoint withFailover(List<GatewayPeer> peers) {
    return new GatewayEndpoint(
        address, tlsCaCertificate, tlsHostOverride, mspId, certificate, privateKey, peers);
  }

  /**
   * Every peer, this endpoint's first, then the fail-over ones.
   *
   * @return at least one peer
   */
  public List<GatewayPeer> peers() {
    List<GatewayPeer> all = new ArrayList<>(1 + failover.size());
    all.add(new GatewayPeer(address, tlsCaCertificate, tlsHostOverride));
    all.addAll(failover);
    return List.copyOf(all);
  }

  /**
   * The endpoint that environment variables name, as every service of ours reads it: {@code
   * FABRIC_PEER_ENDPOINT} (host:port), {@code FABRIC_TLS_CA_CERT}, optional {@code
   * FABRIC_TLS_HOST_OVERRIDE}, {@code FABRIC_MSP_ID}, {@code FABRIC_CERT} and {@code FABRIC_KEY} (a
   * key file, or a folder holding one). {@code FABRIC_PEER_ENDPOINT} may list several peers,
   * separated by commas, in order of preference (the first is the endpoint, the others its
   * fail-over peers); {@code FABRIC_TLS_CA_CERT} and {@code FABRIC_TLS_HOST_OVERRIDE} then list one
   * value per peer in the same order, or one value for all of them.
   *
   * @return empty when {@code FABRIC_PEER_ENDPOINT} is unset or blank
   * @throws IllegalArgumentException naming a variable that is required and missing
   */
  public static Optional<GatewayEndpoint> fromEnvironment(Map<String, String> env) {
    String peer = text(env, "FABRIC_PEER_ENDPOINT");
    if (peer == null) {
      return Optional.empty();
    }
    List<String> addresses = list(peer);
    List<String> cas = list(required(env, "FABRIC_TLS_CA_CERT"));
    String overrides = text(env, "FABRIC_TLS_HOST_OVERRIDE");
    List<String> hosts = overrides == null ? List.of() : list(overrides);
    List<GatewayPeer> peers = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      peers.add(
          new GatewayPeer(
              addresses.get(i),
              Path.of(nth(cas, i, "FABRIC_TLS_CA_CERT", addresses.size())),
              hosts.isEmpty()
                  ? null
                  : nth(hosts, i, "FABRIC_TLS_HOST_OVERRIDE", addresses.size())));
    }
    GatewayPeer first = peers.get(0);
    return Optional.of(
        new GatewayEndpoint(
            first.address(),
            first.tlsCaCertificate(),
            first.tlsHostOverride(),
            required(env, "FABRIC_MSP_ID"),
            Path.of(required(env, "FABRIC_CERT")),
            Path.of(required(env, "FABRIC_KEY")),
            peers.subList(1, peers.size())));
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("an empty item in the list \"" + value + "\"");
      }
      out.add(part.trim());
    }
    return out;
  }

  private static String nth(List<String> values, int i, String name, int peers) {
    if (values.size() == 1) {
      return values.get(0);
    }
    if (values.size() != peers) {
      throw new IllegalArgumentException(
          name + " must list one value, or one per FABRIC_PEER_ENDPOINT peer (" + peers + ")");
    }
    return values.get(i);
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
