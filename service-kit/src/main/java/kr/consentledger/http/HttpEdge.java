/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request passes before it reaches a service's router, and what guards the connections
 * under it:
 *
 * <ul>
 *   <li>exactly one valid {@code Host} header (HTTP/1.x), else 400 {@link EdgeError#INVALID_HOST};
 *   <li>well-formed percent-escapes in the request target, else 400 {@link EdgeError#INVALID_URI};
 *   <li>requests the HTTP decoder refused (bad Content-Length, request line or header too long) as
 *       problem+json: 400, 414 or 431;
 *   <li>deadlines per connection, checked by a timer rather than by read inactivity, so a client
 *       sending one byte a second is cut off too: the request head must be complete within the
 *       header timeout (from the connection's start, or from the previous response), the body
 *       within the body timeout (else 408 and the connection is closed);
 *   <li>a cap on open connections (more are closed at once);
 *   <li>client faults (closed or reset connections, undecodable bytes) logged at DEBUG, never at
 *       ERROR.
 * </ul>
 *
 * <p>Deadlines are checked on each connection's event loop every tenth of the shorter timeout (at
 * least every 50 ms, at most every second), so a slow client is cut off at most that much after its
 * deadline.
 */
public final class HttpEdge {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);
  private static final Pattern HOST =
      Pattern.compile("(\\[[0-9A-Fa-f:.]{2,63}\\]|[A-Za-z0-9._~-]{1,253})(:[0-9]{1,5})?");

  private final Vertx vertx;
  private final HttpEdgeConfig config;
  private final EdgeProblems problems;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, Tracker> trackers = new ConcurrentHashMap<>();
  private final long tickMillis;

  /**
   * @param vertx the Vert.x instance (for the deadline timers)
   * @param config the limits
   * @param problems how the service writes an edge error
   */
  public HttpEdge(Vertx vertx, HttpEdgeConfig config, EdgeProblems problems) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.problems = Objects.requireNonNull(problems, "problems");
    long shorter = Math.min(config.headerTimeout().toMillis(), config.bodyTimeout().toMillis());
    this.tickMillis = Math.max(50, Math.min(1000, shorter / 10));
  }

  /**
   * Creates a server with the edge's options and handlers in front of {@code next}.
   *
   * @param options the service's own options (TLS, compression...); the edge sets its limits on
   *     them
   * @param next the service's request handler, usually its router
   * @return the server, not yet listening
   */
  public HttpServer createServer(HttpServerOptions options, Handler<HttpServerRequest> next) {
    return install(vertx.createHttpServer(config.applyTo(options)), next);
  }

  /**
   * Puts the edge's handlers on a server created with options from {@link HttpEdgeConfig#applyTo}.
   *
   * @param server the server
   * @param next the service's request handler, usually its router
   * @return the same server
   */
  public HttpServer install(HttpServer server, Handler<HttpServerRequest> next) {
    Objects.requireNonNull(next, "next");
    return server
        .connectionHandler(this::connected)
        .invalidRequestHandler(this::invalid)
        .exceptionHandler(HttpEdge::logFault)
        .requestHandler(request -> handle(request, next));
  }

  /**
   * The connections open now.
   *
   * @return the count
   */
  public int openConnections() {
    return open.get();
  }

  private void connected(HttpConnection connection) {
    int count = open.incrementAndGet();
    connection.exceptionHandler(
        t -> {
          ClientFaults.raisedOnClientConnection(t);
          logFault(t);
        });
    if (count > config.maxConnections()) {
      connection.closeHandler(v -> open.decrementAndGet());
      LOG.debug(
          "connection from {} closed: {} connections open, at most {}",
          connection.remoteAddress(),
          count - 1,
          config.maxConnections());
      connection.close();
      return;
    }
    Tracker tracker = new Tracker(connection);
    trackers.put(connection, tracker);
    tracker.timer = vertx.setPeriodic(tickMillis, id -> tracker.tick());
    connection.closeHandler(
        v -> {
          open.decrementAndGet();
          vertx.cancelTimer(tracker.timer);
          trackers.remove(connection);
        });
  }

  private void handle(HttpServerRequest request, Handler<HttpServerRequest> next) {
    Tracker tracker = trackers.get(request.connection());
    if (tracker != null) {
      tracker.begin(request);
    }
    String hostProblem = hostProblem(request);
    if (hostProblem != null) {
      reject(request, EdgeError.INVALID_HOST, hostProblem);
      return;
    }
    String uriProblem = escapeProblem(request.uri());
    if (uriProblem != null) {
      reject(request, EdgeError.INVALID_URI, uriProblem);
      return;
    }
    next.handle(request);
  }

  private void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    EdgeError error;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      error = EdgeError.URI_TOO_LONG;
      detail = "the request line is longer than " + config.maxInitialLineLength() + " bytes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = EdgeError.HEADERS_TOO_LARGE;
      detail = "the request headers are larger than " + config.maxHeaderSize() + " bytes";
    } else {
      error = EdgeError.BAD_REQUEST;
      detail = "the request is not valid HTTP/1.1";
    }
    LOG.debug(
        "invalid request from {}: {}",
        request.remoteAddress(),
        cause == null ? null : cause.toString());
    reject(request, error, detail);
  }

  private void reject(HttpServerRequest request, EdgeError error, String detail) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    problems.send(response, error, detail).onComplete(v -> request.connection().close());
  }

  static String hostProblem(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return null; // :authority is the decoder's business
    }
    List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
    if (hosts.isEmpty()) {
      return "the request has no Host header";
    }
    if (hosts.size() > 1) {
      return "the request has " + hosts.size() + " Host headers; exactly one is allowed";
    }
    if (!validHost(hosts.get(0)) || request.authority() == null) {
      return "the Host header is not a valid host[:port]";
    }
    return null;
  }

  static boolean validHost(String host) {
    if (host == null || !HOST.matcher(host).matches()) {
      return false;
    }
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      return Integer.parseInt(host.substring(colon + 1)) <= 65535;
    }
    return true;
  }

  /** Why a request target's percent-escapes are malformed, or null when they are fine. */
  static String escapeProblem(String uri) {
    if (uri == null) {
      return "the request has no target";
    }
    for (int i = 0; i < uri.length(); i++) {
      if (uri.charAt(i) == '%'
          && (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2)))) {
        return "malformed percent-escape at position " + i + " of the request target";
      }
    }
    return null;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static void logFault(Throwable t) {
    if (ClientFaults.isClientFault(t, true)) {
      LOG.debug("client connection fault: {}", t.toString());
    } else {
      LOG.warn("connection failed", t);
    }
  }

  /** One connection's deadlines; only touched on its event loop. */
  private final class Tracker {
    private final HttpConnection connection;
    private final List<Active> active = new ArrayList<>(1);
    private long headerDeadline;
    private boolean waitingForHead = true;
    private long timer;

    Tracker(HttpConnection connection) {
      this.connection = connection;
      this.headerDeadline = System.nanoTime() + config.headerTimeout().toNanos();
    }

    void begin(HttpServerRequest request) {
      active.add(new Active(request, System.nanoTime() + config.bodyTimeout().toNanos()));
      waitingForHead = false;
    }

    void tick() {
      long now = System.nanoTime();
      active.removeIf(a -> a.request.response().ended() || a.request.response().closed());
      if (active.isEmpty()) {
        if (!waitingForHead) {
          waitingForHead = true;
          headerDeadline = now + config.headerTimeout().toNanos();
        } else if (now - headerDeadline >= 0) {
          LOG.debug(
              "connection from {} closed: no complete request head within {} ms",
              connection.remoteAddress(),
              config.headerTimeout().toMillis());
          connection.close();
        }
        return;
      }
      for (Active a : active) {
        if (!a.timedOut && !a.request.isEnded() && now - a.bodyDeadline >= 0) {
          a.timedOut = true;
          LOG.debug(
              "request {} {} from {}: no complete body within {} ms",
              a.request.method(),
              a.request.path(),
              connection.remoteAddress(),
              config.bodyTimeout().toMillis());
          reject(
              a.request,
              EdgeError.REQUEST_TIMEOUT,
              "the request body did not arrive within " + config.bodyTimeout().toMillis() + " ms");
        }
      }
    }
  }

  /** A request in progress on a connection. */
  private static final class Active {
    final HttpServerRequest request;
    final long bodyDeadline;
    boolean timedOut;

    Active(HttpServerRequest request, long bodyDeadline) {
      this.request = request;
      this.bodyDeadline = bodyDeadline;
    }
  }
}
