/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * A Fabric Gateway connection over TLS: one gRPC channel per peer of the endpoint and the {@link
 * Gateway} on them. With fail-over peers ({@link GatewayEndpoint#failover()}), every new call goes
 * to a peer that is connected: a peer that is down is skipped when the connection opens and
 * whenever the current one fails, for evaluates, submits, commit statuses and event streams alike
 * (a call already running on a peer that fails, fails; its caller retries). Closing the connection
 * closes the gateway and every channel. Thread-safe, like the Gateway it holds.
 */
public final class GatewayConnection implements AutoCloseable {
  private final List<ManagedChannel> channels;
  private final Gateway gateway;

  private GatewayConnection(List<ManagedChannel> channels, Gateway gateway) {
    this.channels = channels;
    this.gateway = gateway;
  }

  /**
   * Connects to the peers of {@code endpoint} as its client identity, with the given timeouts. With
   * several peers it waits until one is connected, at most the evaluate timeout, and starts with
   * the first connected one in the endpoint's order.
   *
   * @throws IOException when a certificate or key cannot be read or parsed
   */
  public static GatewayConnection open(GatewayEndpoint endpoint, GatewayTimeouts timeouts)
      throws IOException {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(timeouts, "timeouts");
    X509Certificate certificate;
    PrivateKey key;
    try (Reader certReader = Files.newBufferedReader(endpoint.certificate());
        Reader keyReader = Files.newBufferedReader(privateKeyFile(endpoint.privateKey()))) {
      certificate = Identities.readX509Certificate(certReader);
      key = Identities.readPrivateKey(keyReader);
    } catch (CertificateException | InvalidKeyException e) {
      throw new IOException("cannot read the client identity of " + endpoint.mspId(), e);
    }
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      for (GatewayPeer peer : endpoint.peers()) {
        channels.add(channel(peer));
      }
      Channel connection;
      if (channels.size() == 1) {
        connection = channels.get(0);
      } else {
        FailoverChannel failover =
            new FailoverChannel(
                channels, endpoint.peers().stream().map(GatewayPeer::address).toList());
        try {
          failover.awaitConnected(timeouts.evaluate());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while connecting", e);
        }
        connection = failover;
      }
      Gateway gateway =
          Gateway.newInstance()
              .identity(new X509Identity(endpoint.mspId(), certificate))
              .signer(Signers.newPrivateKeySigner(key))
              .hash(Hash.SHA256)
              .connection(connection)
              .evaluateOptions(
                  o -> o.withDeadlineAfter(timeouts.evaluate().toMillis(), TimeUnit.MILLISECONDS))
              .endorseOptions(
                  o -> o.withDeadlineAfter(timeouts.endorse().toMillis(), TimeUnit.MILLISECONDS))
              .submitOptions(
                  o -> o.withDeadlineAfter(timeouts.submit().toMillis(), TimeUnit.MILLISECONDS))
              .commitStatusOptions(
                  o ->
                      o.withDeadlineAfter(
                          timeouts.commitStatus().toMillis(), TimeUnit.MILLISECONDS))
              .connect();
      return new GatewayConnection(List.copyOf(channels), gateway);
    } catch (IOException | RuntimeException e) {
      channels.forEach(ManagedChannel::shutdownNow);
      throw e;
    }
  }

  private static ManagedChannel channel(GatewayPeer peer) throws IOException {
    ManagedChannelBuilder<?> builder =
        Grpc.newChannelBuilder(
            peer.address(),
            TlsChannelCredentials.newBuilder()
                .trustManager(peer.tlsCaCertificate().toFile())
                .build());
    if (peer.tlsHostOverride() != null) {
      builder.overrideAuthority(peer.tlsHostOverride());
    }
    return builder.build();
  }

  /** The gateway; owned by this connection, so do not close it yourself. */
  public Gateway gateway() {
    return gateway;
  }

  /**
   * Whether a gRPC channel to one of the peers is connected (state {@code READY}), the one calls go
   * to with fail-over; asks each channel that is idle to connect. Never blocks.
   *
   * @return true while some peer's channel is ready
   */
  public boolean connected() {
    boolean ready = false;
    for (ManagedChannel c : channels) {
      ready |= c.getState(true) == ConnectivityState.READY;
    }
    return ready;
  }

  /** The named channel, through this connection's gateway. */
  public Network network(String channelName) {
    return gateway.getNetwork(channelName);
  }

  /** Closes the gateway, then the gRPC channels, waiting up to five seconds for calls to end. */
  @Override
  public void close() {
    gateway.close();
    channels.forEach(ManagedChannel::shutdownNow);
    try {
      for (ManagedChannel channel : channels) {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path privateKeyFile(Path keyOrFolder) throws IOException {
    if (!Files.isDirectory(keyOrFolder)) {
      return keyOrFolder;
    }
    try (Stream<Path> files = Files.list(keyOrFolder)) {
      List<Path> keys = files.filter(Files::isRegularFile).toList();
      if (keys.size() != 1) {
        throw new IOException(
            "expected one private key in " + keyOrFolder + ", found " + keys.size());
      }
      return keys.get(0);
    }
  }
}
