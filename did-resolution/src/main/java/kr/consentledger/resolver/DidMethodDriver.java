/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

/**
 * A resolver for exactly one DID method; {@link DidResolvers#byMethod} routes to drivers by {@link
 * #method()}.
 */
public interface DidMethodDriver extends DidResolver {
  /**
   * The method name this driver resolves.
   *
   * @return the method name, for example {@code "fabric"}; never null
   */
  String method();
}
