/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * The Bitstring Status Lists' indexes: reserved at random for a subject, bound to the consent that
 * uses them, never given out twice; and, per list, the indexes whose consent the ledger shows
 * withdrawn (read from the read model, which only chaincode events change).
 */
public interface StatusListStore {
  /**
   * A reserved index.
   *
   * @param listId the list
   * @param index the index within it
   * @param expiresAt when the reservation lapses if no consent used it
   */
  record Reservation(int listId, int index, Instant expiresAt) {}

  /**
   * A list's published state.
   *
   * @param listId the list
   * @param size its number of entries
   * @param purpose its status purpose
   * @param set the indexes whose bit is 1, ascending
   */
  record ListState(int listId, int size, String purpose, List<Integer> set) {}

  /**
   * What binding an index to a consent found.
   *
   * <ul>
   *   <li>{@code BOUND}: bound now, or already bound to this consent;
   *   <li>{@code NOT_RESERVED}: no such reservation of this subject, or bound to another consent;
   *   <li>{@code EXPIRED}: reserved for this subject, never used, and lapsed.
   * </ul>
   */
  enum Claim {
    /** Bound to the consent. */
    BOUND,
    /** Not this subject's reservation, or taken by another consent. */
    NOT_RESERVED,
    /** The reservation lapsed unused. */
    EXPIRED
  }

  /**
   * Reserves a free index in the open list, opening a new list when the open one is half reserved.
   *
   * @param subject the subject's DID (kept in the database only, never published)
   * @param now the reservation time
   * @param expiresAt when it lapses unused
   * @param randomIndex maps a list's size to a uniformly random index below it
   * @return the reservation
   */
  Future<Reservation> reserve(
      String subject, Instant now, Instant expiresAt, IntUnaryOperator randomIndex);

  /**
   * Binds a reserved index to a consent: once only, by the subject it was reserved for, before it
   * lapsed (or again to the same consent, at any time).
   *
   * @param listId the list
   * @param index the index
   * @param subject the consent's subject
   * @param consentId the consent
   * @param now the time the reservation is judged against
   * @return what was found
   */
  Future<Claim> bind(int listId, int index, String subject, String consentId, Instant now);

  /**
   * A list's state as the ledger shows it: the indexes bound to consents whose read-model status is
   * {@code ConsentWithdrawn}.
   *
   * @param listId the list
   * @return the state, or empty when there is no such list
   */
  Future<Optional<ListState>> state(int listId);
}
