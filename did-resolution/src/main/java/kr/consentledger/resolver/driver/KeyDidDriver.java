/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import io.vertx.core.json.JsonObject;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.wallet.did.DidKey;

/**
 * Resolves {@code did:key} locally with the wallet SDK's {@link DidKey} (did:key spec v0.7):
 * Ed25519 ({@code z6Mk}, with the derived X25519 key agreement key), X25519 ({@code z6LS}), P-256
 * ({@code zDn}) and secp256k1 ({@code zQ3s}) public keys, each as a JsonWebKey2020 verification
 * method. Version options are ignored: a did:key has exactly one version.
 */
public final class KeyDidDriver extends LocalDidDriver {
  /** Creates the driver with a cache of {@link #DEFAULT_CACHE_SIZE} documents. */
  public KeyDidDriver() {
    this(DEFAULT_CACHE_SIZE);
  }

  /**
   * Creates the driver with a cache of computed documents.
   *
   * @param cacheSize the most documents kept; 0 computes every one
   */
  public KeyDidDriver(int cacheSize) {
    super("key", KeyDidDriver::document, cacheSize);
  }

  /**
   * Computes the DID document of a did:key.
   *
   * @throws ResolutionException INVALID_DID saying why the key was rejected
   */
  static JsonObject document(String did) throws ResolutionException {
    return document(did, DidKey::resolve);
  }
}
