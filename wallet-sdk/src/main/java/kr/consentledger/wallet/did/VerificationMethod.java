/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import java.util.Objects;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * A verification method of a DID document whose key this SDK understands.
 *
 * @param id absolute DID URL of the method, for example {@code did:fabric:abc#key-1}
 * @param type the method type, for example {@code JsonWebKey2020}
 * @param controller the DID that controls the key
 * @param publicKey the key
 */
public record VerificationMethod(
    String id, String type, String controller, WalletPublicKey publicKey) {
  /**
   * Checks that no component is null.
   *
   * @param id see the record description
   * @param type see the record description
   * @param controller see the record description
   * @param publicKey see the record description
   */
  public VerificationMethod {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(controller, "controller");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}
