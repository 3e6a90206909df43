package kr.consentledger.resolver.impl;

import io.vertx.core.json.JsonObject;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.wallet.DidKey;

/**
 * Resolves {@code did:key} locally with the wallet SDK's {@link DidKey} (did:key spec v0.7):
 * Ed25519 ({@code z6Mk}, with the derived X25519 key agreement key), X25519 ({@code z6LS}), P-256
 * ({@code zDn}) and secp256k1 ({@code zQ3s}) public keys, each as a JsonWebKey2020 verification
 * method. Version options are ignored: a did:key has exactly one version.
 */
public final class KeyDidDriver extends LocalDidDriver {
  /** Creates the driver; it holds no state. */
  public KeyDidDriver() {
    super("key", KeyDidDriver::document);
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
