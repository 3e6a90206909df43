/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FabricDidDriverTest {
  static final String DID = "did:fabric:7Tqg6BwSSWapxgUDm9KKgg";
  static Vertx vertx;
  static WorkerExecutor pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    pool = vertx.createSharedWorkerExecutor("test-ledger", 2);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Records calls and the thread they ran on; answers or fails with a chaincode code. */
  static final class FakeLedger implements DidLedger {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String threadName;
    final String failWith;

    FakeLedger(String failWith) {
      this.failWith = failWith;
    }

    private byte[] answer(String call) throws DidLedgerException {
      calls.add(call);
      threadName = Thread.currentThread().getName();
      if (failWith != null) {
        throw new DidLedgerException(failWith.equals("NONE") ? null : failWith, "fake", null);
      }
      return new JsonObject()
          .put("didDocument", new JsonObject().put("id", DID))
          .put("didDocumentMetadata", new JsonObject().put("versionId", "ab12"))
          .encode()
          .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] resolve(String did) throws DidLedgerException {
      return answer("Resolve(" + did + ")");
    }

    @Override
    public byte[] resolveVersion(String did, String versionId) throws DidLedgerException {
      return answer("ResolveVersion(" + did + "," + versionId + ")");
    }

    @Override
    public byte[] resolveAt(String did, String versionTime) throws DidLedgerException {
      return answer("ResolveAt(" + did + "," + versionTime + ")");
    }
  }

  @Test
  void the_latest_version_is_resolved_on_the_named_worker_pool() throws Exception {
    FakeLedger ledger = new FakeLedger(null);

    ResolutionResult result =
        new FabricDidDriver(pool, ledger)
            .resolve(DID, ResolutionOptions.latest())
            .await(5, TimeUnit.SECONDS);

    assertThat(ledger.calls).containsExactly("Resolve(" + DID + ")");
    assertThat(ledger.threadName).startsWith("test-ledger");
    assertThat(result.didDocumentMetadata().getString("versionId")).isEqualTo("ab12");
  }

  @Test
  void a_version_id_calls_resolve_version() throws Exception {
    FakeLedger ledger = new FakeLedger(null);

    new FabricDidDriver(pool, ledger)
        .resolve(DID, ResolutionOptions.ofVersionId("ab12"))
        .await(5, TimeUnit.SECONDS);

    assertThat(ledger.calls).containsExactly("ResolveVersion(" + DID + ",ab12)");
  }

  @Test
  void a_version_time_calls_resolve_at_with_iso_utc_seconds() throws Exception {
    FakeLedger ledger = new FakeLedger(null);

    new FabricDidDriver(pool, ledger)
        .resolve(DID, ResolutionOptions.ofVersionTime(Instant.parse("2026-01-01T00:00:00.250Z")))
        .await(5, TimeUnit.SECONDS);

    assertThat(ledger.calls).containsExactly("ResolveAt(" + DID + ",2026-01-01T00:00:00Z)");
  }

  @ParameterizedTest(name = "chaincode {0} is {1}")
  @CsvSource({
    "DID_NOT_FOUND, NOT_FOUND",
    "VERSION_NOT_FOUND, NOT_FOUND",
    "INVALID_ARGUMENT, INVALID_DID",
    "INTERNAL, INTERNAL_ERROR",
    "NONE, INTERNAL_ERROR"
  })
  void chaincode_error_codes_map_to_resolution_errors(String code, ResolutionError expected) {
    Throwable failure =
        catchThrowable(
            () ->
                new FabricDidDriver(pool, new FakeLedger(code))
                    .resolve(DID, ResolutionOptions.latest())
                    .await(5, TimeUnit.SECONDS));

    assertThat(failure).isInstanceOf(ResolutionException.class);
    assertThat(((ResolutionException) failure).error()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is rejected without a ledger call")
  @CsvSource({"did:fabric:0OIl", "did:fabric:abc:def", "did:key:z6Mk", "did:fabric:"})
  void malformed_did_fabric_ids_are_invalid_did_without_a_ledger_call(String did) {
    FakeLedger ledger = new FakeLedger(null);

    Throwable failure =
        catchThrowable(
            () ->
                new FabricDidDriver(pool, ledger)
                    .resolve(did, ResolutionOptions.latest())
                    .await(5, TimeUnit.SECONDS));

    assertThat(((ResolutionException) failure).error()).isEqualTo(ResolutionError.INVALID_DID);
    assertThat(ledger.calls).isEmpty();
  }
}
