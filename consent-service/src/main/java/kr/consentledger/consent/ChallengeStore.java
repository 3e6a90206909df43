/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/** Port: DID-auth challenges (§7). Futures fail only for storage faults. */
public interface ChallengeStore {
  /**
   * Stores a challenge.
   *
   * @param challenge the challenge
   * @return done
   */
  Future<Void> save(Challenge challenge);

  /**
   * Finds a challenge.
   *
   * @param value the challenge text
   * @return the challenge (expired ones included), or empty
   */
  Future<Optional<Challenge>> find(String value);

  /**
   * Deletes challenges that expired before a time.
   *
   * @param now the time
   * @return how many were deleted
   */
  Future<Integer> deleteExpired(Instant now);
}
