/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import kr.consentledger.consent.core.StatusLists;
import kr.consentledger.service.Env;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;

/**
 * The Bitstring Status Lists' settings (issue 14), from the environment:
 *
 * <ul>
 *   <li>{@code CONSENT_STATUS_LIST_KEY_FILE}: a file holding the operators' private JWK (Ed25519,
 *       P-256 or secp256k1); its did:fabric ({@code DidFabric.didFor} of the public key, {@code
 *       #key-1} for authentication and assertionMethod) signs the lists and is registered on the
 *       ledger at start-up when it is not there yet. Unset: a key made at start-up (a new DID each
 *       start; every instance its own), for development only.
 *   <li>{@code CONSENT_PUBLIC_URL}: the service's public URL (scheme, host, port) the lists' URLs
 *       start with; default {@code <scheme>://<CONSENT_HOST>:<port>}.
 *   <li>{@code CONSENT_STATUS_RESERVATION_MINUTES}: how long a reservation waits for its consent
 *       (default 30).
 *   <li>{@code CONSENT_STATUS_LIST_REQUIRED}: {@code true} refuses a new consent without a {@code
 *       BitstringStatusListEntry} (default {@code false}: older wallets keep working).
 * </ul>
 *
 * @param key the operators' key
 * @param publicUrl the public URL, or null for the default
 * @param reservationTtl how long a reservation waits
 * @param required whether new consents must carry an entry
 */
public record StatusListConfig(
    WalletKeyPair key, String publicUrl, Duration reservationTtl, boolean required) {
  /**
   * Reads the settings.
   *
   * @param env the environment
   * @return the settings
   * @throws IllegalArgumentException when the key file cannot be read or holds no private JWK
   */
  public static StatusListConfig fromEnvironment(Map<String, String> env) {
    String file = env.get("CONSENT_STATUS_LIST_KEY_FILE");
    WalletKeyPair key;
    if (file == null || file.isBlank()) {
      key = WalletKeyPair.generate(KeyType.ED25519);
    } else {
      try {
        key = WalletKeyPair.fromJwk(Files.readString(Path.of(file)).strip());
      } catch (IOException | RejectedException e) {
        throw new IllegalArgumentException(
            "CONSENT_STATUS_LIST_KEY_FILE: no private JWK in " + file + ": " + e.getMessage(), e);
      }
    }
    String url = env.get("CONSENT_PUBLIC_URL");
    return new StatusListConfig(
        key,
        url == null || url.isBlank() ? null : url.strip(),
        Duration.ofMinutes(Env.integer(env, "CONSENT_STATUS_RESERVATION_MINUTES", 30)),
        Boolean.parseBoolean(env.getOrDefault("CONSENT_STATUS_LIST_REQUIRED", "false")));
  }

  /**
   * Returns the operators' did:fabric, its key and its document.
   *
   * @return the operator
   */
  public StatusLists.Operator operator() {
    String did = DidFabric.didFor(key.publicKey());
    DidDocument document = DidFabric.newDocument(key.publicKey()).build();
    return new StatusLists.Operator(did, key.signer(did + "#key-1"), document);
  }
}
