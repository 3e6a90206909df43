/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentStorage;
import kr.consentledger.consent.StoredCredential;
import org.flywaydb.core.Flyway;

/**
 * {@link ConsentStorage} on PostgreSQL through the non-blocking pg client. Schema migrations use
 * Flyway over JDBC and therefore run once, at start-up, on a worker thread.
 */
public final class PgConsentStorage implements ConsentStorage, AutoCloseable {
  private final Pool pool;
  private final PgInstanceLock instance;
  private final Stores stores;

  private PgConsentStorage(Pool pool, PgInstanceLock instance) {
    this.pool = pool;
    this.instance = instance;
    this.stores = stores(pool);
  }

  /**
   * Migrates the schema (on a worker thread), then opens a connection pool and registers this
   * process as a service instance of the database ({@link PgInstanceLock}: one more connection,
   * held while the storage is open).
   *
   * @param vertx the Vert.x instance
   * @param database where and as whom to connect
   * @return the storage; close it to close the pool
   */
  public static Future<PgConsentStorage> open(Vertx vertx, PgDatabase database) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(database, "database");
    return vertx
        .executeBlocking(() -> migrate(database), false)
        .map(
            applied -> {
              PgConnectOptions connect =
                  new PgConnectOptions()
                      .setHost(database.host())
                      .setPort(database.port())
                      .setDatabase(database.name())
                      .setUser(database.user())
                      .setPassword(database.password());
              if (database.tlsCa() != null) {
                // TLS, the server's certificate checked against the CA and the host name.
                connect
                    .setSslMode(SslMode.VERIFY_FULL)
                    .setSslOptions(
                        new ClientSSLOptions()
                            .setHostnameVerificationAlgorithm("HTTPS")
                            .setTrustOptions(
                                new PemTrustOptions().addCertPath(database.tlsCa().toString())));
              }
              return connect;
            })
        .compose(
            connect ->
                PgInstanceLock.acquire(vertx, connect)
                    .map(
                        instance ->
                            new PgConsentStorage(
                                PgBuilder.pool()
                                    .with(new PoolOptions().setMaxSize(database.poolSize()))
                                    .connectingTo(connect)
                                    .using(vertx)
                                    .build(),
                                instance)));
  }

  /**
   * Applies the migrations in {@code db/migration}. Blocking (JDBC).
   *
   * @param database the database
   * @return how many migrations were applied
   */
  public static int migrate(PgDatabase database) {
    return Flyway.configure(PgConsentStorage.class.getClassLoader())
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }

  private Stores stores(SqlClient client) {
    return new Stores(
        new PgCredentialStore(client),
        new PgReadModel(client),
        new PgOutbox(client, instance::number),
        new PgChallengeStore(client),
        new PgEventCheckpoints(client),
        new PgReceiptStore(client),
        new PgNonceStore(client));
  }

  @Override
  public Stores stores() {
    return stores;
  }

  /**
   * One statement: the read-model row is inserted unless the consent id exists, and only then the
   * credential and the outbox row (CTEs over the inserted row). A single statement is atomic, so no
   * transaction round trips are needed.
   */
  @Override
  public Future<Boolean> acceptConsent(
      StoredCredential credential, ConsentState pending, String anchor, String anchorHash) {
    return pool.preparedQuery(ACCEPT)
        .execute(
            ConsentRows.addTerms(Tuple.tuple(), pending.terms(), pending.credentialHash())
                .addString(pending.status().jsonName())
                .addOffsetDateTime(PgTimes.utc(pending.updatedAt()))
                .addString(credential.jws())
                .addString(anchor)
                .addString(anchorHash))
        .map(rows -> rows.iterator().next().getLong("added") == 1);
  }

  private static final String ACCEPT =
      "WITH s AS (INSERT INTO consent_states (consent_id, credential_hash, subject_did, provider_did,"
          + "   recipient_did, valid_from, valid_until, status, updated_at)"
          + "   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (consent_id) DO NOTHING"
          + "   RETURNING consent_id),"
          + " c AS (INSERT INTO credentials (consent_id, jws, credential_hash, subject_did, provider_did,"
          + "   recipient_did, erased)"
          + "   SELECT consent_id, $10, $2, $3, $4, $5, false FROM s ON CONFLICT (consent_id) DO NOTHING),"
          + " o AS (INSERT INTO outbox (kind, consent_id, statement, statement_hash)"
          + "   SELECT 'anchor', consent_id, $11, $12 FROM s)"
          + " SELECT count(*) AS added FROM s";

  /**
   * One statement for the whole batch: the items' new states, the read-model rows of the changes
   * the transaction made, the rejected anchors and the rejected revocations, from arrays (one
   * element per item) through {@code unnest}. Each consent appears at most once in a batch, so the
   * CTEs never update the same row twice.
   */
  @Override
  public Future<Void> completeBatch(
      String transactionId, Long blockNumber, List<Completion> completions) {
    if (completions.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = completions.size();
    Long[] ids = new Long[n];
    String[] consents = new String[n];
    String[] kinds = new String[n];
    String[] states = new String[n];
    String[] codes = new String[n];
    String[] statuses = new String[n];
    for (int i = 0; i < n; i++) {
      Completion c = completions.get(i);
      ids[i] = c.item().id();
      consents[i] = c.item().consentId();
      kinds[i] = c.item().kind().dbName();
      states[i] = c.state().dbName();
      codes[i] = c.code();
      statuses[i] = c.status() == null || blockNumber == null ? null : c.status().jsonName();
    }
    return pool.preparedQuery(COMPLETE)
        .execute(
            Tuple.tuple()
                .addArrayOfLong(ids)
                .addArrayOfString(consents)
                .addArrayOfString(kinds)
                .addArrayOfString(states)
                .addArrayOfString(codes)
                .addArrayOfString(statuses)
                .addString(transactionId)
                .addLong(blockNumber))
        .mapEmpty();
  }

  private static final String COMPLETE =
      "WITH v AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
          + "   AS v(id, consent_id, kind, state, code, status)),"
          + " o AS (UPDATE outbox SET state = v.state, code = v.code, lease_until = NULL, updated_at = now()"
          + "   FROM v WHERE outbox.id = v.id AND outbox.state IN ('pending', 'submitted')),"
          + " given AS (UPDATE consent_states s SET status = v.status, code = NULL, tx_id = $7,"
          + "   block_number = $8,"
          + "   revocation = CASE WHEN v.status = 'ConsentWithdrawn' THEN NULL ELSE s.revocation END,"
          + "   revocation_code = CASE WHEN v.status = 'ConsentWithdrawn' THEN NULL ELSE s.revocation_code END,"
          + "   updated_at = now()"
          + "   FROM v WHERE s.consent_id = v.consent_id AND v.status IS NOT NULL AND v.state = 'done'"
          + "     AND (s.block_number IS NULL OR s.block_number <= $8)),"
          + " refused AS (UPDATE consent_states s SET status = 'rejected', code = v.code, tx_id = $7,"
          + "   updated_at = now()"
          + "   FROM v WHERE s.consent_id = v.consent_id AND v.kind = 'anchor' AND v.state = 'rejected'"
          + "     AND s.status = 'pending'),"
          + " unrevoked AS (UPDATE consent_states s SET revocation = 'rejected', revocation_code = v.code,"
          + "   updated_at = now()"
          + "   FROM v WHERE s.consent_id = v.consent_id AND v.kind = 'revoke' AND v.state = 'rejected'"
          + "     AND s.status <> 'ConsentWithdrawn')"
          + " SELECT 1";

  @Override
  public <T> Future<T> inTransaction(Function<Stores, Future<T>> work) {
    return pool.withTransaction(connection -> work.apply(stores(connection)));
  }

  /**
   * The pool, for tests and health checks.
   *
   * @return the pool; owned by this storage
   */
  public Pool pool() {
    return pool;
  }

  /**
   * This process's instance number on the database ({@link PgInstanceLock}).
   *
   * @return the number its outbox claims carry now
   */
  public int instanceNumber() {
    return instance.number();
  }

  /**
   * Gives up the instance lock and closes the pool.
   *
   * @return done when the pool is closed
   */
  public Future<Void> shutdown() {
    instance.close();
    return pool.close();
  }

  @Override
  public void close() {
    shutdown();
  }
}
