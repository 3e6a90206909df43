package kr.consentledger.consent;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Function;

/**
 * Port: the service's database, as a set of stores that can be used on their own or together in
 * one transaction.
 */
public interface ConsentStorage {
  /**
   * The stores, each call in its own transaction.
   *
   * @return the stores
   */
  Stores stores();

  /**
   * Runs work in one transaction: committed when the work's future succeeds, rolled back when it
   * fails (and the failure passed on).
   *
   * @param work uses the given stores, all bound to the transaction
   * @param <T> the result type
   * @return the work's result
   */
  <T> Future<T> inTransaction(Function<Stores, Future<T>> work);

  /**
   * The stores bound to one connection or transaction.
   *
   * @param credentials the credential store
   * @param readModel the read model
   * @param outbox the outbox
   * @param challenges the challenge store
   * @param checkpoints the event checkpoints
   * @param receipts the recorded receipts
   * @param nonces the presentation nonces seen
   */
  record Stores(
      CredentialStore credentials,
      ReadModel readModel,
      Outbox outbox,
      ChallengeStore challenges,
      EventCheckpoints checkpoints,
      ReceiptStore receipts,
      NonceStore nonces) {
    /** Checks that every store is present. */
    public Stores {
      Objects.requireNonNull(credentials, "credentials");
      Objects.requireNonNull(readModel, "readModel");
      Objects.requireNonNull(outbox, "outbox");
      Objects.requireNonNull(challenges, "challenges");
      Objects.requireNonNull(checkpoints, "checkpoints");
      Objects.requireNonNull(receipts, "receipts");
      Objects.requireNonNull(nonces, "nonces");
    }
  }
}
