/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.did;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One version of a DID as the ledger keeps it; the current version is also stored as the DID's
 * head. Times are the transaction timestamps, ISO-8601 UTC to the second.
 *
 * @param did the DID
 * @param versionId lowercase hex SHA-256 of the operation that made this version
 * @param sequence 1 for the create, then one more per accepted operation
 * @param operation create, update or deactivate
 * @param document the DID document of this version (for deactivate: the last document)
 * @param deactivated whether this version deactivated the DID
 * @param created when the DID was created
 * @param updated when this version was written
 * @param txId the transaction that wrote this version
 * @param previousVersionId the version this one replaced; null for the create
 * @param nextVersionId the version that replaced this one; null while it is current
 */
public record DidVersion(
    String did,
    String versionId,
    long sequence,
    String operation,
    JsonNode document,
    boolean deactivated,
    String created,
    String updated,
    String txId,
    String previousVersionId,
    String nextVersionId) {

  DidVersion withNext(String next) {
    return new DidVersion(
        did,
        versionId,
        sequence,
        operation,
        document,
        deactivated,
        created,
        updated,
        txId,
        previousVersionId,
        next);
  }
}
