/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.util.Optional;

/** Port: where each event listener resumes. Futures fail only for storage faults. */
public interface EventCheckpoints {
  /**
   * Loads a checkpoint.
   *
   * @param listener the listener's name
   * @return the checkpoint, or empty before the first event
   */
  Future<Optional<EventCheckpoint>> load(String listener);

  /**
   * Stores a checkpoint, replacing the previous one.
   *
   * @param listener the listener's name
   * @param checkpoint the checkpoint
   * @return done
   */
  Future<Void> save(String listener, EventCheckpoint checkpoint);
}
