/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentStorage.Completion;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.consent.LedgerChange;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.StoredCredential;
import kr.consentledger.consent.testing.Wallet;
import org.junit.jupiter.api.Test;

/**
 * The set-based statements of the pipelined outbox on a real PostgreSQL: acceptance in one
 * statement, a batch completed in one statement, claims that keep one statement of a consent in
 * flight at a time, and the backlog count.
 */
class PgOutboxBatchIT extends PgStorageFixture {
  private static final Duration LEASE = Duration.ofMinutes(2);

  private static StoredCredential credential(String id) {
    return new StoredCredential(
        id, "h.p.s", "ab".repeat(32), "did:key:zS", "did:key:zP", "did:key:zR", false);
  }

  /** An accepted consent; returns its anchor's outbox id. */
  private long accepted(String id) throws Exception {
    assertThat(
            await(
                storage.acceptConsent(
                    credential(id), pending(id), "anchor." + id, "cd".repeat(32))))
        .isTrue();
    return await(storage.stores().outbox().forConsent(id)).get(0).id();
  }

  private OutboxItem item(String consentId, int index) throws Exception {
    return await(storage.stores().outbox().forConsent(consentId)).get(index);
  }

  private ConsentState state(String id) throws Exception {
    return await(storage.stores().readModel().find(id)).orElseThrow();
  }

  @Test
  void
      accepting_a_consent_stores_credential_pending_row_and_anchor_and_the_same_id_again_stores_nothing()
          throws Exception {
    String id = Wallet.newConsentId();

    boolean first =
        await(storage.acceptConsent(credential(id), pending(id), "anchor.a.b", "cd".repeat(32)));
    boolean again =
        await(storage.acceptConsent(credential(id), pending(id), "anchor.x.y", "ef".repeat(32)));

    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(await(storage.stores().credentials().find(id)))
        .hasValueSatisfying(c -> assertThat(c.jws()).isEqualTo("h.p.s"));
    assertThat(state(id).status()).isEqualTo(ConsentStatus.PENDING);
    assertThat(await(storage.stores().outbox().forConsent(id)))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.kind()).isEqualTo(OutboxItem.Kind.ANCHOR);
              assertThat(i.statement()).isEqualTo("anchor.a.b");
              assertThat(i.state()).isEqualTo(OutboxItem.State.PENDING);
            });
    assertThat(await(storage.stores().outbox().countWaiting())).isEqualTo(1L);
  }

  @Test
  void
      a_batch_is_completed_in_one_statement_with_each_items_outcome_in_the_outbox_and_the_read_model()
          throws Exception {
    String given = Wallet.newConsentId();
    String refused = Wallet.newConsentId();
    String unchanged = Wallet.newConsentId();
    accepted(given);
    accepted(refused);
    accepted(unchanged);
    List<OutboxItem> claimed =
        await(storage.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, LEASE));

    await(
        storage.completeBatch(
            "tx-1",
            7L,
            List.of(
                new Completion(
                    claimed.get(0), OutboxItem.State.DONE, null, ConsentStatus.CONSENT_GIVEN),
                new Completion(claimed.get(1), OutboxItem.State.REJECTED, "NOT_AUTHORISED", null),
                new Completion(claimed.get(2), OutboxItem.State.DONE, null, null))));

    assertThat(item(given, 0).state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(state(given).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
    assertThat(state(given).transactionId()).isEqualTo("tx-1");
    assertThat(state(given).blockNumber()).isEqualTo(7L);
    assertThat(item(refused, 0).state()).isEqualTo(OutboxItem.State.REJECTED);
    assertThat(item(refused, 0).code()).isEqualTo("NOT_AUTHORISED");
    assertThat(state(refused).status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(state(refused).code()).isEqualTo("NOT_AUTHORISED");
    assertThat(item(unchanged, 0).state()).isEqualTo(OutboxItem.State.DONE);
    assertThat(state(unchanged).status())
        .as("its event brings the record")
        .isEqualTo(ConsentStatus.PENDING);
    assertThat(await(storage.stores().outbox().countWaiting())).isZero();
  }

  @Test
  void
      a_revocation_batch_withdraws_or_marks_the_revocation_rejected_and_never_overwrites_a_later_block()
          throws Exception {
    String withdrawn = Wallet.newConsentId();
    String refused = Wallet.newConsentId();
    String later = Wallet.newConsentId();
    for (String id : List.of(withdrawn, refused, later)) {
      accepted(id);
    }
    List<OutboxItem> anchors =
        await(storage.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, LEASE));
    await(
        storage.completeBatch(
            "tx-1",
            5L,
            anchors.stream()
                .map(
                    a ->
                        new Completion(a, OutboxItem.State.DONE, null, ConsentStatus.CONSENT_GIVEN))
                .toList()));
    for (String id : List.of(withdrawn, refused, later)) {
      await(
          storage
              .stores()
              .outbox()
              .add(OutboxItem.Kind.REVOKE, id, "revoke." + id, "ef".repeat(32)));
      await(storage.stores().readModel().markRevocation(id, "pending", null));
    }
    // The listener already applied a later change of one consent.
    ConsentState s = state(later);
    await(
        storage
            .stores()
            .readModel()
            .apply(
                new LedgerChange(
                    s.terms(), s.credentialHash(), ConsentStatus.CONSENT_WITHDRAWN, "tx-9", 9L)));
    List<OutboxItem> revokes =
        await(storage.stores().outbox().claim(OutboxItem.Kind.REVOKE, 10, LEASE));

    await(
        storage.completeBatch(
            "tx-2",
            6L,
            List.of(
                new Completion(
                    revokes.get(0), OutboxItem.State.DONE, null, ConsentStatus.CONSENT_WITHDRAWN),
                new Completion(revokes.get(1), OutboxItem.State.REJECTED, "NOT_AUTHORISED", null),
                new Completion(
                    revokes.get(2),
                    OutboxItem.State.DONE,
                    null,
                    ConsentStatus.CONSENT_WITHDRAWN))));

    assertThat(state(withdrawn).status()).isEqualTo(ConsentStatus.CONSENT_WITHDRAWN);
    assertThat(state(withdrawn).revocation()).isNull();
    assertThat(state(withdrawn).blockNumber()).isEqualTo(6L);
    assertThat(state(refused).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
    assertThat(state(refused).revocation()).isEqualTo("rejected");
    assertThat(state(refused).revocationCode()).isEqualTo("NOT_AUTHORISED");
    assertThat(state(later).transactionId()).isEqualTo("tx-9");
    assertThat(state(later).blockNumber()).isEqualTo(9L);
  }

  @Test
  void a_consents_statements_are_claimed_one_at_a_time_oldest_first_while_other_consents_go_on()
      throws Exception {
    String a = Wallet.newConsentId();
    String b = Wallet.newConsentId();
    accepted(a);
    await(storage.stores().outbox().add(OutboxItem.Kind.REVOKE, a, "revoke.1", "ef".repeat(32)));
    await(storage.stores().outbox().add(OutboxItem.Kind.REVOKE, a, "revoke.2", "12".repeat(32)));
    List<OutboxItem> anchorA =
        await(storage.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, LEASE));
    accepted(b);

    List<OutboxItem> whileAnchorInFlight =
        await(storage.stores().outbox().claim(OutboxItem.Kind.REVOKE, 10, LEASE));
    List<OutboxItem> anchorB =
        await(storage.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, LEASE));
    await(
        storage.completeBatch(
            "tx-1",
            3L,
            List.of(
                new Completion(
                    anchorA.get(0), OutboxItem.State.DONE, null, ConsentStatus.CONSENT_GIVEN))));
    List<OutboxItem> first =
        await(storage.stores().outbox().claim(OutboxItem.Kind.REVOKE, 10, LEASE));
    List<OutboxItem> whileFirstInFlight =
        await(storage.stores().outbox().claim(OutboxItem.Kind.REVOKE, 10, LEASE));
    await(storage.stores().outbox().release(List.of(first.get(0).id()), "MVCC_READ_CONFLICT"));
    List<OutboxItem> afterRelease =
        await(storage.stores().outbox().claim(OutboxItem.Kind.REVOKE, 10, LEASE));

    assertThat(anchorA).singleElement().satisfies(i -> assertThat(i.consentId()).isEqualTo(a));
    assertThat(whileAnchorInFlight).as("the revocations wait for their anchor").isEmpty();
    assertThat(anchorB).singleElement().satisfies(i -> assertThat(i.consentId()).isEqualTo(b));
    assertThat(first)
        .singleElement()
        .satisfies(i -> assertThat(i.statement()).isEqualTo("revoke.1"));
    assertThat(whileFirstInFlight).as("the second waits for the first").isEmpty();
    assertThat(afterRelease)
        .as("released, the oldest goes again, still alone")
        .singleElement()
        .satisfies(i -> assertThat(i.statement()).isEqualTo("revoke.1"));
    assertThat(await(storage.stores().outbox().countWaiting())).isEqualTo(3L);
  }

  @Test
  void a_claim_takes_pending_rows_and_run_out_leases_but_never_rows_in_flight() throws Exception {
    String a = Wallet.newConsentId();
    String b = Wallet.newConsentId();
    String c = Wallet.newConsentId();
    accepted(a);
    accepted(b);
    List<OutboxItem> inFlight =
        await(storage.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, LEASE));
    accepted(c);

    List<OutboxItem> next =
        await(storage.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, Duration.ofMillis(1)));
    Thread.sleep(50);
    List<OutboxItem> again =
        await(storage.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, LEASE));
    List<OutboxItem> none =
        await(storage.stores().outbox().claim(OutboxItem.Kind.ANCHOR, 10, LEASE));

    assertThat(inFlight).extracting(OutboxItem::consentId).containsExactly(a, b);
    assertThat(next)
        .as("the rows in flight are not taken again")
        .extracting(OutboxItem::consentId)
        .containsExactly(c);
    assertThat(again)
        .as("a lease that ran out is taken again")
        .singleElement()
        .satisfies(i -> assertThat(i.consentId()).isEqualTo(c));
    assertThat(none).isEmpty();
    assertThat(await(storage.stores().outbox().countWaiting())).isEqualTo(3L);
  }

  @Test
  void receipts_of_one_consent_are_claimed_together() throws Exception {
    String a = Wallet.newConsentId();
    accepted(a);
    await(storage.stores().outbox().add(OutboxItem.Kind.RECEIPT, a, "receipt.1", "01".repeat(32)));
    await(storage.stores().outbox().add(OutboxItem.Kind.RECEIPT, a, "receipt.2", "02".repeat(32)));

    List<OutboxItem> receipts =
        await(storage.stores().outbox().claim(OutboxItem.Kind.RECEIPT, 10, LEASE));

    assertThat(receipts).hasSize(2);
  }

  @Test
  void many_ledger_changes_are_applied_in_one_round_trip_each_as_apply_does() throws Exception {
    List<LedgerChange> changes = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = Wallet.newConsentId();
      accepted(id);
      changes.add(
          new LedgerChange(
              new ConsentTerms(
                  id,
                  "did:key:zS",
                  "did:key:zP",
                  "did:key:zR",
                  FROM,
                  FROM.plus(Duration.ofDays(30))),
              "ab".repeat(32),
              ConsentStatus.CONSENT_GIVEN,
              "tx-5",
              5L));
    }

    await(storage.stores().readModel().applyAll(changes));

    for (LedgerChange c : changes) {
      assertThat(state(c.consentId()).status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
      assertThat(state(c.consentId()).blockNumber()).isEqualTo(5L);
    }
  }
}
