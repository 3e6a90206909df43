/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.VerificationMethod;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * Verifies credentials and presentations against DID documents from a {@link DidResolver}.
 * Immutable and thread-safe.
 *
 * <p>A credential is accepted when: it is a compact JWS with {@code typ} vc+jwt and a supported
 * {@code alg}; the payload is a VC 2.0 credential; the DID of {@code kid} is the issuer; the
 * issuer's document lists {@code kid} under assertionMethod; the signature verifies; and the clock
 * is within [validFrom, validUntil] widened by the allowed skew. A presentation is accepted when,
 * likewise, {@code typ} is vp+jwt, the DID of {@code kid} is the holder, {@code kid} is under the
 * holder's authentication, the signature verifies, {@code aud} contains the expected audience,
 * {@code nonce} equals the expected nonce, and every enveloped credential is accepted.
 *
 * <p>For any other compact JWS (a statement, a DID-auth token, a receipt, parsed by its own
 * parser), {@link #verifyJws(String, WalletPublicKey)} and {@link #verifyJws(String, DidDocument,
 * String, VerificationRelationship)} check its signature against a key or an already resolved DID
 * document, with the same checks and codes.
 */
public final class Verifier {
  private final DidResolver resolver;
  private final Clock clock;
  private final Duration skew;
  private final AnchoringTimes anchoring;

  private Verifier(DidResolver resolver, Clock clock, Duration skew, AnchoringTimes anchoring) {
    this.resolver = resolver;
    this.clock = clock;
    this.skew = skew;
    this.anchoring = anchoring;
  }

  /**
   * Port: when a credential was anchored on the ledger (a consent credential: the {@code consents}
   * contract's record, its {@code anchoredAt}), so that {@link #verifyPresentation} checks an
   * enveloped credential's signature against its issuer's DID document as it was then
   * (CONSENT-PROTOCOL.md §8).
   */
  @FunctionalInterface
  public interface AnchoringTimes {
    /**
     * The anchoring time of a credential.
     *
     * @param credential an enveloped credential, parsed
     * @return when it was anchored (to the second), or empty when it is not anchored (then its
     *     issuer's current document is used)
     * @throws WalletException if the ledger could not answer
     */
    Optional<Instant> anchoredAt(VerifiableCredential credential) throws WalletException;
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies the signature of a compact JWS with a public key, over the bytes as received. Only the
   * protected header's {@code alg} and the signature are read (the header as strictly as every
   * parser of the SDK reads it); the payload is not: parse the token with its own parser ({@code
   * ConsentStatements.parseAnchor}, {@code DidAuth.parse}, ...), which checks its shape, {@code
   * typ} and header members, and verify its {@code jws()} here. No verification decodes a curve
   * point: a key keeps its point as decoded when it was made, and a key met again (in a document
   * resolved again) gets the same point (see {@link WalletPublicKey}).
   *
   * @param compact the compact JWS as received
   * @param key the signer's key, for example the one its {@code kid} names
   * @throws RejectedException MALFORMED_JWS (not three canonical base64url parts, a header that is
   *     not one JSON object, {@code alg} missing or {@code none}), UNSUPPORTED_ALGORITHM (an {@code
   *     alg} other than EdDSA, ES256 and ES256K, or one that does not fit the key), BAD_SIGNATURE
   */
  public static void verifyJws(String compact, WalletPublicKey key) throws RejectedException {
    Jws.verifyCompact(compact, Objects.requireNonNull(key, "key"));
  }

  /**
   * Verifies the signature of a compact JWS with the key {@code kid} names in an already resolved
   * DID document, which must list it under {@code relationship}: as {@link #verifyJws(String,
   * WalletPublicKey)}, after the key check this verifier makes for credentials and presentations.
   * Nothing is resolved, so nothing blocks.
   *
   * @param compact the compact JWS as received
   * @param signer the signer's DID document
   * @param kid the key's DID URL (absolute or a {@code #fragment} of the document), as the token's
   *     parser returned it
   * @param relationship the relationship the key must be listed under, for example assertionMethod
   *     for a statement, authentication for a DID-auth token
   * @return the verification method whose key verified the signature
   * @throws RejectedException UNKNOWN_KEY (kid names no supported key of the document),
   *     NOT_AUTHORISED (not under the relationship), then as {@link #verifyJws(String,
   *     WalletPublicKey)}
   */
  public static VerificationMethod verifyJws(
      String compact, DidDocument signer, String kid, VerificationRelationship relationship)
      throws RejectedException {
    VerificationMethod vm = authorizedKey(signer, kid, relationship, "JWS");
    Jws.verifyCompact(compact, vm.publicKey());
    return vm;
  }

  /**
   * Verifies a credential.
   *
   * @param jws the compact JWS
   * @return the verified credential
   * @throws RejectedException with a {@link RejectionReason} saying why
   * @throws WalletException if the resolver could not answer
   */
  public VerifiableCredential verifyCredential(String jws)
      throws RejectedException, WalletException {
    return verifyCredential(VerifiableCredential.fromParsed(Jws.parse(jws)));
  }

  /**
   * Verifies a credential already parsed ({@link VerifiableCredential#parse}, a presentation's
   * {@link VerifiablePresentation#credentials()}, or {@code ConsentCredential#verifiableCredential}
   * of a parsed consent credential) without parsing it again: resolves its issuer, checks the key
   * and the signature as {@link #verifyCredential(VerifiableCredential, DidDocument)}, then the
   * validity window with this verifier's clock and skew.
   *
   * @param credential the parsed credential
   * @return the verified credential
   * @throws RejectedException with a {@link RejectionReason} saying why
   * @throws WalletException if the resolver could not answer
   */
  public VerifiableCredential verifyCredential(VerifiableCredential credential)
      throws RejectedException, WalletException {
    String issuer = requireIssuerKey(credential);
    VerificationMethod vm =
        authorizedKey(
            issuer, credential.keyId(), VerificationRelationship.ASSERTION_METHOD, "Credential");
    credential.verifySignature(vm.publicKey());
    checkValidity(credential);
    return credential;
  }

  private void checkValidity(VerifiableCredential credential) throws RejectedException {
    Instant now = clock.instant();
    Optional<Instant> from = credential.credential().validFrom();
    if (from.isPresent() && now.plus(skew).isBefore(from.get())) {
      throw new RejectedException(
          RejectionReason.NOT_YET_VALID,
          "Credential rejected: not valid before " + from.get() + " (now " + now + ")");
    }
    Optional<Instant> until = credential.credential().validUntil();
    if (until.isPresent() && now.minus(skew).isAfter(until.get())) {
      throw new RejectedException(
          RejectionReason.EXPIRED,
          "Credential rejected: expired at " + until.get() + " (now " + now + ")");
    }
  }

  /**
   * Verifies the signature of a credential already parsed with its issuer's already resolved DID
   * document, without parsing the credential again: its {@code kid} must be a key of the issuer
   * listed under assertionMethod, and the signature must verify. The validity window is not checked
   * (the caller decides at which time). Nothing is resolved, so nothing blocks.
   *
   * @param credential the parsed credential
   * @param issuer the issuer's DID document
   * @return the verification method whose key verified the signature
   * @throws RejectedException ISSUER_MISMATCH (kid not a DID URL of the issuer), INVALID_DOCUMENT
   *     (the document is another DID's), UNKNOWN_KEY, NOT_AUTHORISED, UNSUPPORTED_ALGORITHM,
   *     BAD_SIGNATURE
   */
  public static VerificationMethod verifyCredential(
      VerifiableCredential credential, DidDocument issuer) throws RejectedException {
    String did = requireIssuerKey(credential);
    if (!Objects.requireNonNull(issuer, "issuer").id().equals(did)) {
      throw new RejectedException(
          RejectionReason.INVALID_DOCUMENT,
          "Credential rejected: the document is "
              + issuer.id()
              + "'s, not the issuer "
              + did
              + "'s");
    }
    VerificationMethod vm =
        authorizedKey(
            issuer, credential.keyId(), VerificationRelationship.ASSERTION_METHOD, "Credential");
    credential.verifySignature(vm.publicKey());
    return vm;
  }

  private static String requireIssuerKey(VerifiableCredential vc) throws RejectedException {
    String issuer = vc.credential().issuer();
    if (!Dids.didOf(vc.keyId()).equals(issuer)) {
      throw new RejectedException(
          RejectionReason.ISSUER_MISMATCH,
          "Credential rejected: kid "
              + vc.keyId()
              + " is not a key of issuer "
              + Dids.abbreviate(issuer));
    }
    return issuer;
  }

  /**
   * Verifies a presentation and every credential in it.
   *
   * @param jws the compact JWS
   * @param expectedAudience the verifier's own identifier, which {@code aud} must contain
   * @param expectedNonce the challenge the verifier issued
   * @return the verified presentation
   * @throws RejectedException with a {@link RejectionReason} saying why; for an enveloped
   *     credential the message names its index
   * @throws WalletException if the resolver could not answer
   */
  public VerifiablePresentation verifyPresentation(
      String jws, String expectedAudience, String expectedNonce)
      throws RejectedException, WalletException {
    Objects.requireNonNull(expectedAudience, "expectedAudience");
    Objects.requireNonNull(expectedNonce, "expectedNonce");
    Jws.Parsed parsed = Jws.parse(jws);
    VerifiablePresentation vp = VerifiablePresentation.fromParsed(parsed);
    if (!Dids.didOf(vp.keyId()).equals(vp.holder())) {
      throw new RejectedException(
          RejectionReason.HOLDER_MISMATCH,
          "Presentation rejected: kid "
              + vp.keyId()
              + " is not a key of holder "
              + Dids.abbreviate(vp.holder()));
    }
    VerificationMethod vm =
        authorizedKey(
            vp.holder(), vp.keyId(), VerificationRelationship.AUTHENTICATION, "Presentation");
    parsed.verify(vm.publicKey());
    if (!vp.audience().contains(expectedAudience)) {
      throw new RejectedException(
          RejectionReason.WRONG_AUDIENCE,
          "Presentation rejected: aud " + vp.audience() + " does not include " + expectedAudience);
    }
    if (!vp.nonce().equals(Optional.of(expectedNonce))) {
      throw new RejectedException(
          RejectionReason.WRONG_NONCE, "Presentation rejected: nonce does not match the challenge");
    }
    List<VerifiableCredential> vcs = vp.credentials();
    for (int i = 0; i < vcs.size(); i++) {
      try {
        verifyEnveloped(vcs.get(i));
      } catch (RejectedException e) {
        throw new RejectedException(
            e.reason(),
            "Presentation rejected: verifiableCredential[" + i + "]: " + e.getMessage(),
            e);
      }
    }
    return vp;
  }

  /**
   * An enveloped credential: with {@link Builder#anchoringTimes}, its signature against its
   * issuer's document at its anchoring (the issuer must still resolve now), else as {@link
   * #verifyCredential(VerifiableCredential)}.
   */
  private void verifyEnveloped(VerifiableCredential credential)
      throws RejectedException, WalletException {
    Optional<Instant> at = anchoring == null ? Optional.empty() : anchoring.anchoredAt(credential);
    if (at.isEmpty()) {
      verifyCredential(credential);
      return;
    }
    String issuer = requireIssuerKey(credential);
    checkResolved(issuer, resolver.resolve(issuer), "Credential");
    DidDocument then = resolver.resolveAt(issuer, at.get());
    checkResolved(issuer, then, "Credential");
    VerificationMethod vm =
        authorizedKey(
            then, credential.keyId(), VerificationRelationship.ASSERTION_METHOD, "Credential");
    credential.verifySignature(vm.publicKey());
    checkValidity(credential);
  }

  private static void checkResolved(String did, DidDocument doc, String what)
      throws RejectedException {
    if (!doc.id().equals(did)) {
      throw new RejectedException(
          RejectionReason.INVALID_DOCUMENT,
          what + " rejected: resolving " + did + " gave a document for " + doc.id());
    }
  }

  /**
   * Checks a credential's status through its Bitstring Status List (W3C Bitstring Status List v1.0,
   * Validate Algorithm): verifies the list credential as {@link
   * #verifyCredential(VerifiableCredential)} does (issuer resolved, key under assertionMethod,
   * signature, validity window), checks it is the entry's list and purpose, expands it and reads
   * the entry's bit. Fetching the list is the caller's (the SDK makes no HTTP request).
   *
   * @param entry the credential's {@code BitstringStatusListEntry}
   * @param listCredentialJws the {@code vc+jwt} found at {@code entry.statusListCredential()}
   * @return the status; {@code valid()} is false when the bit is set (revoked)
   * @throws RejectedException STATUS_VERIFICATION_ERROR (the list does not verify, or is another
   *     list or purpose), STATUS_MALFORMED_VALUE, STATUS_LIST_LENGTH_ERROR, STATUS_RANGE_ERROR
   * @throws WalletException if the resolver could not answer
   */
  public StatusListCredential.Status checkStatus(StatusListEntry entry, String listCredentialJws)
      throws RejectedException, WalletException {
    Objects.requireNonNull(entry, "entry");
    VerifiableCredential vc;
    try {
      vc = verifyCredential(listCredentialJws);
    } catch (RejectedException e) {
      throw new RejectedException(
          RejectionReason.STATUS_VERIFICATION_ERROR, "Status list rejected: " + e.getMessage(), e);
    }
    return StatusListCredential.parse(vc).statusOf(entry);
  }

  private VerificationMethod authorizedKey(
      String did, String kid, VerificationRelationship rel, String what)
      throws RejectedException, WalletException {
    DidDocument doc = resolver.resolve(did);
    if (!doc.id().equals(did)) {
      throw new RejectedException(
          RejectionReason.INVALID_DOCUMENT,
          what + " rejected: resolving " + did + " gave a document for " + doc.id());
    }
    return authorizedKey(doc, kid, rel, what);
  }

  private static VerificationMethod authorizedKey(
      DidDocument doc, String kid, VerificationRelationship rel, String what)
      throws RejectedException {
    Objects.requireNonNull(doc, "signer");
    Objects.requireNonNull(rel, "relationship");
    if (kid == null) {
      throw new RejectedException(RejectionReason.UNKNOWN_KEY, what + " rejected: no kid");
    }
    VerificationMethod vm =
        doc.verificationMethod(kid)
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY,
                        what
                            + " rejected: kid "
                            + Dids.abbreviate(kid)
                            + " is not a verification method of "
                            + doc.id()));
    if (!doc.authorizes(kid, rel)) {
      throw new RejectedException(
          RejectionReason.NOT_AUTHORISED,
          what
              + " rejected: kid "
              + Dids.abbreviate(kid)
              + " is not listed under "
              + rel.jsonName());
    }
    return vm;
  }

  /** Configures a {@link Verifier}. */
  public static final class Builder {
    private DidResolver resolver;
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ZERO;
    private AnchoringTimes anchoring;

    private Builder() {}

    /**
     * Sets {@code anchoringTimes}: a presentation's enveloped credentials are then checked against
     * their issuer's DID document at their anchoring ({@link DidResolver#resolveAt}), so a consent
     * signed before its subject rotated a key stays verifiable and a key rotated out before the
     * anchoring never counts. Default: none, the issuer's current document.
     *
     * @param anchoring when each credential was anchored
     * @return this builder
     */
    public Builder anchoringTimes(AnchoringTimes anchoring) {
      this.anchoring = Objects.requireNonNull(anchoring, "anchoringTimes");
      return this;
    }

    /**
     * Sets {@code resolver}.
     *
     * @param resolver resolves issuer and holder DIDs; required
     * @return this builder
     */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Sets {@code clock}.
     *
     * @param clock the clock validity windows are checked against; default system UTC
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets {@code clockSkew}.
     *
     * @param skew tolerance added on both sides of the validity window; default zero
     * @return this builder
     */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "clockSkew");
      if (skew.isNegative()) {
        throw new IllegalArgumentException("clockSkew: must not be negative");
      }
      this.skew = skew;
      return this;
    }

    /**
     * Returns the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException if no resolver was set
     */
    public Verifier build() {
      if (resolver == null) {
        throw new IllegalStateException("resolver: required");
      }
      return new Verifier(resolver, clock, skew, anchoring);
    }
  }
}
