/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import kr.consentledger.resolver.driver.CachingDidDriver;
import kr.consentledger.resolver.driver.DidDocumentCache;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.junit.jupiter.api.Test;

class CachedLedgerResolutionTest {
  static final String DID = "did:fabric:7Tqg6BwSSWapxgUDm9KKgg";

  /** A fake ledger driver whose document carries the key id of the current version. */
  static final class FakeLedgerDriver implements DidMethodDriver {
    final AtomicInteger calls = new AtomicInteger();
    volatile String key = "key-1";
    Promise<ResolutionResult> held;

    @Override
    public String method() {
      return "fabric";
    }

    @Override
    public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
      calls.incrementAndGet();
      ResolutionResult result =
          ResolutionResult.of(new JsonObject().put("id", did).put("key", key), new JsonObject());
      if (held != null) {
        held.complete(result);
      }
      return Future.succeededFuture(result);
    }
  }

  /** A change feed whose stream is a queue the test pushes events into. */
  static final class QueueFeed implements DidChangeFeed {
    final BlockingQueue<ChaincodeEvent> queue = new LinkedBlockingQueue<>();
    static final ChaincodeEvent END = event("end", "{}");

    @Override
    public CloseableIterator<ChaincodeEvent> open(org.hyperledger.fabric.client.Checkpoint c) {
      return new CloseableIterator<>() {
        ChaincodeEvent next;

        @Override
        public boolean hasNext() {
          try {
            next = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
          return next != END;
        }

        @Override
        public ChaincodeEvent next() {
          return next;
        }

        @Override
        public void close() {
          queue.offer(END);
        }
      };
    }
  }

  static ChaincodeEvent event(String name, String payload) {
    return new ChaincodeEvent() {
      @Override
      public long getBlockNumber() {
        return 7;
      }

      @Override
      public String getTransactionId() {
        return "tx-" + payload.hashCode();
      }

      @Override
      public String getChaincodeName() {
        return "ledger";
      }

      @Override
      public String getEventName() {
        return name;
      }

      @Override
      public byte[] getPayload() {
        return payload.getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  static String keyOf(Future<ResolutionResult> result) throws Exception {
    return result.await(5, TimeUnit.SECONDS).didDocument().getString("key");
  }

  static void awaitEnabled(DidDocumentCache cache) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!cache.enabled() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(cache.enabled()).isTrue();
  }

  @Test
  void a_second_resolution_of_the_latest_version_is_served_from_the_cache() throws Exception {
    FakeLedgerDriver ledger = new FakeLedgerDriver();
    DidDocumentCache cache = new DidDocumentCache(10);
    cache.enable();
    CachingDidDriver driver = new CachingDidDriver(ledger, cache);

    keyOf(driver.resolve(DID, ResolutionOptions.latest()));
    keyOf(driver.resolve(DID, ResolutionOptions.latest()));

    assertThat(ledger.calls).hasValue(1);
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void a_versioned_resolution_bypasses_the_cache() throws Exception {
    FakeLedgerDriver ledger = new FakeLedgerDriver();
    DidDocumentCache cache = new DidDocumentCache(10);
    cache.enable();
    CachingDidDriver driver = new CachingDidDriver(ledger, cache);

    keyOf(driver.resolve(DID, ResolutionOptions.ofVersionId("ab")));
    keyOf(driver.resolve(DID, ResolutionOptions.ofVersionId("ab")));

    assertThat(ledger.calls).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void a_did_changed_event_makes_the_rotated_key_visible_within_one_second() throws Exception {
    FakeLedgerDriver ledger = new FakeLedgerDriver();
    DidDocumentCache cache = new DidDocumentCache(10);
    QueueFeed feed = new QueueFeed();
    CachingDidDriver driver = new CachingDidDriver(ledger, cache);
    try (DidChangedListener listener =
        DidChangedListener.start(feed, cache, Duration.ofMillis(50))) {
      awaitEnabled(cache);
      assertThat(keyOf(driver.resolve(DID, ResolutionOptions.latest()))).isEqualTo("key-1");

      ledger.key = "key-2"; // the rotation commits...
      long committed = System.nanoTime();
      feed.queue.add(
          event(
              "DidChanged",
              new JsonObject()
                  .put("did", DID)
                  .put("versionId", "cd")
                  .put("operation", "update")
                  .encode()));

      String seen = "key-1";
      while (seen.equals("key-1") && System.nanoTime() - committed < TimeUnit.SECONDS.toNanos(1)) {
        seen = keyOf(driver.resolve(DID, ResolutionOptions.latest()));
      }
      assertThat(seen).isEqualTo("key-2");
    }
  }

  @Test
  void a_result_fetched_before_an_invalidation_is_not_cached_after_it() {
    DidDocumentCache cache = new DidDocumentCache(10);
    cache.enable();
    long ticket = cache.generation();
    ResolutionResult stale = ResolutionResult.of(new JsonObject().put("id", DID), null);

    cache.invalidate(DID);

    assertThat(cache.put(DID, stale, ticket)).isFalse();
    assertThat(cache.get(DID)).isNull();
  }

  @Test
  void the_cache_serves_nothing_while_the_event_stream_is_down() throws Exception {
    FakeLedgerDriver ledger = new FakeLedgerDriver();
    DidDocumentCache cache = new DidDocumentCache(10);
    QueueFeed feed = new QueueFeed();
    CachingDidDriver driver = new CachingDidDriver(ledger, cache);
    try (DidChangedListener listener =
        DidChangedListener.start(feed, cache, Duration.ofSeconds(30))) {
      awaitEnabled(cache);
      keyOf(driver.resolve(DID, ResolutionOptions.latest()));

      feed.queue.add(QueueFeed.END); // the stream ends; the listener waits 30 s to reopen
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (cache.enabled() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      keyOf(driver.resolve(DID, ResolutionOptions.latest()));
      keyOf(driver.resolve(DID, ResolutionOptions.latest()));

      assertThat(cache.enabled()).isFalse();
      assertThat(ledger.calls).hasValue(3);
    }
  }

  @Test
  void the_cache_evicts_the_least_recently_used_entry_beyond_its_bound() {
    DidDocumentCache cache = new DidDocumentCache(2);
    cache.enable();
    for (String did : new String[] {"did:fabric:a", "did:fabric:b", "did:fabric:c"}) {
      cache.put(
          did, ResolutionResult.of(new JsonObject().put("id", did), null), cache.generation());
    }

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("did:fabric:a")).isNull();
    assertThat(cache.get("did:fabric:c")).isNotNull();
  }
}
