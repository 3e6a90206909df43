/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.did;

import java.util.Objects;

/**
 * A DID document service entry with a single string endpoint.
 *
 * @param id absolute DID URL, for example {@code did:fabric:abc#consent}
 * @param type service type
 * @param serviceEndpoint endpoint URI
 */
public record Service(String id, String type, String serviceEndpoint) {
  /**
   * Checks that no component is null.
   *
   * @param id see the record description
   * @param type see the record description
   * @param serviceEndpoint see the record description
   */
  public Service {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(serviceEndpoint, "serviceEndpoint");
  }
}
