/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

/**
 * Port to the {@code dids} chaincode's EVALUATE transactions. Calls block, so callers run them on a
 * worker thread. Each returns the UTF-8 JSON {@code {"didDocument": ..., "didDocumentMetadata":
 * ...}}.
 */
public interface DidLedger {
  /** {@code Resolve(did)}: the latest version. */
  byte[] resolve(String did) throws DidLedgerException;

  /** {@code ResolveVersion(did, versionId)}. */
  byte[] resolveVersion(String did, String versionId) throws DidLedgerException;

  /** {@code ResolveAt(did, versionTime)}, the time as ISO-8601 UTC. */
  byte[] resolveAt(String did, String versionTime) throws DidLedgerException;
}
