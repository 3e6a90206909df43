/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.load;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import kr.consentledger.consent.load.LoadGenerator.KindStats;
import kr.consentledger.consent.load.LoadGenerator.Mode;
import kr.consentledger.consent.load.LoadGenerator.Phase;
import kr.consentledger.consent.load.LoadGenerator.Request;
import kr.consentledger.consent.testing.ServiceProcess;
import kr.consentledger.network.junit.TestDatabase;

/**
 * The overload test behind {@code ./dev overload}: starts a service in a JVM of its own (as {@code
 * ./dev up} runs it: {@code -Xmx256m}, its default in-flight cap and event-loop delay; the
 * per-address rate limit off, since all load comes from one address), measures a route's capacity
 * with a closed loop, then offers twice that rate with an open loop and prints the offered rate,
 * the admitted and shed requests, the admitted requests' p50/p99 latency (from the time each
 * request was due), and the process's RSS and heap before and after.
 *
 * <p>Routes: did-resolver's did:key resolution, and consent-service's {@code POST
 * /credentials/verify} of the SDK's signed example credential (its database: {@code
 * CONSENT_LEDGER_PG_HOST}… or an embedded PostgreSQL). Usage: {@code Overload
 * [did-resolver|consent-service|all] [seconds per phase]}; the services' own variables ({@code
 * DID_RESOLVER_*}, {@code CONSENT_*}) in this process's environment are passed to them, for example
 * {@code DID_RESOLVER_MAX_EVENT_LOOP_DELAY_MS=20}.
 */
public final class Overload {
  static final String KEY_DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
  static final int CONNECTIONS = 4;

  /** One run's figures. */
  record Report(
      String route,
      Phase capacity,
      double offeredPerSecond,
      Phase overload,
      long rssBeforeKib,
      long rssAfterKib,
      long heapBeforeKib,
      long heapAfterKib) {
    void print(PrintStream out) {
      KindStats c = capacity.all;
      KindStats o = overload.all;
      out.printf(Locale.ROOT, "%s%n", route);
      out.printf(
          Locale.ROOT,
          "  capacity   closed loop, %d connections, %.0f s: %.0f req/s admitted; p50 %.2f ms, p99 %.2f ms (shed %d)%n",
          CONNECTIONS,
          capacity.seconds,
          capacity.okPerSecond(),
          c.latencyMillis(0.50),
          c.latencyMillis(0.99),
          c.shed);
      out.printf(
          Locale.ROOT,
          "  overload   open loop, %.0f s: offered %.0f req/s (%d sent); admitted %d (%.0f/s); shed %d (429: %d, 503: %d); other 5xx %d, other %d, errors %d%n",
          overload.seconds,
          offeredPerSecond,
          o.sent,
          o.ok,
          overload.okPerSecond(),
          o.shed,
          o.status(429),
          o.status(503),
          o.serverErrors,
          o.clientErrors,
          o.transportErrors);
      out.printf(
          Locale.ROOT,
          "  admitted   p50 %.2f ms, p99 %.2f ms (at capacity: p50 %.2f ms, p99 %.2f ms)%n",
          o.latencyMillis(0.50),
          o.latencyMillis(0.99),
          c.latencyMillis(0.50),
          c.latencyMillis(0.99));
      out.printf(
          Locale.ROOT,
          "  memory     RSS %d MiB -> %d MiB; heap used %d MiB -> %d MiB (-Xmx256m)%n",
          rssBeforeKib / 1024,
          rssAfterKib / 1024,
          heapBeforeKib / 1024,
          heapAfterKib / 1024);
    }
  }

  private Overload() {}

  /**
   * Runs the overload test.
   *
   * @param args which service ({@code did-resolver}, {@code consent-service} or {@code all}) and
   *     the seconds of each phase (default 10)
   * @throws Exception when a service does not start
   */
  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "all";
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    Map<String, String> settings = ServiceProcess.settingsFromEnvironment();
    if (which.equals("all") || which.equals("did-resolver")) {
      resolver(seconds, settings).print(System.out);
    }
    if (which.equals("all") || which.equals("consent-service")) {
      try (TestDatabase db = TestDatabase.start()) {
        consentService(db, seconds, settings).print(System.out);
      }
    }
    System.exit(0);
  }

  static Report resolver(double seconds, Map<String, String> extraEnv) throws Exception {
    return resolver(seconds, extraEnv, 2);
  }

  static Report resolver(double seconds, Map<String, String> extraEnv, double factor)
      throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("DID_RESOLVER_RATE_PER_SECOND", "0"));
    env.putAll(extraEnv);
    try (ServiceProcess service = ServiceProcess.didResolver(env).start()) {
      return run(
          "did-resolver GET /1.0/identifiers/<did:key>",
          service,
          Request.of("resolve", HttpMethod.GET, "/1.0/identifiers/" + KEY_DID, null),
          seconds,
          factor);
    }
  }

  static Report consentService(TestDatabase db, double seconds, Map<String, String> extraEnv)
      throws Exception {
    return consentService(db, seconds, extraEnv, 2);
  }

  static Report consentService(
      TestDatabase db, double seconds, Map<String, String> extraEnv, double factor)
      throws Exception {
    String database = db.createDatabase("overload");
    Map<String, String> env = new HashMap<>(Map.of("CONSENT_RATE_PER_SECOND", "0"));
    env.putAll(extraEnv);
    String body = new JsonObject().put("verifiableCredential", exampleCredential()).encode();
    try (ServiceProcess service = ServiceProcess.consentService(db, database, env).start()) {
      return run(
          "consent-service POST /credentials/verify",
          service,
          Request.of("verify", HttpMethod.POST, "/credentials/verify", body),
          seconds,
          factor);
    }
  }

  static Report run(
      String route, ServiceProcess service, Request request, double seconds, double factor)
      throws Exception {
    try (LoadGenerator load = new LoadGenerator(URI.create(service.base()), 512)) {
      load.run(() -> request, Mode.closed(CONNECTIONS), Math.max(2, seconds / 2));
      System.gc();
      long rssBefore = service.rssKib();
      long heapBefore = service.heapUsedKib();
      Phase capacity = load.run(() -> request, Mode.closed(CONNECTIONS), seconds);
      double offered = factor * capacity.okPerSecond();
      Phase overload = load.run(() -> request, Mode.open(offered), seconds);
      return new Report(
          route,
          capacity,
          offered,
          overload,
          rssBefore,
          service.rssKib(),
          heapBefore,
          service.heapUsedKib());
    }
  }

  static String exampleCredential() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path f = dir.resolve("wallet-sdk/src/test/resources/consent/credential-and-anchor.json");
      if (Files.isRegularFile(f)) {
        return new JsonObject(Files.readString(f)).getString("credential");
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "wallet-sdk/src/test/resources/consent/credential-and-anchor.json not found");
  }
}
