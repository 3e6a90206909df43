/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Port: statements waiting for the ledger (the transactional outbox). An item is added in the same
 * transaction as the state it belongs to; the {@code OutboxProcessor} claims, submits and completes
 * items. Futures fail only for storage faults.
 */
public interface Outbox {
  /**
   * Adds a pending item.
   *
   * @param kind anchor or revoke
   * @param consentId the consent
   * @param statement the compact JWS
   * @param statementHash its SHA-256, lowercase hex
   * @return the item's id
   */
  Future<Long> add(OutboxItem.Kind kind, String consentId, String statement, String statementHash);

  /**
   * Claims up to {@code max} items of one kind, oldest first: pending ones and submitted ones whose
   * lease ran out or whose claiming service instance is gone, skipping rows other processors hold.
   * An anchor or revocation is claimed only when no other anchor or revocation of its consent is in
   * flight (submitted, lease running, its instance alive) or older and still pending, so a
   * consent's statements reach the ledger one transaction at a time, in order; in particular a
   * revocation waits for its anchor. Claimed items become {@code submitted}, their attempts count
   * goes up by one and their lease ends after {@code lease}.
   *
   * @param kind the kind to claim
   * @param max at most this many
   * @param lease how long the claim holds
   * @return the claimed items, ordered by id; possibly empty
   */
  Future<List<OutboxItem>> claim(OutboxItem.Kind kind, int max, Duration lease);

  /**
   * Records the transaction id the items were submitted in.
   *
   * @param ids the items
   * @param transactionId the transaction id
   * @return done
   */
  Future<Void> recordTransaction(List<Long> ids, String transactionId);

  /**
   * Completes an item.
   *
   * @param id the item
   * @param state done or rejected
   * @param code the chaincode's code when rejected, else null
   * @return done
   */
  Future<Void> complete(long id, OutboxItem.State state, String code);

  /**
   * Puts submitted items back to pending after a failed or timed-out transaction.
   *
   * @param ids the items
   * @param code the failure's code, kept for diagnosis
   * @return done
   */
  Future<Void> release(List<Long> ids, String code);

  /**
   * Puts back to pending every submitted item whose claiming service instance is gone (a previous
   * run of this one, or another instance that stopped or was killed): called once at start-up. The
   * items of instances still running are left to them.
   *
   * @return how many items were released
   */
  Future<Integer> releaseAllSubmitted();

  /**
   * The items of a consent.
   *
   * @param consentId the consent
   * @return its items, ordered by id
   */
  Future<List<OutboxItem>> forConsent(String consentId);

  /**
   * How many items wait for the ledger: pending, or submitted and not yet completed. The backlog
   * admission control bounds.
   *
   * @return the count
   */
  Future<Long> countWaiting();

  /**
   * The most items {@link #forConsent} returns (a consent has an anchor and a few revocation
   * tries).
   */
  int MAX_ITEMS_PER_CONSENT = 100;
}
