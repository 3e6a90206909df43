/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.junit;

import kr.consentledger.network.FabricNetwork;
import kr.consentledger.network.NetworkInfo;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Brings the shared test network up once per test JVM and injects {@link NetworkInfo} or {@link
 * FabricNetwork} parameters.
 *
 * <p>A network that is already up (for example one that {@code ./dev test} or an earlier module's
 * tests started) is reused, after {@code up} has restarted anything stopped or outdated. A network
 * this extension started is stopped when the JVM's tests end, unless {@code
 * CONSENT_LEDGER_KEEP_NETWORK=1}: the test command sets that so that the modules of one build share
 * one network, and stops it itself at the end.
 */
public final class FabricNetworkExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FabricNetworkExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    shared(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == NetworkInfo.class || type == FabricNetwork.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Shared shared = shared(context);
    return parameter.getParameter().getType() == NetworkInfo.class ? shared.info : shared.network;
  }

  private static Shared shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Shared.class, k -> Shared.start(), Shared.class);
  }

  /** The network of this JVM's tests; closed by JUnit when the root context closes. */
  static final class Shared implements AutoCloseable {
    final FabricNetwork network;
    final NetworkInfo info;
    private final boolean startedHere;

    private Shared(FabricNetwork network, NetworkInfo info, boolean startedHere) {
      this.network = network;
      this.info = info;
      this.startedHere = startedHere;
    }

    static Shared start() {
      FabricNetwork network = FabricNetwork.forTests();
      boolean wasUp = network.isUp();
      // Always run up: it is quick when all is running, and restarts a chaincode server whose jar
      // the build has just replaced.
      return new Shared(network, network.up(), !wasUp);
    }

    @Override
    public void close() {
      if (startedHere && !"1".equals(System.getenv("CONSENT_LEDGER_KEEP_NETWORK"))) {
        network.down();
      }
    }
  }
}
