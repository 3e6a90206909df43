package kr.consentledger.consent.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentTerms;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.VerificationRelationship;

/**
 * Verifies what wallets send: a consent credential with its anchor statement (§2, §3), and a
 * revocation statement (§4). Checks run in a fixed order: parsing and typ, the credential's rules,
 * the statement's agreement, then (after DID resolution) keys and signatures.
 */
public final class ConsentVerifier {
  /** The credential's JWS typ. */
  public static final String CREDENTIAL_TYP = "vc+jwt";
  /** The anchor statement's JWS typ. */
  public static final String ANCHOR_TYP = "consent-anchor+jwt";
  /** The revocation statement's JWS typ. */
  public static final String REVOCATION_TYP = "consent-revocation+jwt";

  private static final Set<String> ANCHOR_MEMBERS =
      Set.of("consentId", "credentialHash", "subject", "provider", "recipient", "validFrom", "validUntil");
  private static final Set<String> REVOCATION_MEMBERS =
      Set.of("consentId", "credentialHash", "subject", "reason");
  private static final Set<String> REASONS = Set.of("withdrawn", "purpose-fulfilled", "other");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private final CredentialRules rules;
  private final DidKeys keys;
  private final Clock clock;

  /**
   * @param rules the credential rules (with the maximum term)
   * @param keys DID resolution and signature checks
   * @param clock the clock validity is judged against
   */
  public ConsentVerifier(CredentialRules rules, DidKeys keys, Clock clock) {
    this.rules = Objects.requireNonNull(rules, "rules");
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
   */
  public record VerifiedGrant(
      ConsentTerms terms, String credential, String credentialHash, String anchor, String anchorHash) {}

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
    SignedObject credential;
    SignedObject anchor;
    ConsentTerms terms;
    try {
      credential = SignedObject.parse(credentialJws, CREDENTIAL_TYP, "credential");
      if (!"vc".equals(credential.header("cty"))) {
        throw new ConsentException(ProblemCode.WRONG_TYPE, "the credential's cty must be \"vc\"");
      }
      anchor = SignedObject.parse(anchorJws, ANCHOR_TYP, "anchor statement");
      terms = rules.check(credential.payload());
      if (!terms.validUntil().isAfter(clock.instant())) {
        throw new ConsentException(ProblemCode.EXPIRED, "the credential's validUntil has passed");
      }
      if (!credential.signerDid().equals(terms.subject())) {
        throw new ConsentException(
            ProblemCode.SUBJECT_ISSUER_MISMATCH, "the credential's kid is not a key of its issuer");
      }
      checkAnchor(anchor, credential.payload(), terms, credential.sha256());
    } catch (ConsentException e) {
      return Future.failedFuture(e);
    }
    return keys
        .document(terms.subject())
        .map(
            doc -> {
              DidKeys.verify(doc, credential, VerificationRelationship.ASSERTION_METHOD);
              DidKeys.verify(doc, anchor, VerificationRelationship.ASSERTION_METHOD);
              return new VerifiedGrant(
                  terms, credential.compact(), credential.sha256(), anchor.compact(), anchor.sha256());
            });
  }

  private static void checkAnchor(
      SignedObject anchor, JsonObject vc, ConsentTerms terms, String credentialHash) {
    JsonObject a = anchor.payload();
    if (!a.fieldNames().equals(ANCHOR_MEMBERS)) {
      throw new ConsentException(
          ProblemCode.STATEMENT_MISMATCH,
          "the anchor statement must have exactly the members " + String.join(", ", ANCHOR_MEMBERS.stream().sorted().toList()));
    }
    Map<String, Object> expected =
        Map.of(
            "consentId", terms.consentId(),
            "credentialHash", credentialHash,
            "subject", terms.subject(),
            "provider", terms.provider(),
            "recipient", terms.recipient(),
            "validFrom", vc.getValue("validFrom"),
            "validUntil", vc.getValue("validUntil"));
    for (String member : ANCHOR_MEMBERS.stream().sorted().toList()) {
      if (!expected.get(member).equals(a.getValue(member))) {
        throw new ConsentException(
            ProblemCode.STATEMENT_MISMATCH, "the anchor statement's " + member + " differs from the credential");
      }
    }
    if (!anchor.signerDid().equals(terms.subject())) {
      throw new ConsentException(
          ProblemCode.SUBJECT_ISSUER_MISMATCH, "the anchor statement's kid is not a key of the subject");
    }
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
    SignedObject revocation;
    try {
      revocation = SignedObject.parse(revocationJws, REVOCATION_TYP, "revocation statement");
      JsonObject r = revocation.payload();
      if (!REVOCATION_MEMBERS.containsAll(r.fieldNames())
          || !(r.getValue("consentId") instanceof String)
          || !(r.getValue("subject") instanceof String)
          || !(r.getValue("credentialHash") instanceof String hash && HEX64.matcher(hash).matches())
          || r.containsKey("reason") && !REASONS.contains(r.getValue("reason"))) {
        throw new ConsentException(
            ProblemCode.INVALID_STATEMENT,
            "the revocation statement must have consentId, credentialHash (64 hex), subject and"
                + " optionally reason (withdrawn, purpose-fulfilled, other), nothing else");
      }
      if (!consentId.equals(r.getValue("consentId"))) {
        throw new ConsentException(
            ProblemCode.STATEMENT_MISMATCH, "the revocation statement names another consent");
      }
      if (state == null) {
        throw new ConsentException(ProblemCode.CONSENT_NOT_FOUND, "no consent " + consentId);
      }
      if (!state.credentialHash().equals(r.getValue("credentialHash"))
          || !state.subject().equals(r.getValue("subject"))) {
        throw new ConsentException(
            ProblemCode.HASH_MISMATCH, "the revocation's credentialHash or subject differ from the consent's");
      }
      if (!revocation.signerDid().equals(state.subject())) {
        throw new ConsentException(
            ProblemCode.NOT_AUTHORISED, "only the subject can revoke a consent");
      }
    } catch (ConsentException e) {
      return Future.failedFuture(e);
    }
    return keys
        .document(state.subject())
        .map(
            doc -> {
              DidKeys.verify(doc, revocation, VerificationRelationship.AUTHENTICATION);
              return new VerifiedRevocation(consentId, revocation.compact(), revocation.sha256());
            });
  }
}
