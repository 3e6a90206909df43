/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/** How a service writes an {@link EdgeError} as its own problem+json response. */
@FunctionalInterface
public interface EdgeProblems {
  /**
   * Sets the status and headers and ends the response with a problem+json body.
   *
   * @param response a response whose head is not written yet
   * @param error the error
   * @param detail the explanation, or null
   * @return the future of the response's end
   */
  Future<Void> send(HttpServerResponse response, EdgeError error, String detail);
}
