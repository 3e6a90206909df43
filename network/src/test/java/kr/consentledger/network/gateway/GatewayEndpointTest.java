/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayEndpointTest {
  private static Map<String, String> env(String peers, String cas, String hosts) {
    Map<String, String> env = new HashMap<>();
    env.put("FABRIC_PEER_ENDPOINT", peers);
    env.put("FABRIC_TLS_CA_CERT", cas);
    if (hosts != null) {
      env.put("FABRIC_TLS_HOST_OVERRIDE", hosts);
    }
    env.put("FABRIC_MSP_ID", "Org1MSP");
    env.put("FABRIC_CERT", "/c.pem");
    env.put("FABRIC_KEY", "/k");
    return env;
  }

  @Test
  void one_peer_gives_an_endpoint_without_failover() {
    GatewayEndpoint e = GatewayEndpoint.fromEnvironment(env("p1:7", "/ca1", null)).orElseThrow();

    assertThat(e.address()).isEqualTo("p1:7");
    assertThat(e.failover()).isEmpty();
    assertThat(e.peers()).containsExactly(new GatewayPeer("p1:7", Path.of("/ca1"), null));
  }

  @Test
  void a_list_of_peers_gives_the_first_as_endpoint_and_the_others_as_failover_in_order() {
    GatewayEndpoint e =
        GatewayEndpoint.fromEnvironment(env("p1:7, p2:8", "/ca1,/ca2", "h1,h2")).orElseThrow();

    assertThat(e.peers())
        .containsExactly(
            new GatewayPeer("p1:7", Path.of("/ca1"), "h1"),
            new GatewayPeer("p2:8", Path.of("/ca2"), "h2"));
    assertThat(e.mspId()).isEqualTo("Org1MSP");
  }

  @Test
  void one_ca_and_one_host_override_apply_to_every_peer() {
    GatewayEndpoint e =
        GatewayEndpoint.fromEnvironment(env("p1:7,p2:8,p3:9", "/ca", "h")).orElseThrow();

    assertThat(e.peers())
        .extracting(GatewayPeer::tlsCaCertificate, GatewayPeer::tlsHostOverride)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(Path.of("/ca"), "h"));
    assertThat(e.failover()).hasSize(2);
  }

  @Test
  void a_list_of_cas_that_does_not_match_the_peers_or_an_empty_item_is_refused() {
    assertThatThrownBy(() -> GatewayEndpoint.fromEnvironment(env("p1:7,p2:8,p3:9", "/a,/b", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FABRIC_TLS_CA_CERT");
    assertThatThrownBy(() -> GatewayEndpoint.fromEnvironment(env("p1:7,,p3:9", "/a", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void with_failover_keeps_the_identity_and_lists_the_peers_after_the_first() {
    GatewayEndpoint one =
        new GatewayEndpoint("p1:7", Path.of("/ca1"), null, "M", Path.of("/c"), Path.of("/k"));
    GatewayEndpoint both =
        one.withFailover(List.of(new GatewayPeer("p2:8", Path.of("/ca2"), "peer0.org2")));

    assertThat(both.peers()).extracting(GatewayPeer::address).containsExactly("p1:7", "p2:8");
    assertThat(both.certificate()).isEqualTo(one.certificate());
  }
}
