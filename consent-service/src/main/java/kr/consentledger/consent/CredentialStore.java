/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Port: consent credentials kept off-chain. Futures fail only for storage faults. */
public interface CredentialStore {
  /**
   * Stores a credential unless one with its consent id exists.
   *
   * @param credential the credential
   * @return true if stored, false if the consent id was taken
   */
  Future<Boolean> insertIfAbsent(StoredCredential credential);

  /**
   * Finds a credential.
   *
   * @param consentId the consent id
   * @return the credential (erased ones included), or empty
   */
  Future<Optional<StoredCredential>> find(String consentId);

  /**
   * Finds those of the given consents' credentials that belong to a subject.
   *
   * @param subject the subject's DID
   * @param consentIds the consents (one page of them)
   * @return the credentials found, ordered by consent id
   */
  Future<List<StoredCredential>> findBySubject(String subject, List<String> consentIds);

  /**
   * Deletes a credential's body, keeping its hash and DIDs.
   *
   * @param consentId the consent id
   * @return true if a body was deleted, false if there was none (unknown or already erased)
   */
  Future<Boolean> erase(String consentId);
}
