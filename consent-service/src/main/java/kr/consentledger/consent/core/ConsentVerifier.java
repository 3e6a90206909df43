/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.did.VerificationRelationship;

/**
 * Verifies what wallets send: a consent credential with its anchor statement (§2, §3), and a
 * revocation statement (§4). Shapes and rules are the wallet SDK's ({@link
 * ConsentCredential#parse(String, Duration)}, {@link ConsentStatements}), its rejection codes
 * mapped as wallet-sdk/README.md says. Checks run in a fixed order: the credential (JWS, typ, every
 * rule of §2), its validity, the anchor statement's agreement, then (after DID resolution) keys and
 * signatures.
 */
public final class ConsentVerifier {
  /** The credential's JWS typ. */
  public static final String CREDENTIAL_TYP = VerifiableCredential.TYP;

  /** The anchor statement's JWS typ. */
  public static final String ANCHOR_TYP = ConsentStatements.ANCHOR_TYP;

  /** The revocation statement's JWS typ. */
  public static final String REVOCATION_TYP = ConsentStatements.REVOCATION_TYP;

  private final Duration maxTerm;
  private final DidKeys keys;
  private final Clock clock;

  /**
   * @param maxTerm the longest validity window accepted
   * @param keys DID resolution and signature checks
   * @param clock the clock validity is judged against
   */
  public ConsentVerifier(Duration maxTerm, DidKeys keys, Clock clock) {
    if (maxTerm == null || maxTerm.isNegative() || maxTerm.isZero()) {
      throw new IllegalArgumentException("maxTerm must be positive");
    }
    this.maxTerm = maxTerm;
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A verified credential and anchor statement.
   *
   * @param terms what the credential says that goes on the ledger
   * @param credential the credential JWS
   * @param credentialHash its hash
   * @param anchor the anchor statement JWS
   * @param anchorHash its hash
   * @param parsed the credential as parsed (its status list entry, among others)
   */
  public record VerifiedGrant(
      ConsentTerms terms,
      String credential,
      String credentialHash,
      String anchor,
      String anchorHash,
      ConsentCredential parsed) {}

  /**
   * A verified revocation statement.
   *
   * @param consentId the consent
   * @param statement the JWS
   * @param statementHash its hash
   */
  public record VerifiedRevocation(String consentId, String statement, String statementHash) {}

  /**
   * Verifies a credential and its anchor statement.
   *
   * @param credentialJws the vc+jwt
   * @param anchorJws the consent-anchor+jwt
   * @return the verified grant, or a future failed with {@link ConsentException}
   */
  public Future<VerifiedGrant> verifyGrant(String credentialJws, String anchorJws) {
    ConsentCredential credential;
    ConsentStatements.Anchor anchor;
    ConsentTerms terms;
    try {
      try {
        credential = ConsentCredential.parse(credentialJws, maxTerm);
      } catch (RejectedException e) {
        throw Rejections.problem(e);
      }
      terms =
          new ConsentTerms(
              credential.consentId(),
              credential.subject(),
              credential.provider(),
              credential.recipient(),
              credential.validFrom(),
              credential.validUntil());
      if (!terms.validUntil().isAfter(clock.instant())) {
        throw new ConsentException(ProblemCode.EXPIRED, "the credential's validUntil has passed");
      }
      try {
        anchor = ConsentStatements.checkAnchorMatches(credential, anchorJws);
      } catch (RejectedException e) {
        // An anchor statement that does not have exactly the seven members of §3, in their
        // forms, cannot agree with the credential: the service answers STATEMENT_MISMATCH
        // (INVALID_STATEMENT is the chaincode's code, §6).
        throw e.reason() == RejectionReason.INVALID_STATEMENT
            ? new ConsentException(ProblemCode.STATEMENT_MISMATCH, e.getMessage())
            : Rejections.problem(e);
      }
    } catch (ConsentException e) {
      return Future.failedFuture(e);
    }
    return keys.document(terms.subject())
        .map(
            doc -> {
              DidKeys.verifyCredential(doc, credential);
              DidKeys.verify(
                  doc, anchor.keyId(), anchor.jws(), VerificationRelationship.ASSERTION_METHOD);
              return new VerifiedGrant(
                  terms,
                  credential.jws(),
                  credential.credentialHash(),
                  anchor.jws(),
                  anchor.statementHash(),
                  credential);
            });
  }

  /**
   * Verifies a revocation statement against the consent it names.
   *
   * @param consentId the consent id of the request path
   * @param revocationJws the consent-revocation+jwt
   * @param state the consent's state, or null when there is none
   * @return the verified revocation, or a future failed with {@link ConsentException}
   */
  public Future<VerifiedRevocation> verifyRevocation(
      String consentId, String revocationJws, ConsentState state) {
    ConsentStatements.Revocation revocation;
    try {
      try {
        revocation = ConsentStatements.parseRevocation(revocationJws);
      } catch (RejectedException e) {
        throw Rejections.problem(e);
      }
      if (!consentId.equals(revocation.consentId())) {
        throw new ConsentException(
            ProblemCode.STATEMENT_MISMATCH, "the revocation statement names another consent");
      }
      if (state == null) {
        throw new ConsentException(ProblemCode.CONSENT_NOT_FOUND, "no consent " + consentId);
      }
      if (!state.credentialHash().equals(revocation.credentialHash())
          || !state.terms().subject().equals(revocation.subject())) {
        throw new ConsentException(
            ProblemCode.HASH_MISMATCH,
            "the revocation's credentialHash or subject differ from the consent's");
      }
    } catch (ConsentException e) {
      return Future.failedFuture(e);
    }
    return keys.document(state.terms().subject())
        .map(
            doc -> {
              DidKeys.verify(
                  doc,
                  revocation.keyId(),
                  revocation.jws(),
                  VerificationRelationship.AUTHENTICATION);
              return new VerifiedRevocation(
                  consentId, revocation.jws(), revocation.statementHash());
            });
  }
}
