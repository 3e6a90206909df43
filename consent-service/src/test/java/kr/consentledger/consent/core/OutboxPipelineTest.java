/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.testing.FakeLedger;
import kr.consentledger.consent.testing.InMemoryConsentStorage;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipelined outbox: several transactions in flight up to the window, a signal that waits for
 * the linger unless a batch is full, one statement of a consent at a time and in order, and crashes
 * with several transactions in flight. Everything runs on one Vert.x context (the fakes are
 * single-threaded); the test reads through it.
 */
class OutboxPipelineTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final InMemoryConsentStorage storage = new InMemoryConsentStorage(clock);
  private final FakeLedger ledger = new FakeLedger();
  private final Wallet wallet = new Wallet();
  private OutboxProcessor processor;

  @AfterEach
  void close() throws Exception {
    if (processor != null) {
      processor.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private <T> T on(Callable<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            result.complete(work.call());
          } catch (Exception e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  /** Waits (at most 10 s) until the condition, read on the context, holds; fails otherwise. */
  private void until(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!on(condition::getAsBoolean)) {
      assertThat(System.nanoTime() < deadline).as("waited 10 s for: " + what).isTrue();
      Thread.sleep(10);
    }
  }

  private OutboxProcessor start(int batch, int window, Duration linger) throws Exception {
    processor =
        on(
            () ->
                new OutboxProcessor(
                    vertx,
                    storage,
                    ledger,
                    batch,
                    HOUR,
                    Duration.ofMinutes(2),
                    Duration.ZERO,
                    new OutboxProcessor.Pipeline(window, linger),
                    null));
    processor.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return processor;
  }

  private String pendingConsent() throws Exception {
    return on(
        () -> {
          String id = Wallet.newConsentId();
          ConsentTerms terms =
              new ConsentTerms(
                  id, wallet.did, "did:key:zP", "did:key:zR", NOW, NOW.plus(Duration.ofDays(30)));
          String anchor =
              wallet.signAnchor(
                  new JsonObject().put("consentId", id).put("credentialHash", "ab".repeat(32)));
          storage
              .stores()
              .readModel()
              .insertIfAbsent(ConsentState.pending(terms, "ab".repeat(32), NOW));
          storage.stores().outbox().add(OutboxItem.Kind.ANCHOR, id, anchor, Wallet.hash(anchor));
          return id;
        });
  }

  private int revocations;

  private void revocation(String consentId) throws Exception {
    int n = ++revocations;
    on(
        () -> {
          String statement =
              wallet.signAnchor(new JsonObject().put("consentId", consentId).put("revocation", n));
          return storage
              .stores()
              .outbox()
              .add(OutboxItem.Kind.REVOKE, consentId, statement, Wallet.hash(statement));
        });
  }

  private OutboxItem.State state(long id) throws Exception {
    return on(() -> storage.data().outbox.get(id).state());
  }

  /** The item's state, read on the context (inside {@link #until}). */
  private OutboxItem.State st(long id) {
    return storage.data().outbox.get(id).state();
  }

  private boolean allDone() {
    return storage.data().outbox.values().stream()
        .allMatch(i -> i.state() == OutboxItem.State.DONE);
  }

  @Test
  void transactions_are_submitted_without_waiting_for_earlier_commits_up_to_the_window()
      throws Exception {
    for (int i = 0; i < 5; i++) {
      pendingConsent();
    }
    ledger.holdCommits(true);

    start(1, 3, Duration.ZERO);
    until("three transactions in flight", () -> ledger.held() == 3);
    Thread.sleep(200);
    int submittedWhileFull = ledger.calls.size();
    int inFlight = processor.inFlight();
    ledger.holdCommits(false);
    ledger.releaseCommits();
    until("every item done", this::allDone);

    assertThat(submittedWhileFull).as("a full window submits nothing more").isEqualTo(3);
    assertThat(inFlight).isEqualTo(3);
    assertThat(ledger.maxHeld()).isEqualTo(3);
    assertThat(ledger.calls).hasSize(5);
    assertThat(ledger.anchoredHash).hasSize(5);
    assertThat(storage.data().states.values())
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(ConsentStatus.CONSENT_GIVEN));
  }

  @Test
  void a_transaction_id_is_recorded_on_its_items_before_its_commit_is_awaited() throws Exception {
    pendingConsent();
    pendingConsent();
    ledger.holdCommits(true);

    start(1, 2, Duration.ZERO);
    until("two transactions in flight", () -> ledger.held() == 2);
    List<String> held = ledger.heldTransactions();

    assertThat(
            on(
                () ->
                    storage.data().outbox.values().stream()
                        .map(OutboxItem::transactionId)
                        .toList()))
        .containsExactlyInAnyOrderElementsOf(held);
    assertThat(state(1)).isEqualTo(OutboxItem.State.SUBMITTED);
  }

  @Test
  void signals_within_the_linger_are_claimed_as_one_batch() throws Exception {
    wallet.signAnchor(new JsonObject().put("warm", "up"));
    start(10, 4, Duration.ofSeconds(2));
    for (int i = 0; i < 3; i++) {
      pendingConsent();
      processor.signal();
    }
    until("every item done", () -> storage.data().outbox.size() == 3 && allDone());

    assertThat(ledger.calls).singleElement().satisfies(c -> assertThat(c.statements()).hasSize(3));
  }

  @Test
  void a_full_batch_is_claimed_at_once_without_waiting_for_the_linger() throws Exception {
    start(2, 4, HOUR);
    pendingConsent();
    processor.signal();
    pendingConsent();
    processor.signal();

    until("the batch done", () -> storage.data().outbox.size() == 2 && allDone());
    assertThat(ledger.calls).singleElement().satisfies(c -> assertThat(c.statements()).hasSize(2));
  }

  @Test
  void without_a_linger_a_signal_claims_at_once() throws Exception {
    start(10, 4, Duration.ZERO);
    pendingConsent();
    processor.signal();

    until("the item done", () -> storage.data().outbox.size() == 1 && allDone());
    assertThat(ledger.calls).hasSize(1);
  }

  @Test
  void a_revocation_is_not_submitted_while_its_anchor_is_in_flight_but_other_consents_are()
      throws Exception {
    String a = pendingConsent();
    ledger.holdCommits(true);
    start(10, 4, Duration.ZERO);
    until("the anchor in flight", () -> ledger.held() == 1);

    revocation(a);
    String b = pendingConsent();
    processor.signal();
    processor.signal();
    until("the second consent in flight", () -> ledger.held() == 2);
    Thread.sleep(200);
    int callsBeforeCommit = ledger.calls.size();
    ledger.holdCommits(false);
    ledger.releaseCommits();
    until("every item done", this::allDone);

    assertThat(callsBeforeCommit).as("anchor a, anchor b; the revocation waits").isEqualTo(2);
    assertThat(ledger.calls.get(1).kind()).isEqualTo(OutboxItem.Kind.ANCHOR);
    assertThat(ledger.calls).hasSize(3);
    assertThat(ledger.calls.get(2).kind()).isEqualTo(OutboxItem.Kind.REVOKE);
    assertThat(storage.data().states.get(a).status()).isEqualTo(ConsentStatus.CONSENT_WITHDRAWN);
    assertThat(storage.data().states.get(b).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
  }

  @Test
  void two_statements_of_one_consent_are_never_in_one_batch_or_in_two_batches_at_once()
      throws Exception {
    String a = pendingConsent();
    revocation(a);
    revocation(a); // a second revocation of the same consent (a race of two requests), oldest first
    ledger.holdCommits(true);
    start(10, 8, Duration.ZERO);

    for (int step = 1; step <= 3; step++) {
      int expected = step;
      until(
          "statement " + step + " in flight",
          () -> ledger.calls.size() == expected && ledger.held() == 1);
      Thread.sleep(100);
      assertThat(ledger.held()).as("one statement of the consent in flight").isEqualTo(1);
      ledger.releaseCommits();
    }
    ledger.holdCommits(false);
    until(
        "every item final",
        () -> storage.data().outbox.values().stream().allMatch(i -> i.state().isFinal()));

    assertThat(ledger.calls)
        .extracting(FakeLedger.Call::kind)
        .containsExactly(OutboxItem.Kind.ANCHOR, OutboxItem.Kind.REVOKE, OutboxItem.Kind.REVOKE);
    assertThat(ledger.calls).allSatisfy(c -> assertThat(c.statements()).hasSize(1));
    assertThat(ledger.maxHeld()).isEqualTo(1);
    assertThat(state(2)).isEqualTo(OutboxItem.State.DONE);
    assertThat(on(() -> storage.data().outbox.get(3L).code())).isEqualTo("ALREADY_REVOKED");
  }

  @Test
  void
      after_a_crash_with_several_transactions_in_flight_every_item_is_resubmitted_and_anchored_once()
          throws Exception {
    for (int i = 0; i < 6; i++) {
      pendingConsent();
    }
    ledger.holdCommits(true);
    start(2, 3, Duration.ZERO);
    until("three transactions in flight", () -> ledger.held() == 3);
    // The crash: the ledger committed the transactions in flight, the process never heard of it.
    ledger.commitHeldSilently();
    processor.close();
    processor = null;
    List<OutboxItem.State> atCrash =
        on(() -> storage.data().outbox.values().stream().map(OutboxItem::state).toList());
    ledger.holdCommits(false);

    start(2, 3, Duration.ZERO);
    until("every item done", this::allDone);

    assertThat(atCrash).containsOnly(OutboxItem.State.SUBMITTED);
    assertThat(ledger.anchoredHash).hasSize(6);
    assertThat(ledger.calls).as("three before the crash, three resubmitted").hasSize(6);
    assertThat(storage.data().outbox.values())
        .allSatisfy(i -> assertThat(i.attempts()).isEqualTo(2));
  }

  @Test
  void after_a_crash_where_only_some_transactions_committed_the_rest_are_anchored_and_none_twice()
      throws Exception {
    for (int i = 0; i < 4; i++) {
      pendingConsent();
    }
    ledger.holdCommits(true);
    start(1, 2, Duration.ZERO);
    until("two transactions in flight", () -> ledger.held() == 2);
    // The first committed; the second was endorsed and never ordered; two were never claimed.
    List<String> inFlight = ledger.heldTransactions();
    ledger.releaseCommits();
    until(
        "the first two done",
        () -> st(1) == OutboxItem.State.DONE && st(2) == OutboxItem.State.DONE);
    until("two more in flight", () -> ledger.held() == 2);
    processor.close();
    processor = null;
    ledger.holdCommits(false); // the two held now are never ordered: the process is gone
    assertThat(ledger.heldTransactions()).doesNotContainAnyElementsOf(inFlight);

    start(1, 2, Duration.ZERO);
    until("every item done", this::allDone);

    assertThat(ledger.anchoredHash).hasSize(4);
    assertThat(
            on(
                () ->
                    storage.data().states.values().stream()
                        .filter(s -> s.status() == ConsentStatus.CONSENT_GIVEN)
                        .count()))
        .isEqualTo(4L);
  }

  @Test
  void a_failed_transaction_among_several_in_flight_is_retried_alone() throws Exception {
    pendingConsent();
    pendingConsent();
    ledger.failNextCommit(
        new kr.consentledger.consent.LedgerException(
            true, "MVCC_READ_CONFLICT", "tx1", "conflict", null));
    ledger.holdCommits(true);
    start(1, 2, Duration.ZERO);
    until("two in flight", () -> ledger.held() == 2);
    ledger.holdCommits(false);
    ledger.releaseCommits();
    until("every item done", this::allDone);

    assertThat(on(() -> storage.data().outbox.get(1L).attempts()))
        .as("conflicted, then resubmitted")
        .isEqualTo(2);
    assertThat(on(() -> storage.data().outbox.get(2L).attempts())).isEqualTo(1);
    assertThat(ledger.calls).hasSize(3);
    assertThat(ledger.anchoredHash).hasSize(2);
  }
}
