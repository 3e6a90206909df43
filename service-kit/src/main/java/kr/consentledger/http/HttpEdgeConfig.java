/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import kr.consentledger.service.Env;

/**
 * The HTTP server's limits against slow and hostile clients, read from environment variables with a
 * service prefix (for example {@code CONSENT_HTTP_HEADER_TIMEOUT_MS}).
 *
 * @param headerTimeout how long a connection may take to deliver a complete request head: from the
 *     connection's start, and from the end of the previous response on a kept-alive connection. A
 *     client trickling its headers is cut off when it runs out.
 * @param bodyTimeout how long a request may take to deliver its body, from its complete head; a
 *     client that is late gets 408 and the connection is closed
 * @param idleTimeout how long a connection may stay without any read or write
 * @param maxConnections the most connections open at once; more are closed at once
 * @param maxInitialLineLength the longest request line (longer: 414)
 * @param maxHeaderSize the largest request head (larger: 431)
 * @param proxyProtocol whether every connection starts with a PROXY protocol header (v1 or v2, as
 *     HAProxy's {@code send-proxy-v2} writes it): the client address it carries is then the one the
 *     rate limits, the connection limits and the access log see. Only for a server that a proxy
 *     alone can reach: a client that reaches it directly could claim any address.
 */
public record HttpEdgeConfig(
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    int maxConnections,
    int maxInitialLineLength,
    int maxHeaderSize,
    boolean proxyProtocol) {

  /** The default head deadline. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  /** The default body deadline. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  /** The default idle timeout. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** The default connection cap. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  /** Checks ranges. */
  public HttpEdgeConfig {
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (headerTimeout.toMillis() < 1 || bodyTimeout.toMillis() < 1 || idleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("the HTTP timeouts must be at least 1 ms");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
    if (maxInitialLineLength < 256 || maxHeaderSize < 1024) {
      throw new IllegalArgumentException(
          "maxInitialLineLength must be at least 256 and maxHeaderSize 1024");
    }
  }

  /**
   * The defaults with the given request line and head sizes.
   *
   * @param maxInitialLineLength the longest request line
   * @param maxHeaderSize the largest request head
   * @return the configuration
   */
  public static HttpEdgeConfig defaults(int maxInitialLineLength, int maxHeaderSize) {
    return new HttpEdgeConfig(
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_BODY_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS,
        maxInitialLineLength,
        maxHeaderSize,
        false);
  }

  /**
   * Reads {@code <prefix>HEADER_TIMEOUT_MS}, {@code <prefix>BODY_TIMEOUT_MS}, {@code
   * <prefix>IDLE_TIMEOUT_MS}, {@code <prefix>MAX_CONNECTIONS} and {@code <prefix>PROXY_PROTOCOL}
   * ({@code true} or {@code false}); unset variables keep the defaults.
   *
   * @param env the environment
   * @param prefix for example {@code CONSENT_HTTP_}
   * @param defaults the values of unset variables
   * @return the configuration
   * @throws IllegalArgumentException naming a malformed variable
   */
  public static HttpEdgeConfig fromEnvironment(
      Map<String, String> env, String prefix, HttpEdgeConfig defaults) {
    return new HttpEdgeConfig(
        Duration.ofMillis(
            number(env, prefix + "HEADER_TIMEOUT_MS", defaults.headerTimeout.toMillis())),
        Duration.ofMillis(number(env, prefix + "BODY_TIMEOUT_MS", defaults.bodyTimeout.toMillis())),
        Duration.ofMillis(number(env, prefix + "IDLE_TIMEOUT_MS", defaults.idleTimeout.toMillis())),
        (int) number(env, prefix + "MAX_CONNECTIONS", defaults.maxConnections),
        defaults.maxInitialLineLength,
        defaults.maxHeaderSize,
        flag(env, prefix + "PROXY_PROTOCOL", defaults.proxyProtocol));
  }

  /**
   * Sets the limits that the server options carry (idle timeout, request line and head sizes) and
   * the PROXY protocol; the deadlines and the connection cap are {@link HttpEdge}'s.
   *
   * @param options the options to change
   * @return the same options
   */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    return options
        .setIdleTimeout((int) Math.max(1, idleTimeout.toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxInitialLineLength(maxInitialLineLength)
        .setMaxHeaderSize(maxHeaderSize)
        .setUseProxyProtocol(proxyProtocol)
        // Cleartext HTTP/2 is not offered: every deadline here is per HTTP/1.x connection.
        .setHttp2ClearTextEnabled(false);
  }

  private static boolean flag(Map<String, String> env, String name, boolean defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not " + value);
    };
  }

  private static long number(Map<String, String> env, String name, long defaultValue) {
    return Env.integer(env, name, defaultValue, 1, Integer.MAX_VALUE);
  }
}
