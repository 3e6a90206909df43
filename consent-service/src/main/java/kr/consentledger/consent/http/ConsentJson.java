/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.core.ConsentService;

/** The JSON views of consent states. */
final class ConsentJson {
  private ConsentJson() {}

  /**
   * The public view: ids, hash, the provider's and recipient's DIDs, validity, status, ledger
   * position. No personal fields and not the subject's DID.
   */
  static JsonObject status(ConsentState s, Instant now) {
    JsonObject json =
        new JsonObject()
            .put("consentId", s.consentId())
            .put("status", s.statusAt(now).jsonName())
            .put("transactionId", s.transactionId())
            .put("blockNumber", s.blockNumber())
            .put("credentialHash", s.credentialHash())
            .put("provider", s.terms().provider())
            .put("recipient", s.terms().recipient())
            .put("validFrom", s.terms().validFrom().toString())
            .put("validUntil", s.terms().validUntil().toString())
            .put(
                "updatedAt",
                s.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    if (s.code() != null) {
      json.put("code", s.code());
    }
    if (s.revocation() != null) {
      json.put(
          "revocation",
          new JsonObject().put("status", s.revocation()).put("code", s.revocationCode()));
    }
    return json;
  }

  /** The subject's own view: the public view, the subject's DID and the credential. */
  static JsonObject forSubject(ConsentService.SubjectConsent c, Instant now) {
    return status(c.state(), now)
        .put("subject", c.state().terms().subject())
        .put("credential", c.credential())
        .put("credentialErased", c.credential() == null);
  }
}
