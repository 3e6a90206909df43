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
}
