/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import kr.consentledger.consent.ConsentTerms;

/**
 * The columns of {@code consent_states} that hold a consent's terms and hash, in the order every
 * statement of this package binds them: {@code consent_id, credential_hash, subject_did,
 * provider_did, recipient_did, valid_from, valid_until}.
 */
final class ConsentRows {
  private ConsentRows() {}

  /**
   * Binds the terms and the hash as the next seven parameters.
   *
   * @param tuple the parameters so far
   * @param terms the consent's terms
   * @param credentialHash its credential hash
   * @return the same tuple
   */
  static Tuple addTerms(Tuple tuple, ConsentTerms terms, String credentialHash) {
    return tuple
        .addString(terms.consentId())
        .addString(credentialHash)
        .addString(terms.subject())
        .addString(terms.provider())
        .addString(terms.recipient())
        .addOffsetDateTime(PgTimes.utc(terms.validFrom()))
        .addOffsetDateTime(PgTimes.utc(terms.validUntil()));
  }

  /**
   * Reads the terms of a {@code consent_states} row.
   *
   * @param row the row
   * @return its terms
   */
  static ConsentTerms terms(Row row) {
    return new ConsentTerms(
        row.getString("consent_id"),
        row.getString("subject_did"),
        row.getString("provider_did"),
        row.getString("recipient_did"),
        PgTimes.instant(row.getOffsetDateTime("valid_from")),
        PgTimes.instant(row.getOffsetDateTime("valid_until")));
  }
}
