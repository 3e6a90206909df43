/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import kr.consentledger.consent.Challenge;
import kr.consentledger.consent.ConsentEventFeed;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.consent.EventCheckpoint;
import kr.consentledger.consent.LedgerChange;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.StoredCredential;
import kr.consentledger.consent.core.ConsentEventListener;
import kr.consentledger.consent.core.OutboxProcessor;
import kr.consentledger.consent.testing.FakeLedger;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.Test;

/** The PostgreSQL adapters against a real PostgreSQL server, one fresh database per test. */
class PgConsentStorageIT extends PgStorageFixture {

  @Test
  void migrations_create_the_schema_once_and_a_second_run_applies_nothing() throws Exception {
    int again = PgConsentStorage.migrate(database);

    assertThat(again).isZero();
    List<String> tables =
        await(
            storage
                .pool()
                .query(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
                .execute()
                .map(
                    rows -> {
                      List<String> out = new java.util.ArrayList<>();
                      rows.forEach(r -> out.add(r.getString(0)));
                      return out;
                    }));
    assertThat(tables)
        .contains("challenges", "consent_states", "credentials", "event_checkpoints", "outbox");
  }

  @Test
  void credentials_are_stored_once_found_by_subject_and_erased_keeping_hash_and_dids()
      throws Exception {
    String id = Wallet.newConsentId();
    StoredCredential c =
        new StoredCredential(
            id, "h.p.s", "ab".repeat(32), "did:key:zS", "did:key:zP", "did:key:zR", false);
    var store = storage.stores().credentials();

    boolean first = await(store.insertIfAbsent(c));
    boolean second = await(store.insertIfAbsent(c));
    boolean erased = await(store.erase(id));
    boolean erasedAgain = await(store.erase(id));

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(erased).isTrue();
    assertThat(erasedAgain).isFalse();
    StoredCredential after = await(store.find(id)).orElseThrow();
    assertThat(after.jws()).isNull();
    assertThat(after.erased()).isTrue();
    assertThat(after.credentialHash()).isEqualTo("ab".repeat(32));
    assertThat(await(store.findBySubject("did:key:zS", List.of(id))))
        .extracting(StoredCredential::consentId)
        .containsExactly(id);
  }

  @Test
  void a_failed_transaction_leaves_neither_credential_nor_state_nor_outbox_row() throws Exception {
    String id = Wallet.newConsentId();

    Throwable failure =
        storage
            .inTransaction(
                stores ->
                    stores
                        .readModel()
                        .insertIfAbsent(pending(id))
                        .compose(
                            v ->
                                stores
                                    .credentials()
                                    .insertIfAbsent(
                                        new StoredCredential(
                                            id,
                                            "h.p.s",
                                            "ab".repeat(32),
                                            "did:key:zS",
                                            "did:key:zP",
                                            "did:key:zR",
                                            false)))
                        .compose(
                            v ->
                                stores
                                    .outbox()
                                    .add(OutboxItem.Kind.ANCHOR, id, "a.b.c", "cd".repeat(32)))
                        .compose(v -> Future.<Void>failedFuture(new IllegalStateException("boom"))))
            .toCompletionStage()
            .toCompletableFuture()
            .handle((v, e) -> e)
            .get();

    assertThat(failure).hasMessageContaining("boom");
    assertThat(await(storage.stores().readModel().find(id))).isEmpty();
    assertThat(await(storage.stores().credentials().find(id))).isEmpty();
    assertThat(await(storage.stores().outbox().forConsent(id))).isEmpty();
  }

  @Test
  void claiming_skips_rows_another_transaction_holds_and_respects_the_lease() throws Exception {
    var outbox = storage.stores().outbox();
    for (int i = 0; i < 3; i++) {
      await(
          outbox.add(
              OutboxItem.Kind.ANCHOR,
              Wallet.newConsentId(),
              "a.b." + i,
              String.format("%064d", i)));
    }
    // Hold row 1 in an open transaction; a concurrent claim must skip it.
    var conn = await(storage.pool().getConnection());
    var tx = await(conn.begin());
    await(conn.query("SELECT id FROM outbox WHERE id = 1 FOR UPDATE").execute());

    List<OutboxItem> claimed =
        await(outbox.claim(OutboxItem.Kind.ANCHOR, 10, Duration.ofMinutes(2)));
    await(tx.rollback());
    conn.close();
    List<OutboxItem> leased =
        await(outbox.claim(OutboxItem.Kind.ANCHOR, 10, Duration.ofMinutes(2)));

    assertThat(claimed).extracting(OutboxItem::id).containsExactly(2L, 3L);
    assertThat(claimed)
        .allSatisfy(
            i -> {
              assertThat(i.state()).isEqualTo(OutboxItem.State.SUBMITTED);
              assertThat(i.attempts()).isEqualTo(1);
            });
    assertThat(leased).extracting(OutboxItem::id).containsExactly(1L);
  }

  @Test
  void the_outbox_state_machine_records_transactions_completes_releases_and_recovers_after_restart()
      throws Exception {
    var outbox = storage.stores().outbox();
    String id = Wallet.newConsentId();
    await(outbox.add(OutboxItem.Kind.ANCHOR, id, "a.b.c", "cd".repeat(32)));
    await(outbox.add(OutboxItem.Kind.REVOKE, id, "r.b.c", "ef".repeat(32)));

    List<OutboxItem> revokesWhileAnchorPending =
        await(outbox.claim(OutboxItem.Kind.REVOKE, 10, Duration.ofMinutes(2)));
    List<OutboxItem> anchors =
        await(outbox.claim(OutboxItem.Kind.ANCHOR, 10, Duration.ofMinutes(2)));
    await(outbox.recordTransaction(List.of(1L), "tx-a"));
    int releasedWhileRunning = await(outbox.releaseAllSubmitted());
    // A restart: the instance's session ends, the next run is another instance.
    await(storage.shutdown());
    storage = await(PgConsentStorage.open(vertx, database));
    outbox = storage.stores().outbox();
    int released = await(outbox.releaseAllSubmitted());
    await(outbox.claim(OutboxItem.Kind.ANCHOR, 10, Duration.ofMinutes(2)));
    await(outbox.complete(1L, OutboxItem.State.DONE, null));
    List<OutboxItem> revokes =
        await(outbox.claim(OutboxItem.Kind.REVOKE, 10, Duration.ofMinutes(2)));
    await(outbox.release(List.of(2L), "DEADLINE_EXCEEDED"));
    List<OutboxItem> items = await(outbox.forConsent(id));

    assertThat(revokesWhileAnchorPending).isEmpty();
    assertThat(anchors).hasSize(1);
    assertThat(releasedWhileRunning).as("its own instance is alive").isZero();
    assertThat(released).isEqualTo(1);
    assertThat(revokes).extracting(OutboxItem::id).containsExactly(2L);
    assertThat(items.get(0).state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(items.get(0).transactionId()).isEqualTo("tx-a");
    assertThat(items.get(0).attempts()).isEqualTo(2);
    assertThat(items.get(1).state()).isEqualTo(OutboxItem.State.PENDING);
    assertThat(items.get(1).code()).isEqualTo("DEADLINE_EXCEEDED");
  }

  @Test
  void a_second_instance_never_takes_a_live_instances_items_and_takes_a_killed_ones_at_once()
      throws Exception {
    PgConsentStorage other = await(PgConsentStorage.open(vertx, database));
    try {
      var outbox = storage.stores().outbox();
      for (int i = 0; i < 2; i++) {
        await(
            outbox.add(
                OutboxItem.Kind.ANCHOR,
                Wallet.newConsentId(),
                "a.b." + i,
                String.format("%064d", i)));
      }
      List<OutboxItem> mine = await(outbox.claim(OutboxItem.Kind.ANCHOR, 1, Duration.ofMinutes(2)));
      PgConsentStorage third = await(PgConsentStorage.open(vertx, database));
      int releasedByAStart = await(third.stores().outbox().releaseAllSubmitted());
      List<OutboxItem> othersWhileAlive =
          await(other.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, Duration.ofMinutes(2)));
      await(third.shutdown());
      // The first instance's session ends (as when its process is killed): its lease still runs.
      await(storage.shutdown());
      storage = await(PgConsentStorage.open(vertx, database));
      List<OutboxItem> takenOver =
          await(other.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, Duration.ofMinutes(2)));

      assertThat(storage.instanceNumber()).isNotEqualTo(other.instanceNumber());
      assertThat(mine).extracting(OutboxItem::id).containsExactly(1L);
      assertThat(releasedByAStart).isZero();
      assertThat(othersWhileAlive).extracting(OutboxItem::id).containsExactly(2L);
      assertThat(takenOver).extracting(OutboxItem::id).containsExactly(1L);
      assertThat(takenOver.get(0).attempts()).isEqualTo(2);
    } finally {
      await(other.shutdown());
    }
  }

  @Test
  void an_event_checkpoint_never_moves_back_to_an_earlier_block() throws Exception {
    var checkpoints = storage.stores().checkpoints();
    await(checkpoints.save("l", new EventCheckpoint(12, "tx-12")));
    await(checkpoints.save("l", new EventCheckpoint(10, "tx-10")));
    EventCheckpoint afterLaggard = await(checkpoints.load("l")).orElseThrow();
    await(checkpoints.save("l", new EventCheckpoint(13, "tx-13")));

    assertThat(afterLaggard).isEqualTo(new EventCheckpoint(12, "tx-12"));
    assertThat(await(checkpoints.load("l"))).contains(new EventCheckpoint(13, "tx-13"));
  }

  @Test
  void the_read_model_applies_changes_in_block_order_and_computes_expiry_when_read()
      throws Exception {
    String id = Wallet.newConsentId();
    var model = storage.stores().readModel();
    await(model.insertIfAbsent(pending(id)));
    await(model.markRevocation(id, "pending", null));
    LedgerChange given =
        new LedgerChange(
            new ConsentTerms(
                id, "did:key:zS", "did:key:zP", "did:key:zR", FROM, FROM.plus(Duration.ofDays(30))),
            "ab".repeat(32),
            ConsentStatus.CONSENT_GIVEN,
            "tx-a",
            5);
    LedgerChange withdrawn =
        new LedgerChange(
            new ConsentTerms(
                id, "did:key:zS", "did:key:zP", "did:key:zR", FROM, FROM.plus(Duration.ofDays(30))),
            "ab".repeat(32),
            ConsentStatus.CONSENT_WITHDRAWN,
            "tx-r",
            7);

    await(model.apply(given));
    ConsentState afterGiven = await(model.find(id)).orElseThrow();
    await(model.apply(withdrawn));
    await(model.apply(given)); // an older change arriving late changes nothing
    ConsentState after = await(model.find(id)).orElseThrow();

    assertThat(afterGiven.status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
    assertThat(afterGiven.statusAt(FROM.plus(Duration.ofDays(31))))
        .isEqualTo(ConsentStatus.CONSENT_EXPIRED);
    assertThat(afterGiven.revocation()).isEqualTo("pending");
    assertThat(after.status()).isEqualTo(ConsentStatus.CONSENT_WITHDRAWN);
    assertThat(after.transactionId()).isEqualTo("tx-r");
    assertThat(after.blockNumber()).isEqualTo(7L);
    assertThat(after.revocation()).isNull();
    assertThat(await(model.findBySubject("did:key:zS", 0, 10))).hasSize(1);
  }

  @Test
  void a_rejected_anchor_marks_only_a_pending_consent() throws Exception {
    String id = Wallet.newConsentId();
    await(storage.stores().readModel().insertIfAbsent(pending(id)));

    await(storage.stores().readModel().markRejected(id, "NOT_AUTHORISED", "tx-x"));

    ConsentState s = await(storage.stores().readModel().find(id)).orElseThrow();
    assertThat(s.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(s.code()).isEqualTo("NOT_AUTHORISED");
  }

  @Test
  void challenges_are_stored_found_and_expired_ones_deleted() throws Exception {
    var challenges = storage.stores().challenges();
    await(challenges.save(new Challenge("old", "did:key:zS", FROM.minusSeconds(1))));
    await(challenges.save(new Challenge("new", "did:key:zS", FROM.plusSeconds(300))));

    int deleted = await(challenges.deleteExpired(FROM));

    assertThat(deleted).isEqualTo(1);
    assertThat(await(challenges.find("old"))).isEmpty();
    assertThat(await(challenges.find("new")))
        .contains(new Challenge("new", "did:key:zS", FROM.plusSeconds(300)));
  }

  @Test
  void an_event_and_its_checkpoint_are_written_in_one_transaction_and_a_failure_writes_neither()
      throws Exception {
    String id = Wallet.newConsentId();
    String record =
        "{\"changes\":[{\"consentId\":\""
            + id
            + "\",\"credentialHash\":\""
            + "ab".repeat(32)
            + "\","
            + "\"subject\":\"did:key:zS\",\"provider\":\"did:key:zP\",\"recipient\":\"did:key:zR\","
            + "\"validFrom\":\"2026-11-22T00:00:00Z\",\"validUntil\":\"2027-05-22T00:00:00Z\",\"status\":\"ConsentGiven\","
            + "\"txId\":\"tx-9\"}]}";
    ConsentEventListener listener =
        ConsentEventListener.start(
            from -> {
              throw new IllegalStateException("no feed in this test");
            },
            storage,
            Duration.ofHours(1));
    listener.close();

    await(
        listener.apply(
            new ConsentEventFeed.Event(
                9, "tx-9", "ConsentsChanged", Buffer.buffer(record).getBytes())));
    Optional<EventCheckpoint> checkpoint =
        await(storage.stores().checkpoints().load(ConsentEventListener.CHECKPOINT));
    await(
        storage
            .pool()
            .query("ALTER TABLE event_checkpoints ADD CONSTRAINT no_more CHECK (block_number < 10)")
            .execute());
    Throwable failed =
        listener
            .apply(
                new ConsentEventFeed.Event(
                    10,
                    "tx-10",
                    "ConsentsChanged",
                    Buffer.buffer(record.replace("ConsentGiven", "ConsentWithdrawn")).getBytes()))
            .toCompletionStage()
            .toCompletableFuture()
            .handle((v, e) -> e)
            .get();

    assertThat(checkpoint).contains(new EventCheckpoint(9, "tx-9"));
    assertThat(failed).isNotNull();
    ConsentState state = await(storage.stores().readModel().find(id)).orElseThrow();
    assertThat(state.status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
    assertThat(state.blockNumber()).isEqualTo(9L);
    assertThat(await(storage.stores().checkpoints().load(ConsentEventListener.CHECKPOINT)))
        .contains(new EventCheckpoint(9, "tx-9"));
  }

  @Test
  void the_outbox_processor_completes_a_batch_against_postgresql_and_a_resubmission_is_unchanged()
      throws Exception {
    String id = Wallet.newConsentId();
    Wallet wallet = new Wallet();
    String anchor =
        wallet.signAnchor(
            new io.vertx.core.json.JsonObject()
                .put("consentId", id)
                .put("credentialHash", "ab".repeat(32)));
    await(
        storage.inTransaction(
            s ->
                s.readModel()
                    .insertIfAbsent(pending(id))
                    .compose(
                        v ->
                            s.outbox()
                                .add(OutboxItem.Kind.ANCHOR, id, anchor, Wallet.hash(anchor)))));
    FakeLedger ledger = new FakeLedger();
    ledger.anchoredHash.put(id, "ab".repeat(32)); // anchored before a crash
    OutboxProcessor processor =
        new OutboxProcessor(vertx, storage, ledger, 10, Duration.ofHours(1), Duration.ofMinutes(2));

    int n = await(processor.runOnce());

    assertThat(n).isEqualTo(1);
    OutboxItem item = await(storage.stores().outbox().forConsent(id)).get(0);
    assertThat(item.state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(item.transactionId()).isEqualTo("tx1");
  }

  @Test
  void a_new_nonce_and_its_receipt_are_stored_by_one_statement_and_a_replayed_nonce_stores_neither()
      throws Exception {
    var nonces = storage.stores().nonces();
    var outbox = storage.stores().outbox();
    String consentId = Wallet.newConsentId();

    boolean first =
        await(
            nonces.rememberAndQueue(
                "did:key:zProvider",
                "n-1",
                outbox,
                OutboxItem.Kind.RECEIPT,
                consentId,
                "r.e.1",
                "ab".repeat(32)));
    boolean replayed =
        await(
            nonces.rememberAndQueue(
                "did:key:zProvider",
                "n-1",
                outbox,
                OutboxItem.Kind.RECEIPT,
                consentId,
                "r.e.2",
                "cd".repeat(32)));
    boolean otherProvider =
        await(
            nonces.rememberAndQueue(
                "did:key:zOther",
                "n-1",
                outbox,
                OutboxItem.Kind.RECEIPT,
                consentId,
                "r.e.3",
                "ef".repeat(32)));

    assertThat(first).isTrue();
    assertThat(replayed).isFalse();
    assertThat(otherProvider).isTrue();
    assertThat(await(nonces.remember("did:key:zProvider", "n-1"))).isFalse();
    List<OutboxItem> queued =
        await(outbox.claim(OutboxItem.Kind.RECEIPT, 10, Duration.ofMinutes(2)));
    assertThat(queued).extracting(OutboxItem::statement).containsExactly("r.e.1", "r.e.3");
    assertThat(queued).allSatisfy(i -> assertThat(i.consentId()).isEqualTo(consentId));
  }
}
