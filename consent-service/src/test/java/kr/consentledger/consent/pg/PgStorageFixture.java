/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the PostgreSQL adapters' tests share: a fresh database on the real PostgreSQL per test, with
 * {@link PgConsentStorage} open on it (migrated), closed after the test.
 */
@ExtendWith({BlockedThreadWarnings.class, PostgresExtension.class})
abstract class PgStorageFixture {
  static final Instant FROM = Instant.parse("2026-11-22T00:00:00Z");
  Vertx vertx;
  PgConsentStorage storage;
  PgDatabase database;

  @BeforeEach
  void open(TestDatabase db) throws Exception {
    database =
        new PgDatabase(
            db.host(), db.port(), db.createDatabase("consent"), db.user(), db.password(), 4);
    vertx = Vertx.vertx();
    storage = await(PgConsentStorage.open(vertx, database));
  }

  @AfterEach
  void close() throws Exception {
    storage.close();
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A pending consent {@code id} for 30 days from {@link #FROM}. */
  static ConsentState pending(String id) {
    return ConsentState.pending(
        new ConsentTerms(
            id, "did:key:zS", "did:key:zP", "did:key:zR", FROM, FROM.plus(Duration.ofDays(30))),
        "ab".repeat(32),
        FROM);
  }
}
