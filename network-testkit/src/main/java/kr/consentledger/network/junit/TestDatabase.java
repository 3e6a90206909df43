/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.junit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A real PostgreSQL server for tests, and fresh databases on it.
 *
 * <p>Which server: the one named by {@code CONSENT_LEDGER_PG_HOST} (with {@code _PORT}, {@code
 * _USER}, {@code _PASSWORD}) when set; else a Testcontainers container where a Docker engine
 * answers; else zonky's embedded PostgreSQL binaries from Maven, started as a child process. Never
 * an in-memory stand-in.
 */
public final class TestDatabase implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String kind;
  private final AutoCloseable server;

  private TestDatabase(
      String host, int port, String user, String password, String kind, AutoCloseable server) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.kind = kind;
    this.server = server;
  }

  /**
   * Starts (or names) a server as described above.
   *
   * @throws IOException when the embedded server cannot start
   */
  public static TestDatabase start() throws IOException {
    String host = System.getenv("CONSENT_LEDGER_PG_HOST");
    if (host != null && !host.isBlank()) {
      return new TestDatabase(
          host,
          Integer.parseInt(env("CONSENT_LEDGER_PG_PORT", "5432")),
          env("CONSENT_LEDGER_PG_USER", "postgres"),
          env("CONSENT_LEDGER_PG_PASSWORD", ""),
          "external",
          () -> {});
    }
    if (!"false".equals(System.getenv("CONSENT_LEDGER_PG_TESTCONTAINERS")) && dockerAnswers()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
      container.start();
      return new TestDatabase(
          container.getHost(),
          container.getFirstMappedPort(),
          container.getUsername(),
          container.getPassword(),
          "testcontainers",
          container::stop);
    }
    EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
    return new TestDatabase("127.0.0.1", embedded.getPort(), "postgres", "", "embedded", embedded);
  }

  private static boolean dockerAnswers() {
    // Ask Testcontainers only where an engine could be: it logs errors for each strategy it tries.
    String dockerHost = System.getenv("DOCKER_HOST");
    if ((dockerHost == null || dockerHost.isBlank())
        && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /**
   * Creates an empty database with a unique name that starts with {@code prefix}.
   *
   * @return its name
   */
  public String createDatabase(String prefix) throws SQLException {
    String name =
        (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
                + "_"
                + ProcessHandle.current().pid()
                + "_"
                + DATABASES.incrementAndGet())
            .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  /** The JDBC URL of a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The server's host. */
  public String host() {
    return host;
  }

  /** The server's port. */
  public int port() {
    return port;
  }

  /** The user to connect as. */
  public String user() {
    return user;
  }

  /** That user's password; empty when the server trusts local connections. */
  public String password() {
    return password;
  }

  /** Where the server comes from: {@code external}, {@code testcontainers} or {@code embedded}. */
  public String kind() {
    return kind;
  }

  /**
   * Stops the server if this instance started it.
   *
   * @throws IOException when the server does not stop cleanly
   */
  @Override
  public void close() throws IOException {
    try {
      server.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot stop the test database server", e);
    }
  }
}
