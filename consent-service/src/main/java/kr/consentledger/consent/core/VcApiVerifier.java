/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.VerificationRelationship;

/**
 * W3C VC API style verification of any VC-JOSE credential or presentation: the DIDs involved are
 * resolved first (asynchronously, through {@link DidKeys}), then the SDK's {@link Verifier} checks
 * signatures and validity windows against those documents. The outcome is {@code checks} (what
 * passed), {@code warnings} and {@code errors}; only a resolver that does not answer fails the
 * future (SERVICE_UNAVAILABLE).
 */
public final class VcApiVerifier {
  private final DidKeys keys;
  private final Clock clock;

  /**
   * @param keys DID resolution
   * @param clock the clock validity windows are judged against
   */
  public VcApiVerifier(DidKeys keys, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * One error.
   *
   * @param check the check that failed
   * @param code the code
   * @param message why
   */
  public record Problem(String check, String code, String message) {
    /**
     * A problem whose code is a constant of the service's, the checks' or the SDK's vocabulary.
     *
     * @param check the check
     * @param code the code
     * @param message why
     */
    Problem(String check, Enum<?> code, String message) {
      this(check, code.name(), message);
    }
  }

  /**
   * The outcome.
   *
   * @param checks the checks that passed
   * @param warnings warnings
   * @param errors the checks that failed
   */
  public record Outcome(List<String> checks, List<String> warnings, List<Problem> errors) {
    /** Copies the lists. */
    public Outcome {
      checks = List.copyOf(checks);
      warnings = List.copyOf(warnings);
      errors = List.copyOf(errors);
    }
  }

  /**
   * Verifies a vc+jwt.
   *
   * @param jws the credential
   * @return the outcome
   */
  public Future<Outcome> verifyCredential(String jws) {
    VerifiableCredential vc;
    try {
      vc = VerifiableCredential.parse(jws);
    } catch (RejectedException e) {
      return Future.succeededFuture(failed("proof", e));
    } catch (RuntimeException e) {
      return Future.succeededFuture(
          failed("proof", RejectionReason.MALFORMED_CREDENTIAL, "the credential cannot be read"));
    }
    return documents(Set.of(didOf(vc.keyId())))
        .map(
            docs -> {
              try {
                verifier(docs).verifyCredential(jws);
                return new Outcome(
                    List.of("proof", "validFrom", "validUntil"), List.of(), List.of());
              } catch (RejectedException e) {
                return failed(checkOf(e.reason()), e);
              } catch (WalletException e) {
                return failed("proof", ProblemCode.UNKNOWN_DID, e.getMessage());
              }
            });
  }

  /**
   * Verifies a vp+jwt and every credential in it.
   *
   * @param jws the presentation
   * @param domain the expected aud, or null to skip
   * @param challenge the expected nonce, or null to skip
   * @return the outcome
   */
  public Future<Outcome> verifyPresentation(String jws, String domain, String challenge) {
    VerifiablePresentation vp;
    try {
      vp = VerifiablePresentation.parse(jws);
    } catch (RejectedException e) {
      return Future.succeededFuture(failed("proof", e));
    } catch (RuntimeException e) {
      return Future.succeededFuture(
          failed(
              "proof", RejectionReason.MALFORMED_PRESENTATION, "the presentation cannot be read"));
    }
    Set<String> dids = new LinkedHashSet<>();
    dids.add(vp.holder());
    vp.credentials().forEach(c -> dids.add(didOf(c.keyId())));
    return documents(dids)
        .map(
            docs -> {
              List<String> checks = new ArrayList<>();
              List<Problem> errors = new ArrayList<>();
              DidDocument holder = docs.get(vp.holder());
              if (!didOf(vp.keyId()).equals(vp.holder())) {
                errors.add(
                    new Problem(
                        "proof", ProblemCode.NOT_AUTHORISED, "kid is not a key of the holder"));
              } else if (holder == null) {
                errors.add(
                    new Problem(
                        "proof", ProblemCode.UNKNOWN_DID, "the holder's DID cannot be resolved"));
              } else {
                try {
                  DidKeys.verify(
                      holder, vp.keyId(), vp.jws(), VerificationRelationship.AUTHENTICATION);
                  checks.add("proof");
                } catch (ConsentException e) {
                  errors.add(new Problem("proof", e.code().name(), e.getMessage()));
                }
              }
              if (domain != null) {
                if (vp.audience().contains(domain)) {
                  checks.add("domain");
                } else {
                  errors.add(
                      new Problem(
                          "domain", CheckCode.WRONG_AUDIENCE, "aud does not name " + domain));
                }
              }
              if (challenge != null) {
                if (vp.nonce().map(challenge::equals).orElse(false)) {
                  checks.add("challenge");
                } else {
                  errors.add(
                      new Problem(
                          "challenge",
                          RejectionReason.WRONG_NONCE,
                          "the nonce is not the challenge"));
                }
              }
              Verifier verifier = verifier(docs);
              List<VerifiableCredential> vcs = vp.credentials();
              for (int i = 0; i < vcs.size(); i++) {
                try {
                  verifier.verifyCredential(vcs.get(i).jws());
                  checks.add("verifiableCredential[" + i + "]");
                } catch (RejectedException e) {
                  errors.add(
                      new Problem(
                          "verifiableCredential[" + i + "]." + checkOf(e.reason()),
                          PresentationVerifier.code(e),
                          e.getMessage()));
                } catch (WalletException e) {
                  errors.add(
                      new Problem(
                          "verifiableCredential[" + i + "]",
                          ProblemCode.UNKNOWN_DID,
                          e.getMessage()));
                }
              }
              return new Outcome(checks, List.of(), errors);
            });
  }

  private Future<Map<String, DidDocument>> documents(Set<String> dids) {
    Map<String, DidDocument> out = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (String did : dids) {
      chain =
          chain.compose(
              v ->
                  keys.document(did)
                      .map(
                          doc -> {
                            out.put(did, doc);
                            return (Void) null;
                          })
                      .recover(
                          e ->
                              e instanceof ConsentException c
                                      && c.code() != ProblemCode.SERVICE_UNAVAILABLE
                                  ? Future.succeededFuture()
                                  : Future.failedFuture(e)));
    }
    return chain.map(out);
  }

  private Verifier verifier(Map<String, DidDocument> docs) {
    return Verifier.builder()
        .clock(clock)
        .resolver(
            did -> {
              DidDocument doc = docs.get(did);
              if (doc == null) {
                throw new RejectedException(
                    RejectionReason.DID_NOT_FOUND, "the DID " + did + " cannot be resolved");
              }
              return doc;
            })
        .build();
  }

  private static String didOf(String kid) {
    int hash = kid.indexOf('#');
    return hash < 0 ? kid : kid.substring(0, hash);
  }

  private static String checkOf(RejectionReason reason) {
    return switch (reason) {
      case EXPIRED -> "validUntil";
      case NOT_YET_VALID -> "validFrom";
      default -> "proof";
    };
  }

  private static Outcome failed(String check, RejectedException e) {
    return failed(check, PresentationVerifier.code(e), e.getMessage());
  }

  private static Outcome failed(String check, Enum<?> code, String message) {
    return new Outcome(List.of(), List.of(), List.of(new Problem(check, code, message)));
  }
}
