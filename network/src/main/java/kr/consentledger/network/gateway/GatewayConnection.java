/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

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
 * A Fabric Gateway connection over TLS: one gRPC channel and the {@link Gateway} on it. Closing it
 * closes both. Thread-safe, like the Gateway it holds.
 */
public final class GatewayConnection implements AutoCloseable {
  private final ManagedChannel channel;
  private final Gateway gateway;

  private GatewayConnection(ManagedChannel channel, Gateway gateway) {
    this.channel = channel;
    this.gateway = gateway;
  }

  /**
   * Connects to the peer of {@code endpoint} as its client identity, with the given timeouts.
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
    ManagedChannelBuilder<?> builder =
        Grpc.newChannelBuilder(
            endpoint.address(),
            TlsChannelCredentials.newBuilder()
                .trustManager(endpoint.tlsCaCertificate().toFile())
                .build());
    if (endpoint.tlsHostOverride() != null) {
      builder.overrideAuthority(endpoint.tlsHostOverride());
    }
    ManagedChannel channel = builder.build();
    try {
      Gateway gateway =
          Gateway.newInstance()
              .identity(new X509Identity(endpoint.mspId(), certificate))
              .signer(Signers.newPrivateKeySigner(key))
              .hash(Hash.SHA256)
              .connection(channel)
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
      return new GatewayConnection(channel, gateway);
    } catch (RuntimeException e) {
      channel.shutdownNow();
      throw e;
    }
  }

  /** The gateway; owned by this connection, so do not close it yourself. */
  public Gateway gateway() {
    return gateway;
  }

  /**
   * Whether the gRPC channel to the peer is connected (state {@code READY}); asks it to connect
   * when it is idle. Never blocks, so a readiness check may call it on an event loop.
   *
   * @return true while the channel is ready
   */
  public boolean connected() {
    return channel.getState(true) == ConnectivityState.READY;
  }

  /** The named channel, through this connection's gateway. */
  public Network network(String channelName) {
    return gateway.getNetwork(channelName);
  }

  /** Closes the gateway, then the gRPC channel, waiting up to five seconds for calls to end. */
  @Override
  public void close() {
    gateway.close();
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
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
