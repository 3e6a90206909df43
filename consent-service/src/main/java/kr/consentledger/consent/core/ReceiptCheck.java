/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import kr.consentledger.consent.core.PresentationVerifier.Check;
import kr.consentledger.consent.core.PresentationVerifier.Request;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.did.VerificationRelationship;

/**
 * The provider's receipt statement matches the request, the consent and the presentation, and is
 * signed by an assertion key of the provider. A statement the SDK's parser refuses fails with the
 * SDK's code mapped as everywhere else ({@link Rejections}); one that differs from the request
 * fails with {@code RECEIPT_MISMATCH}.
 */
final class ReceiptCheck {
  private static final String NAME = PresentationVerifier.RECEIPT;

  /**
   * The result and, when it passed, the verified receipt.
   *
   * @param check the result
   * @param receipt the receipt when the check passed, else null
   */
  record Outcome(Check check, ReceiptStatements.Receipt receipt) {
    static Future<Outcome> failed(String detail) {
      return Future.succeededFuture(
          new Outcome(Check.fail(NAME, CheckCode.RECEIPT_MISMATCH, detail), null));
    }
  }

  private ReceiptCheck() {}

  /**
   * Returns the outcome; failed only when the provider's DID cannot be resolved for now.
   *
   * @param p what is presented
   * @return the outcome; failed only when the provider's DID cannot be resolved for now
   */
  static Future<Outcome> run(Presented p) {
    ReceiptStatements.Receipt r;
    try {
      r = ReceiptStatements.parseReceipt(p.request().receipt());
    } catch (RejectedException e) {
      // The SDK's code, as for any other statement: WRONG_TYPE, INVALID_STATEMENT,
      // NOT_AUTHORISED (a kid that is not the provider's), MALFORMED_JWT, …
      return Future.succeededFuture(
          new Outcome(Check.fail(NAME, Rejections.code(e.reason()), e.getMessage()), null));
    } catch (RuntimeException e) {
      return Outcome.failed("the receipt cannot be read");
    }
    List<String> wrong = differences(p.request(), p.consent(), r);
    if (!wrong.isEmpty()) {
      return Outcome.failed("the receipt differs from the request in " + wrong);
    }
    return p.keys()
        .document(p.request().provider())
        .map(
            doc -> {
              DidKeys.verify(doc, r.keyId(), r.jws(), VerificationRelationship.ASSERTION_METHOD);
              return new Outcome(Check.pass(NAME), r);
            })
        .recover(e -> CheckFailures.failed(NAME, e).map(c -> new Outcome(c, null)));
  }

  private static List<String> differences(
      Request request, PresentedConsent c, ReceiptStatements.Receipt r) {
    List<String> wrong = new ArrayList<>();
    if (!c.consentId().equals(r.consentId())) {
      wrong.add("consentId");
    }
    if (!request.provider().equals(r.provider())) {
      wrong.add("provider");
    }
    if (request.recipient() == null || !request.recipient().equals(r.recipient())) {
      wrong.add("recipient");
    }
    if (r.categories().size() != request.categories().size()
        || !new HashSet<>(r.categories()).equals(new HashSet<>(request.categories()))) {
      wrong.add("categories");
    }
    if (!ReceiptStatements.presentationHash(c.presentation()).equals(r.presentationHash())) {
      wrong.add("presentationHash");
    }
    return wrong;
  }
}
