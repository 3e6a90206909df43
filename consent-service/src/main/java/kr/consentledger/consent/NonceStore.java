/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;

/** Presentation nonces a provider has already seen (a unique constraint per provider). */
public interface NonceStore {
  /**
   * Records a nonce.
   *
   * @param provider the provider's DID
   * @param nonce the presentation's nonce
   * @return true when it was new, false when this provider has seen it before
   */
  Future<Boolean> remember(String provider, String nonce);

  /**
   * Records a nonce and, only when it is new, adds an item to the outbox: one database round trip
   * where the store can (PostgreSQL: one statement), two otherwise.
   *
   * @param provider the provider's DID
   * @param nonce the presentation's nonce
   * @param outbox the outbox, used when the store cannot do both at once
   * @param kind the item's kind
   * @param consentId the consent
   * @param statement the compact JWS statement
   * @param statementHash its hash
   * @return true when the nonce was new (and the item added), false when it was seen before
   *     (nothing added)
   */
  default Future<Boolean> rememberAndQueue(
      String provider,
      String nonce,
      Outbox outbox,
      OutboxItem.Kind kind,
      String consentId,
      String statement,
      String statementHash) {
    return remember(provider, nonce)
        .compose(
            fresh ->
                fresh
                    ? outbox.add(kind, consentId, statement, statementHash).map(true)
                    : Future.succeededFuture(false));
  }
}
