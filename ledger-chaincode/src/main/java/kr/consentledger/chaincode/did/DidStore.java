/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.did;

import java.nio.charset.StandardCharsets;
import kr.consentledger.chaincode.CanonicalJson;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Where DIDs live in the world state. Every key is scoped by the DID, so operations on unrelated
 * DIDs never conflict:
 *
 * <ul>
 *   <li>{@code did~<did>}: the current version (the head);
 *   <li>{@code did-version~<did>~<versionId>}: every version;
 *   <li>{@code did-seq~<did>~<20-digit sequence>}: the versionId of each sequence number, so a
 *       version in force at a time is found by binary search.
 * </ul>
 */
final class DidStore {
  private final ChaincodeStub stub;

  DidStore(ChaincodeStub stub) {
    this.stub = stub;
  }

  /** The current version, or null when the DID is unknown. */
  DidVersion head(String did) {
    return read(stub.createCompositeKey("did", did).toString());
  }

  /** A version by id, or null. */
  DidVersion version(String did, String versionId) {
    return read(stub.createCompositeKey("did-version", did, versionId).toString());
  }

  /** A version by sequence number, or null. */
  DidVersion bySequence(String did, long sequence) {
    byte[] id = stub.getState(sequenceKey(did, sequence));
    return id == null || id.length == 0
        ? null
        : version(did, new String(id, StandardCharsets.UTF_8));
  }

  /** Writes {@code next} as the new head and links it from the version it replaces. */
  void append(DidVersion previous, DidVersion next) {
    if (previous != null) {
      write(
          stub.createCompositeKey("did-version", previous.did(), previous.versionId()).toString(),
          previous.withNext(next.versionId()));
    }
    write(stub.createCompositeKey("did-version", next.did(), next.versionId()).toString(), next);
    stub.putState(
        sequenceKey(next.did(), next.sequence()),
        next.versionId().getBytes(StandardCharsets.UTF_8));
    write(stub.createCompositeKey("did", next.did()).toString(), next);
  }

  private String sequenceKey(String did, long sequence) {
    return stub.createCompositeKey("did-seq", did, String.format("%020d", sequence)).toString();
  }

  private DidVersion read(String key) {
    byte[] json = stub.getState(key);
    return json == null || json.length == 0
        ? null
        : CanonicalJson.fromBytes(json, DidVersion.class);
  }

  private void write(String key, DidVersion version) {
    stub.putState(key, CanonicalJson.toBytes(version));
  }
}
