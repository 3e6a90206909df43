package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.Objects;
import java.util.function.Function;
import kr.consentledger.consent.ConsentServiceConfig;
import kr.consentledger.consent.ConsentStorage;
import org.flywaydb.core.Flyway;

/**
 * {@link ConsentStorage} on PostgreSQL through the non-blocking pg client. Schema migrations use
 * Flyway over JDBC and therefore run once, at start-up, on a worker thread.
 */
public final class PgConsentStorage implements ConsentStorage, AutoCloseable {
  private final Pool pool;
  private final Stores stores;

  private PgConsentStorage(Pool pool) {
    this.pool = pool;
    this.stores = stores(pool);
  }

  /**
   * Migrates the schema (on a worker thread), then opens a connection pool.
   *
   * @param vertx the Vert.x instance
   * @param database where and as whom to connect
   * @return the storage; close it to close the pool
   */
  public static Future<PgConsentStorage> open(Vertx vertx, ConsentServiceConfig.Database database) {
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
              Pool pool =
                  PgBuilder.pool()
                      .with(new PoolOptions().setMaxSize(database.poolSize()))
                      .connectingTo(connect)
                      .using(vertx)
                      .build();
              return new PgConsentStorage(pool);
            });
  }

  /**
   * Applies the migrations in {@code db/migration}. Blocking (JDBC).
   *
   * @param database the database
   * @return how many migrations were applied
   */
  public static int migrate(ConsentServiceConfig.Database database) {
    return Flyway.configure(PgConsentStorage.class.getClassLoader())
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }

  private static Stores stores(SqlClient client) {
    return new Stores(
        new PgCredentialStore(client),
        new PgReadModel(client),
        new PgOutbox(client),
        new PgChallengeStore(client),
        new PgEventCheckpoints(client),
        new PgReceiptStore(client),
        new PgNonceStore(client));
  }

  @Override
  public Stores stores() {
    return stores;
  }

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

  @Override
  public void close() {
    pool.close();
  }
}
