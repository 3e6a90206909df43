/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Port: the consent states the API reports, projected from the service's own decisions and the
 * ledger's {@code ConsentsChanged} events. Futures fail only for storage faults.
 */
public interface ReadModel {
  /**
   * Adds a consent unless one with its id exists.
   *
   * @param state the state, normally {@link ConsentState#pending}
   * @return true if added
   */
  Future<Boolean> insertIfAbsent(ConsentState state);

  /**
   * Finds a consent.
   *
   * @param consentId the consent id
   * @return its state, or empty
   */
  Future<Optional<ConsentState>> find(String consentId);

  /**
   * The consents of a subject, one page of them.
   *
   * @param subject the subject's DID
   * @param offset how many to skip, in consent-id order
   * @param limit how many at most
   * @return their states, ordered by consent id
   */
  Future<List<ConsentState>> findBySubject(String subject, int offset, int limit);

  /**
   * Applies a ledger change: inserts the consent or updates its status, hash, DIDs, window,
   * transaction id and block; clears a pending revocation once withdrawn.
   *
   * @param change the change from an event or a committed transaction
   * @return done
   */
  Future<Void> apply(LedgerChange change);

  /**
   * Applies several ledger changes, each as {@link #apply} does. This default applies them one
   * after the other; PostgreSQL sends them in one round trip.
   *
   * @param changes the changes, in ledger order
   * @return done
   */
  default Future<Void> applyAll(List<LedgerChange> changes) {
    Future<Void> chain = Future.succeededFuture();
    for (LedgerChange c : changes) {
      chain = chain.compose(v -> apply(c));
    }
    return chain;
  }

  /**
   * Marks a pending consent rejected by the chaincode.
   *
   * @param consentId the consent id
   * @param code the chaincode's code
   * @param transactionId the transaction that rejected it
   * @return done
   */
  Future<Void> markRejected(String consentId, String code, String transactionId);

  /**
   * Records the state of a revocation: {@code pending} when accepted, {@code rejected} with the
   * chaincode's code when refused.
   *
   * @param consentId the consent id
   * @param revocation {@code pending} or {@code rejected}
   * @param code the chaincode's code, or null
   * @return done
   */
  Future<Void> markRevocation(String consentId, String revocation, String code);
}
