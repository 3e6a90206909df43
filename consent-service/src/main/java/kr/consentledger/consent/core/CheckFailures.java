/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.core.PresentationVerifier.Check;

/**
 * How a check that waited for a DID document or the ledger turns a failure into its result: a
 * verdict on what was presented is a failed check; a source that does not answer fails the whole
 * verification with SERVICE_UNAVAILABLE (or the source's own 503 code).
 */
final class CheckFailures {
  private CheckFailures() {}

  static Future<Check> failed(String check, Throwable e) {
    if (e instanceof ConsentException ce && ce.code().httpStatus() < 500) {
      return Future.succeededFuture(Check.fail(check, ce.code(), ce.getMessage()));
    }
    return unavailable(e);
  }

  static <T> Future<T> unavailable(Throwable e) {
    if (e instanceof ConsentException ce) {
      return Future.failedFuture(ce);
    }
    return Future.failedFuture(
        new ConsentException(
            ProblemCode.SERVICE_UNAVAILABLE, "the ledger did not answer; try again"));
  }
}
