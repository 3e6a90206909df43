package kr.consentledger.resolver;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import kr.consentledger.http.HttpEdge;
import kr.consentledger.resolver.edge.EdgeLimits;
import kr.consentledger.resolver.http.ResolverHttpApi;

/**
 * One event loop's share of the resolver's HTTP serving: its own router and server on the shared
 * port (Vert.x hands each new connection to the servers of the port in turn, so N instances serve
 * on N event loops). Everything else is the process's and shared by every instance: the resolver
 * (with its caches, gateway connection and worker pool), the {@link HttpEdge} (the connection cap)
 * and the {@link EdgeLimits} (rate tables, in-flight cap). Only the event-loop delay check is per
 * instance, on its own loop.
 */
public final class ResolverHttpVerticle extends VerticleBase {
  /**
   * What every instance shares.
   *
   * @param resolver the resolver behind {@code /1.0/identifiers}
   * @param edge the HTTP edge, whose connection cap counts the connections of every instance
   * @param limits the rate tables and in-flight cap
   * @param options the server options (TLS, compression); each instance copies them
   * @param host the address to listen on
   */
  public record Shared(DidResolver resolver, HttpEdge edge, EdgeLimits limits, HttpServerOptions options, String host) {
    /** Checks that every part is present. */
    public Shared {
      Objects.requireNonNull(resolver, "resolver");
      Objects.requireNonNull(edge, "edge");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(host, "host");
    }
  }

  private final Shared shared;
  private final int port;
  private HttpServer server;

  /**
   * @param shared what the instances share
   * @param port the port to listen on
   */
  public ResolverHttpVerticle(Shared shared, int port) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return ResolverHttpApi.createRouter(vertx, shared.resolver(), shared.limits())
        .compose(
            router ->
                shared.edge().createServer(new HttpServerOptions(shared.options()), router).listen(port, shared.host()))
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * Deploys {@code instances} instances in one deployment, all on one port. Port 0 is passed to
   * Vert.x as -1, its spelling of "one random port shared by every server that asks for it" (port
   * 0 would give each instance a port of its own). Deployed from a verticle, they are its children
   * and are undeployed with it.
   *
   * @param vertx the Vert.x instance (its event-loop pool should have at least {@code instances}
   *     threads, or loops are shared)
   * @param shared what the instances share
   * @param port the port, 0 for a free one
   * @param instances how many, at least 1
   * @return the port every instance listens on
   */
  public static Future<Integer> deploy(Vertx vertx, Shared shared, int port, int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1");
    }
    int listenPort = port == 0 ? -1 : port;
    List<ResolverHttpVerticle> deployed = new CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () -> {
              ResolverHttpVerticle verticle = new ResolverHttpVerticle(shared, listenPort);
              deployed.add(verticle);
              return verticle;
            },
            new DeploymentOptions().setInstances(instances))
        .map(id -> deployed.get(0).server.actualPort());
  }
}
