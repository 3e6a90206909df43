/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The PostgreSQL database.
 *
 * @param host the server's host
 * @param port the server's port
 * @param name the database name
 * @param user the user
 * @param password the password; empty for trust authentication
 * @param poolSize the most connections
 * @param tlsCa the PEM CA certificate of the server's TLS certificate: when given, every connection
 *     uses TLS and checks the server's certificate and host name ({@code sslmode=verify-full});
 *     null for no TLS
 */
public record PgDatabase(
    String host, int port, String name, String user, String password, int poolSize, Path tlsCa) {
  /**
   * A database reached without TLS.
   *
   * @param host the server's host
   * @param port the server's port
   * @param name the database name
   * @param user the user
   * @param password the password; empty for trust authentication
   * @param poolSize the most connections
   */
  public PgDatabase(
      String host, int port, String name, String user, String password, int poolSize) {
    this(host, port, name, user, password, poolSize, null);
  }

  /** Checks components. */
  public PgDatabase {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (poolSize < 2) {
      throw new IllegalArgumentException("poolSize must be at least 2");
    }
  }

  /**
   * The JDBC URL, for the migrations.
   *
   * @return the URL
   */
  public String jdbcUrl() {
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + name;
    return tlsCa == null ? url : url + "?sslmode=verify-full&sslrootcert=" + tlsCa;
  }

  @Override
  public String toString() {
    return "Database["
        + user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + name
        + (tlsCa == null ? "" : ", TLS")
        + "]";
  }
}
