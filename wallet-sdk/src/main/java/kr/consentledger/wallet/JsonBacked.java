/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An immutable value that keeps its whole JSON object, so unknown members round-trip: two values of
 * the same class are equal when their JSON is. Package-private: {@link Credential} and {@link
 * DidDocument} extend it and declare the rest of their API themselves. {@code equals} and {@code
 * hashCode} are not final, so that javac gives those public classes their own public copies.
 */
abstract class JsonBacked {
  /** The JSON object; never handed out or changed. */
  final ObjectNode json;

  JsonBacked(ObjectNode json) {
    this.json = json;
  }

  /**
   * @return a copy of the JSON object, for the SDK to sign or embed
   */
  final ObjectNode jsonTree() {
    return json.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((JsonBacked) o).json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }
}
