/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Port: the service's database, as a set of stores that can be used on their own or together in one
 * transaction.
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
   * Stores an accepted consent: its credential, a pending read-model row and an anchor outbox item,
   * all or nothing. Nothing is stored when a read-model row for the consent id exists. This default
   * uses {@link #inTransaction} (three statements); PostgreSQL does it in one statement.
   *
   * @param credential the credential
   * @param pending the pending state
   * @param anchor the anchor statement (compact JWS)
   * @param anchorHash its SHA-256, lowercase hex
   * @return true when stored, false when the consent id was already there
   */
  default Future<Boolean> acceptConsent(
      StoredCredential credential, ConsentState pending, String anchor, String anchorHash) {
    return inTransaction(
        stores ->
            stores
                .readModel()
                .insertIfAbsent(pending)
                .compose(
                    added ->
                        !added
                            ? Future.succeededFuture(false)
                            : stores
                                .credentials()
                                .insertIfAbsent(credential)
                                .compose(
                                    v ->
                                        stores
                                            .outbox()
                                            .add(
                                                OutboxItem.Kind.ANCHOR,
                                                pending.consentId(),
                                                anchor,
                                                anchorHash))
                                .map(id -> true)));
  }

  /**
   * Completes outbox items from a transaction's results and applies them to the read model, all or
   * nothing: each item becomes {@code done} or {@code rejected}; a {@link Completion#status()} is
   * written to the consent's row (unless the row already shows a later block); a rejected anchor
   * marks its consent {@code rejected}, a rejected revocation marks the revocation {@code
   * rejected}. This default uses {@link #inTransaction} with a few statements per item; PostgreSQL
   * does it in one statement.
   *
   * @param transactionId the transaction the items were in, or null when none committed
   * @param blockNumber its block, or null
   * @param completions one per item; at most one per consent for anchors and revocations
   * @return done
   */
  default Future<Void> completeBatch(
      String transactionId, Long blockNumber, List<Completion> completions) {
    return inTransaction(
        stores -> {
          Future<Void> chain = Future.succeededFuture();
          for (Completion c : completions) {
            chain = chain.compose(v -> completeOne(stores, transactionId, blockNumber, c));
          }
          return chain;
        });
  }

  private static Future<Void> completeOne(
      Stores stores, String transactionId, Long blockNumber, Completion c) {
    OutboxItem item = c.item();
    Future<Void> done = stores.outbox().complete(item.id(), c.state(), c.code());
    if (item.kind() == OutboxItem.Kind.RECEIPT) {
      return done;
    }
    if (c.state() == OutboxItem.State.REJECTED) {
      return done.compose(
          v ->
              item.kind() == OutboxItem.Kind.ANCHOR
                  ? stores.readModel().markRejected(item.consentId(), c.code(), transactionId)
                  : stores.readModel().markRevocation(item.consentId(), "rejected", c.code()));
    }
    if (c.status() == null || blockNumber == null) {
      return done;
    }
    return done.compose(v -> stores.readModel().find(item.consentId()))
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture()
                    : stores
                        .readModel()
                        .apply(
                            new LedgerChange(
                                found.get().terms(),
                                found.get().credentialHash(),
                                c.status(),
                                transactionId,
                                blockNumber)));
  }

  /**
   * How one outbox item ends.
   *
   * @param item the item
   * @param state {@code done} or {@code rejected}
   * @param code the chaincode's code when rejected, else null
   * @param status the status the ledger now holds for the consent ({@code ConsentGiven} or {@code
   *     ConsentWithdrawn}) when this transaction changed it, else null
   */
  record Completion(OutboxItem item, OutboxItem.State state, String code, ConsentStatus status) {
    /** Checks the components. */
    public Completion {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(state, "state");
      if (!state.isFinal()) {
        throw new IllegalArgumentException("state must be done or rejected");
      }
    }
  }

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
