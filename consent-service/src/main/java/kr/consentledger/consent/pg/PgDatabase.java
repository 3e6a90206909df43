/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

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
 */
public record PgDatabase(
    String host, int port, String name, String user, String password, int poolSize) {
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
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  @Override
  public String toString() {
    return "Database[" + user + "@" + host + ":" + port + "/" + name + "]";
  }
}
