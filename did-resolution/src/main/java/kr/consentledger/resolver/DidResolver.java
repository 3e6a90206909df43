/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

import io.vertx.core.Future;

/**
 * Port: the W3C DID Resolution {@code resolve(did, resolutionOptions)} function.
 *
 * <p>Implementations never block the calling thread; drivers that do blocking I/O (the Fabric
 * gateway) run it on a worker pool.
 */
@FunctionalInterface
public interface DidResolver {
  /**
   * Resolves a DID.
   *
   * @param did a DID without path, query or fragment; null fails the future with {@link
   *     ResolutionError#INVALID_DID}
   * @param options the resolution options; never null (use {@link ResolutionOptions#latest()})
   * @return a future of the result. A deactivated DID succeeds, with {@link
   *     ResolutionResult#deactivated()} true. Rejections fail the future with a {@link
   *     ResolutionException} whose {@link ResolutionException#error()} is the spec error code; any
   *     other failure is an internal error.
   */
  Future<ResolutionResult> resolve(String did, ResolutionOptions options);
}
