/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.Future;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * HTTPS for a service from PEM files, with optional mutual TLS: the server's certificate chain and
 * private key (PKCS#8, or PKCS#1 for RSA), and a CA whose certificates clients must (or may)
 * present. Without a certificate the service speaks plain HTTP, which {@link #checkBind} allows
 * only on a loopback address.
 *
 * <p>TLS runs on BoringSSL (netty-tcnative, a dependency of this module) when its native library
 * loads on the platform, else on the JDK's engine ({@link #engine()}): measured with {@code ./dev
 * bench}, the JDK's AES-GCM and handshakes took 8–20% of a service's CPU under load.
 *
 * @param certificate the server's certificate chain (PEM), or null for plain HTTP
 * @param key the server's private key (PEM), or null for plain HTTP
 * @param clientCa the CA (PEM) client certificates must chain to, or null for no client
 *     certificates
 * @param clientAuth whether a client certificate is {@code REQUIRED} or only {@code REQUEST}ed;
 *     {@code NONE} without a client CA
 */
public record ServerTls(Path certificate, Path key, Path clientCa, ClientAuth clientAuth) {
  /** Plain HTTP. */
  public static final ServerTls PLAIN = new ServerTls(null, null, null, ClientAuth.NONE);

  /** Checks that the parts fit together. */
  public ServerTls {
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException(
          "a TLS certificate needs its key and a key its certificate");
    }
    if (clientCa != null && certificate == null) {
      throw new IllegalArgumentException(
          "a client CA needs the server's own TLS certificate and key");
    }
    clientAuth =
        clientCa == null ? ClientAuth.NONE : clientAuth == null ? ClientAuth.REQUIRED : clientAuth;
    if (clientCa != null && clientAuth == ClientAuth.NONE) {
      throw new IllegalArgumentException(
          "with a client CA, client certificates are REQUIRED or REQUEST");
    }
  }

  /**
   * Reads {@code <prefix>_TLS_CERT}, {@code <prefix>_TLS_KEY}, {@code <prefix>_TLS_CLIENT_CA} and
   * {@code <prefix>_TLS_CLIENT_AUTH} ({@code required}, the default with a client CA, or {@code
   * request}). The files must exist.
   *
   * @param prefix for example {@code CONSENT}
   * @param env the environment
   * @return the settings; {@link #PLAIN} when no certificate is set
   * @throws IllegalArgumentException naming the variable that is wrong
   */
  public static ServerTls fromEnvironment(String prefix, Map<String, String> env) {
    Path cert = file(env, prefix + "_TLS_CERT");
    Path key = file(env, prefix + "_TLS_KEY");
    Path ca = file(env, prefix + "_TLS_CLIENT_CA");
    String auth = env.get(prefix + "_TLS_CLIENT_AUTH");
    ClientAuth clientAuth = null;
    if (auth != null && !auth.isBlank()) {
      clientAuth =
          switch (auth.trim().toLowerCase(Locale.ROOT)) {
            case "required" -> ClientAuth.REQUIRED;
            case "request" -> ClientAuth.REQUEST;
            default ->
                throw new IllegalArgumentException(
                    prefix + "_TLS_CLIENT_AUTH must be required or request, not \"" + auth + "\"");
          };
      if (ca == null) {
        throw new IllegalArgumentException(
            prefix + "_TLS_CLIENT_AUTH needs " + prefix + "_TLS_CLIENT_CA");
      }
    }
    try {
      return cert == null && key == null && ca == null
          ? PLAIN
          : new ServerTls(cert, key, ca, clientAuth);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          prefix
              + "_TLS_CERT, "
              + prefix
              + "_TLS_KEY, "
              + prefix
              + "_TLS_CLIENT_CA: "
              + e.getMessage());
    }
  }

  /**
   * Whether the service speaks HTTPS.
   *
   * @return false for plain HTTP
   */
  public boolean enabled() {
    return certificate != null;
  }

  /**
   * The URL scheme.
   *
   * @return {@code https} or {@code http}
   */
  public String scheme() {
    return enabled() ? "https" : "http";
  }

  /**
   * Refuses plain HTTP on an address other than loopback.
   *
   * @param host the address the service listens on
   * @param hostVariable the variable that sets it, for the message
   * @param prefix the TLS variables' prefix, for the message
   * @throws IllegalArgumentException when plain HTTP would be reachable from other hosts
   */
  public void checkBind(String host, String hostVariable, String prefix) {
    if (enabled() || isLoopback(host)) {
      return;
    }
    throw new IllegalArgumentException(
        "plain HTTP is only allowed on a loopback address, and "
            + hostVariable
            + " is \""
            + host
            + "\": set "
            + prefix
            + "_TLS_CERT and "
            + prefix
            + "_TLS_KEY (PEM) to serve HTTPS, or "
            + hostVariable
            + "=127.0.0.1");
  }

  /**
   * {@link #checkBind} as the first step of a verticle's start.
   *
   * @param host the address the service listens on
   * @param hostVariable the variable that sets it, for the message
   * @param prefix the TLS variables' prefix, for the message
   * @return a succeeded future, or one failed with the {@link IllegalArgumentException} of {@link
   *     #checkBind}
   */
  public Future<Void> bindAllowed(String host, String hostVariable, String prefix) {
    try {
      checkBind(host, hostVariable, prefix);
      return Future.succeededFuture();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Sets SSL, the key and certificate and the client authentication on server options.
   *
   * @param options the options to change
   * @return the same options
   */
  public HttpServerOptions apply(HttpServerOptions options) {
    if (!enabled()) {
      return options.setSsl(false);
    }
    options
        .setSsl(true)
        .setSslEngineOptions(engineOptions())
        .setKeyCertOptions(
            new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString()));
    if (clientCa != null) {
      options
          .setTrustOptions(new PemTrustOptions().addCertPath(clientCa.toString()))
          .setClientAuth(clientAuth);
    }
    return options;
  }

  /**
   * The TLS engine {@link #apply} chooses on this platform.
   *
   * @return {@code "openssl"} (BoringSSL) or {@code "jdk"}
   */
  public static String engine() {
    return OpenSSLEngineOptions.isAvailable() ? "openssl" : "jdk";
  }

  /**
   * The engine {@link #apply} sets, for a client that should use the same (the benchmark's).
   *
   * @return BoringSSL's options where it loads, else the JDK's
   */
  public static SSLEngineOptions engineOptions() {
    return OpenSSLEngineOptions.isAvailable()
        ? new OpenSSLEngineOptions()
        : new JdkSSLEngineOptions();
  }

  static boolean isLoopback(String host) {
    String h = host.trim();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    try {
      InetAddress[] all = InetAddress.getAllByName(h);
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Path file(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    Path path = Path.of(value.trim());
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(name + " names no readable file: " + value);
    }
    return path;
  }
}
