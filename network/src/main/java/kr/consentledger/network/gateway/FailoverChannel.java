/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.gateway;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC channel over several peers, one gRPC channel each, that sends every new call to a peer it
 * is connected to: the current one while it is connected, else the next connected one in the
 * configured order (and that one becomes current), else the first whose connection is not failing.
 * Every peer's channel is kept connecting in the background (gRPC's own reconnect back-off), so a
 * peer that comes back is used again as soon as the current one fails. A call already running on a
 * peer that goes down fails (the caller retries: a new call goes to a live peer).
 */
final class FailoverChannel extends Channel {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverChannel.class);

  private final List<ManagedChannel> channels;
  private final List<String> names;
  private final AtomicInteger current = new AtomicInteger();

  /**
   * @param channels one channel per peer, in order of preference; owned by the caller
   * @param names the peers' addresses, for the log
   */
  FailoverChannel(List<ManagedChannel> channels, List<String> names) {
    if (channels.isEmpty() || channels.size() != names.size()) {
      throw new IllegalArgumentException("one name per channel, at least one channel");
    }
    this.channels = List.copyOf(channels);
    this.names = List.copyOf(names);
    for (int i = 0; i < this.channels.size(); i++) {
      keepConnecting(i);
    }
  }

  private void keepConnecting(int i) {
    ManagedChannel c = channels.get(i);
    ConnectivityState state = c.getState(true);
    if (state != ConnectivityState.SHUTDOWN) {
      c.notifyWhenStateChanged(state, () -> keepConnecting(i));
    }
  }

  /**
   * Waits until some peer is connected, at most {@code timeout}, and makes the first connected one
   * in the configured order current.
   *
   * @return whether one is connected
   */
  boolean awaitConnected(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = 0; i < channels.size(); i++) {
        if (channels.get(i).getState(false) == ConnectivityState.READY) {
          current.set(i);
          return true;
        }
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /**
   * The peer new calls go to now.
   *
   * @return its index in the configured order
   */
  int pick() {
    int n = channels.size();
    int start = current.get();
    int chosen = -1;
    for (int k = 0; k < n && chosen < 0; k++) {
      int i = (start + k) % n;
      if (channels.get(i).getState(false) == ConnectivityState.READY) {
        chosen = i;
      }
    }
    for (int k = 0; k < n && chosen < 0; k++) {
      int i = (start + k) % n;
      ConnectivityState s = channels.get(i).getState(false);
      if (s != ConnectivityState.TRANSIENT_FAILURE && s != ConnectivityState.SHUTDOWN) {
        chosen = i;
      }
    }
    if (chosen < 0) {
      return start;
    }
    if (chosen != start && current.compareAndSet(start, chosen)) {
      LOG.warn(
          "gateway: peer {} is not connected, calls go to {} now",
          names.get(start),
          names.get(chosen));
    }
    return chosen;
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    return channels.get(pick()).newCall(method, options);
  }

  @Override
  public String authority() {
    return channels.get(current.get()).authority();
  }
}
