/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's place among the service instances sharing one database: a number from the sequence
 * {@code service_instances}, held as the session advisory lock ({@value #LOCK_CLASS}, number) on a
 * connection of its own for as long as the process runs. PostgreSQL drops the lock when that
 * session ends (the process stopped, crashed, was killed, or lost its connection), and that is how
 * the other instances know an instance is gone: {@link PgOutbox} takes over a gone instance's
 * submitted items at once instead of after their lease, and never takes a live one's.
 *
 * <p>When the connection is lost the lock is gone with it; the instance takes a new number on a new
 * connection (retried every second). Items it claimed under the old number may then be taken over
 * by another instance while still in flight here: the chaincode answers {@code unchanged} for a
 * statement applied already, so a statement is still applied once.
 */
final class PgInstanceLock implements AutoCloseable {
  /** The first key of every instance's advisory lock. */
  static final int LOCK_CLASS = 1_131_177_316;

  /**
   * SQL: the numbers of the instances alive now, as a subquery over {@code pg_locks} (one scan of
   * the lock table per statement), column {@code n}.
   */
  static final String LIVE_INSTANCES =
      "SELECT l.objid::bigint AS n FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
          + " AND l.objsubid = 2 AND l.classid::bigint = "
          + LOCK_CLASS;

  private static final Logger LOG = LoggerFactory.getLogger(PgInstanceLock.class);

  private final Vertx vertx;
  private final PgConnectOptions options;
  private volatile int number;
  private volatile PgConnection connection;
  private volatile boolean closed;

  private PgInstanceLock(Vertx vertx, PgConnectOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /**
   * Takes a number and its lock.
   *
   * @param vertx the Vert.x instance
   * @param options where and as whom to connect
   * @return the held lock; close it to give it up
   */
  static Future<PgInstanceLock> acquire(Vertx vertx, PgConnectOptions options) {
    PgInstanceLock lock =
        new PgInstanceLock(
            Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(options, "options"));
    return lock.connect().map(lock);
  }

  /**
   * This instance's number now.
   *
   * @return the number its outbox claims carry
   */
  int number() {
    return number;
  }

  private Future<Void> connect() {
    return PgConnection.connect(vertx, options)
        .compose(
            conn ->
                conn.query("SELECT nextval('service_instances')::int AS n")
                    .execute()
                    .map(rows -> rows.iterator().next().getInteger("n"))
                    .compose(
                        n ->
                            conn.preparedQuery("SELECT pg_advisory_lock($1, $2)")
                                .execute(Tuple.of(LOCK_CLASS, n))
                                .map(n))
                    .onSuccess(
                        n -> {
                          number = n;
                          connection = conn;
                          conn.closeHandler(v -> lost());
                          if (closed) {
                            conn.close();
                          } else {
                            LOG.info("service instance {} on this database", n);
                          }
                        })
                    .onFailure(e -> conn.close())
                    .mapEmpty());
  }

  private void lost() {
    if (closed) {
      return;
    }
    LOG.warn("service instance {}: lost its database session, taking a new number", number);
    vertx.setTimer(
        1000,
        id ->
            connect()
                .onFailure(
                    e -> {
                      LOG.warn("service instance: cannot reconnect yet: {}", e.toString());
                      lost();
                    }));
  }

  /** Gives the lock up (closes its connection). */
  @Override
  public void close() {
    closed = true;
    PgConnection c = connection;
    if (c != null) {
      c.close();
    }
  }
}
