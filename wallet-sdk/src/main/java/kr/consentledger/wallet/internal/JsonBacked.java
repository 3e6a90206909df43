/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An immutable value that keeps its whole JSON object, so unknown members round-trip: two values of
 * the same class are equal when their JSON is. {@code Credential} and {@code DidDocument} extend it
 * and declare the rest of their API themselves.
 */
public abstract class JsonBacked {
  /** The JSON object; never handed out or changed. */
  protected final ObjectNode json;

  /**
   * @param json the JSON object, not to be changed afterwards
   */
  protected JsonBacked(ObjectNode json) {
    this.json = json;
  }

  @Override
  public boolean equals(Object o) {
    // Same class, not instanceof: a credential and a presentation with equal JSON are not equal.
    return o instanceof JsonBacked other
        && other.getClass() == getClass()
        && other.json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }
}
