/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

/**
 * Where the event listener resumes, with the semantics of Fabric's {@code Checkpointer}: start
 * reading at {@code blockNumber} and skip that block's events up to and including {@code
 * transactionId}.
 *
 * @param blockNumber the block of the last applied event (or the next block, when {@code
 *     transactionId} is null)
 * @param transactionId the last applied transaction in that block, or null
 */
public record EventCheckpoint(long blockNumber, String transactionId) {
  /** Checks the block number. */
  public EventCheckpoint {
    if (blockNumber < 0) {
      throw new IllegalArgumentException("blockNumber must not be negative");
    }
  }
}
