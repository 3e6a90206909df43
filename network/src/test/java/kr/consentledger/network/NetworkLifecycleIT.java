/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network's own lifecycle, on a second network with the 3-orderer Raft profile in a run folder
 * and ports of its own, so that it never disturbs the shared test network.
 */
class NetworkLifecycleIT {
  @TempDir Path runDir;
  private FabricNetwork network;

  @AfterEach
  void tearDown() {
    if (network != null) {
      network.down();
    }
  }

  @Test
  void up_twice_then_down_leaves_no_process_behind_and_a_second_up_keeps_the_ledger()
      throws Exception {
    // Below Linux's ephemeral range (32768-60999), so that no outgoing connection holds one of its
    // ports.
    network = FabricNetwork.of(ProjectRoot.find(), runDir.resolve("run"), 24050, 3);

    NetworkInfo first = network.up();
    List<Long> pids = pids();
    NetworkInfo second = network.up();

    assertThat(second).isEqualTo(first);
    assertThat(pids()).isEqualTo(pids); // the second up started nothing new
    // chaincode, 2 peers, 3 orderers, PostgreSQL
    assertThat(pids).hasSize(7);
    assertThat(ProcessHandle.of(postmasterPid())).isPresent();
    assertThat(network.isUp()).isTrue();
    try (GatewayConnection c =
        GatewayConnection.open(
            first.organization("org2").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract records = c.network(first.channel()).getContract(first.chaincode(), "records");
      records.submitTransaction("Put", "lifecycle", "before-restart");
    }

    network.down();

    assertThat(network.isUp()).isFalse();
    assertThat(pids)
        .allSatisfy(
            pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());

    NetworkInfo again = network.up();
    try (GatewayConnection c =
        GatewayConnection.open(
            again.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT)) {
      Contract records = c.network(again.channel()).getContract(again.chaincode(), "records");
      assertThat(
              new String(records.evaluateTransaction("Get", "lifecycle"), StandardCharsets.UTF_8))
          .contains("before-restart");
    }
  }

  private long postmasterPid() throws IOException {
    Path postmaster = runDir.resolve("run/data/postgres/postmaster.pid");
    return Long.parseLong(Files.readAllLines(postmaster).get(0).trim());
  }

  private List<Long> pids() throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(runDir.resolve("run/pids"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".pid")).sorted().toList()) {
        pids.add(Long.parseLong(Files.readString(f).trim()));
      }
    }
    return pids;
  }
}
