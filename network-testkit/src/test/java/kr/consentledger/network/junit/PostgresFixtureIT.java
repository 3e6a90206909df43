/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresFixtureIT {

  @Test
  void a_real_postgresql_server_answers_and_gives_each_caller_its_own_database(TestDatabase db)
      throws Exception {
    String first = db.createDatabase("fixture");
    String second = db.createDatabase("fixture");

    assertThat(first).isNotEqualTo(second);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(first), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int primary key)");
      s.execute("INSERT INTO t VALUES (1)");
      try (ResultSet rs = s.executeQuery("SELECT current_database(), version(), count(*) FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(first);
        assertThat(rs.getString(2)).startsWith("PostgreSQL");
        assertThat(rs.getInt(3)).isEqualTo(1);
      }
    }
    assertThat(db.kind()).isIn("external", "testcontainers", "embedded");
  }
}
