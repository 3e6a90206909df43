/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import java.util.Objects;

/**
 * The ledger's current state of a {@code did:fabric} DID.
 *
 * @param did the DID
 * @param document the current document (for a deactivated DID: the last document before
 *     deactivation)
 * @param versionId lowercase hex SHA-256 of the last accepted operation's compact JWS
 * @param deactivated whether the DID has been deactivated; then no operation is accepted
 */
public record DidState(String did, DidDocument document, String versionId, boolean deactivated) {
  /**
   * Checks that no component is null.
   *
   * @param did see the record description
   * @param document see the record description
   * @param versionId see the record description
   * @param deactivated see the record description
   */
  public DidState {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(versionId, "versionId");
  }
}
