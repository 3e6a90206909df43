/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.testing.FakeLedger;
import kr.consentledger.consent.testing.InMemoryConsentStorage;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxProcessorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Vertx vertx = Vertx.vertx();
  private final InMemoryConsentStorage storage = new InMemoryConsentStorage(clock);
  private final FakeLedger ledger = new FakeLedger();
  private final Wallet wallet = new Wallet();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private OutboxProcessor processor(int batch) {
    return new OutboxProcessor(
        vertx, storage, ledger, batch, Duration.ofHours(1), Duration.ofMinutes(2));
  }

  private String pendingConsent() {
    String id = Wallet.newConsentId();
    ConsentTerms terms =
        new ConsentTerms(
            id, wallet.did, "did:key:zP", "did:key:zR", NOW, NOW.plus(Duration.ofDays(30)));
    String anchor =
        wallet.signAnchor(
            new io.vertx.core.json.JsonObject()
                .put("consentId", id)
                .put("credentialHash", "ab".repeat(32)));
    storage.stores().readModel().insertIfAbsent(ConsentState.pending(terms, "ab".repeat(32), NOW));
    storage.stores().outbox().add(OutboxItem.Kind.ANCHOR, id, anchor, Wallet.hash(anchor));
    return id;
  }

  private int run(OutboxProcessor p) throws Exception {
    return p.runOnce().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private OutboxItem item(long id) {
    return storage.data().outbox.get(id);
  }

  @Test
  void pending_items_go_to_the_ledger_in_one_transaction_and_become_done_with_its_id()
      throws Exception {
    String a = pendingConsent();
    String b = pendingConsent();

    int n = run(processor(10));

    assertThat(n).isEqualTo(2);
    assertThat(ledger.calls).singleElement().satisfies(c -> assertThat(c.statements()).hasSize(2));
    assertThat(storage.data().outbox.values())
        .allSatisfy(
            i -> {
              assertThat(i.state()).isEqualTo(OutboxItem.State.DONE);
              assertThat(i.transactionId()).isEqualTo("tx1");
              assertThat(i.attempts()).isEqualTo(1);
            });
    assertThat(storage.data().states.get(a).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
    assertThat(storage.data().states.get(b).transactionId()).isEqualTo("tx1");
  }

  @Test
  void batches_hold_at_most_the_batch_size_oldest_first() throws Exception {
    pendingConsent();
    pendingConsent();
    pendingConsent();

    run(processor(2));

    assertThat(ledger.calls.get(0).statements()).hasSize(2);
    assertThat(item(1).state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(item(3).state()).isEqualTo(OutboxItem.State.PENDING);
  }

  @Test
  void a_statement_the_chaincode_rejects_is_rejected_with_its_code_and_the_others_are_done()
      throws Exception {
    String bad = pendingConsent();
    String good = pendingConsent();
    ledger.reject(bad, "NOT_AUTHORISED");

    run(processor(10));

    assertThat(item(1).state()).isEqualTo(OutboxItem.State.REJECTED);
    assertThat(item(1).code()).isEqualTo("NOT_AUTHORISED");
    assertThat(item(2).state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(storage.data().states.get(bad).status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(storage.data().states.get(bad).code()).isEqualTo("NOT_AUTHORISED");
    assertThat(storage.data().states.get(good).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
  }

  @Test
  void an_mvcc_conflict_puts_the_batch_back_to_pending_and_the_retry_completes_it()
      throws Exception {
    pendingConsent();
    ledger.failNextCommit(new LedgerException(true, "MVCC_READ_CONFLICT", "tx1", "conflict", null));
    OutboxProcessor p = processor(10);

    Throwable first =
        p.runOnce().toCompletionStage().toCompletableFuture().handle((v, e) -> e).get();
    OutboxItem afterFailure = item(1);
    run(p);

    assertThat(first).isNotNull();
    assertThat(afterFailure.state()).isEqualTo(OutboxItem.State.PENDING);
    assertThat(afterFailure.code()).isEqualTo("MVCC_READ_CONFLICT");
    assertThat(item(1).state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(item(1).attempts()).isEqualTo(2);
    assertThat(ledger.calls).hasSize(2);
  }

  @Test
  void a_batch_refused_as_a_whole_rejects_its_items_instead_of_retrying_forever() throws Exception {
    String id = pendingConsent();
    ledger.failNextCommit(new LedgerException(false, "INVALID_ARGUMENT", "tx1", "bad batch", null));

    processor(10).runOnce().toCompletionStage().toCompletableFuture().handle((v, e) -> e).get();

    assertThat(item(1).state()).isEqualTo(OutboxItem.State.REJECTED);
    assertThat(item(1).code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(storage.data().states.get(id).status()).isEqualTo(ConsentStatus.REJECTED);
  }

  @Test
  void
      a_batch_the_chaincode_refuses_as_a_whole_is_split_until_only_the_statement_it_refuses_is_rejected()
          throws Exception {
    String a = pendingConsent();
    String bad = pendingConsent();
    String c = pendingConsent();
    String d = pendingConsent();
    String e = pendingConsent();
    ledger.refuseBatchContaining(bad, "ARGUMENT_TOO_LONG");

    run(processor(10));

    assertThat(item(2).state()).isEqualTo(OutboxItem.State.REJECTED);
    assertThat(item(2).code()).isEqualTo("ARGUMENT_TOO_LONG");
    assertThat(storage.data().states.get(bad).status()).isEqualTo(ConsentStatus.REJECTED);
    for (String ok : java.util.List.of(a, c, d, e)) {
      assertThat(storage.data().states.get(ok).status())
          .as(ok)
          .isEqualTo(ConsentStatus.CONSENT_GIVEN);
    }
    assertThat(ledger.anchoredHash).hasSize(4);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = LedgerException.Kind.class,
      names = "CHAINCODE_REFUSED",
      mode = org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE)
  void a_fault_on_the_way_to_the_ledger_keeps_every_item_pending_and_never_rejects(
      LedgerException.Kind kind) throws Exception {
    String a = pendingConsent();
    String b = pendingConsent();
    ledger.failNextSubmit(
        new LedgerException(kind, "FAILED_PRECONDITION", null, "no peers available", null));
    OutboxProcessor p = processor(10);

    Throwable first =
        p.runOnce().toCompletionStage().toCompletableFuture().handle((v, x) -> x).get();

    assertThat(first).isInstanceOf(LedgerException.class);
    assertThat(storage.data().outbox.values())
        .allSatisfy(i -> assertThat(i.state()).isEqualTo(OutboxItem.State.PENDING));
    assertThat(storage.data().states.get(a).status()).isEqualTo(ConsentStatus.PENDING);
    assertThat(storage.data().states.get(b).status()).isEqualTo(ConsentStatus.PENDING);

    run(p);

    assertThat(storage.data().states.get(a).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
    assertThat(storage.data().states.get(b).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
  }

  @Test
  void
      items_of_a_batch_whose_database_went_down_after_submit_are_released_when_it_is_back_not_after_the_lease()
          throws Exception {
    String a = pendingConsent();
    ledger.afterSubmit = () -> storage.down = true;
    OutboxProcessor p = processor(10);

    Throwable first =
        p.runOnce().toCompletionStage().toCompletableFuture().handle((v, x) -> x).get();
    ledger.afterSubmit = () -> {};
    storage.down = false;
    OutboxItem stranded = item(1);
    run(p);

    assertThat(first).isNotNull();
    assertThat(stranded.state())
        .as("claimed, leased for minutes")
        .isEqualTo(OutboxItem.State.SUBMITTED);
    assertThat(item(1).state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(ledger.calls).hasSize(2);
    assertThat(ledger.anchoredHash).containsOnlyKeys(a);
    assertThat(storage.data().states.get(a).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
  }

  @Test
  void items_left_submitted_by_a_crash_are_resubmitted_at_start_and_unchanged_counts_as_done()
      throws Exception {
    pendingConsent();
    // The first run anchored on the ledger, then the process died before completing the item.
    run(processor(10));
    storage
        .data()
        .outbox
        .put(
            1L,
            new OutboxItem(
                1,
                OutboxItem.Kind.ANCHOR,
                item(1).consentId(),
                item(1).statement(),
                item(1).statementHash(),
                OutboxItem.State.SUBMITTED,
                1,
                "tx1",
                null,
                NOW,
                NOW));
    OutboxProcessor restarted = processor(10);

    restarted.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 50 && item(1).state() != OutboxItem.State.DONE; i++) {
      Thread.sleep(20);
    }
    restarted.close();

    assertThat(item(1).state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(item(1).attempts()).isEqualTo(2);
    assertThat(ledger.calls).hasSize(2);
    assertThat(ledger.anchoredHash).hasSize(1);
  }

  @Test
  void a_revocation_waits_until_its_consent_has_no_anchor_in_flight() throws Exception {
    String id = pendingConsent();
    storage.stores().outbox().add(OutboxItem.Kind.REVOKE, id, "rev.jws.x", "cd".repeat(32));
    ledger.failNextCommit(new LedgerException(true, "DEADLINE_EXCEEDED", "tx1", "timeout", null));
    OutboxProcessor p = processor(10);

    p.runOnce().toCompletionStage().toCompletableFuture().handle((v, e) -> e).get();
    int second = run(p);

    assertThat(ledger.calls.get(0).kind()).isEqualTo(OutboxItem.Kind.ANCHOR);
    assertThat(second).isEqualTo(1);
    assertThat(ledger.calls.get(1).kind()).isEqualTo(OutboxItem.Kind.ANCHOR);
    assertThat(item(2).state()).isEqualTo(OutboxItem.State.PENDING);
  }

  @Test
  void the_pause_after_failed_runs_doubles_up_to_five_seconds() {
    Duration interval = Duration.ofMillis(200);
    assertThat(OutboxProcessor.backoff(interval, 1)).isEqualTo(Duration.ofMillis(400));
    assertThat(OutboxProcessor.backoff(interval, 3)).isEqualTo(Duration.ofMillis(1600));
    assertThat(OutboxProcessor.backoff(interval, 5)).isEqualTo(OutboxProcessor.MAX_BACKOFF);
    assertThat(OutboxProcessor.backoff(interval, 1000)).isEqualTo(OutboxProcessor.MAX_BACKOFF);
    assertThat(OutboxProcessor.backoff(Duration.ofHours(1), 1)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void after_a_failed_run_a_signal_waits_for_the_pause_and_the_items_stay_pending()
      throws Exception {
    pendingConsent();
    ledger.failNextCommit(new LedgerException(true, "DEADLINE_EXCEEDED", "tx1", "timeout", null));
    OutboxProcessor p = processor(10);

    p.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((ledger.calls.size() < 1 || item(1).state() != OutboxItem.State.PENDING)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    pendingConsent();
    p.signal();
    Thread.sleep(300);

    assertThat(ledger.calls).hasSize(1);
    assertThat(item(1).state()).isEqualTo(OutboxItem.State.PENDING);
    assertThat(item(2).state()).isEqualTo(OutboxItem.State.PENDING);
    p.close();
  }
}
