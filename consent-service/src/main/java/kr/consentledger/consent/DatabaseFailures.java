/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that means "PostgreSQL is not reachable right now" (the client may retry and gets
 * 503) from every other failure (a fault of ours, 500).
 *
 * <p>While PostgreSQL is killed, restarted or in crash recovery, the client sees, in no fixed
 * order: refused connects, resets of open sockets, {@link ClosedConnectionException}, the SQL
 * states of class 08 (connection exception), 57 (operator intervention: shutdown, crash recovery)
 * and 53 (insufficient resources), and Vert.x's own messages for a connection or pool that is gone.
 * Every I/O failure counts: no route of the service does file or socket I/O of its own on the
 * request path other than to PostgreSQL, the ledger ({@code LedgerException}) and the resolver
 * (mapped before it gets here).
 */
public final class DatabaseFailures {
  private static final List<String> GONE =
      List.of(
          "connection refused",
          "connection reset",
          "connection is closed",
          "connection is not active",
          "connection has been closed",
          "timeout waiting for connection",
          "pool closed");

  private DatabaseFailures() {}

  /**
   * Whether a failure, or one of its causes, means the database is unavailable for now.
   *
   * @param failure the failure, may be null
   * @return true for a failure the client may retry
   */
  public static boolean unavailable(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure;
        t != null && depth < 16;
        t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (t instanceof ClosedConnectionException
          || t instanceof IOException
          || t instanceof TimeoutException) {
        return true;
      }
      if (t instanceof DatabaseException d && d.getSqlState() != null) {
        String state = d.getSqlState();
        return state.startsWith("08") || state.startsWith("57") || state.startsWith("53");
      }
      if (t instanceof VertxException && t.getMessage() != null) {
        String m = t.getMessage().toLowerCase(Locale.ROOT);
        if (m.equals("timeout") || GONE.stream().anyMatch(m::contains)) {
          return true;
        }
      }
    }
    return false;
  }
}
