/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.VerificationRelationship;

/**
 * Finds the key a JWS names through DID resolution and checks it has the required verification
 * relationship, then verifies the signature with the wallet SDK ({@link Verifier#verifyJws(String,
 * DidDocument, String, VerificationRelationship)}): credentials, statements, receipts,
 * presentations and DID-auth tokens alike. The SDK's codes map to the service's as {@link
 * Rejections} says. The SDK keeps decoded keys, so no verification decodes a key's point, even in a
 * document resolved again.
 */
public final class DidKeys {
  private final DidResolver resolver;
  private final DocumentCache cache;

  /**
   * Where resolved documents are kept between calls ({@link LedgerMirror}): a document offered is
   * kept only when nothing changed its DID since {@link #stamp()} was read.
   */
  public interface DocumentCache {
    /**
     * A kept document.
     *
     * @param did the DID
     * @return its document, or null
     */
    DidDocument document(String did);

    /**
     * Read before resolving; handed back to {@link #offer}.
     *
     * @return the cache's current stamp
     */
    long stamp();

    /**
     * Keeps a resolved document unless its DID changed since the stamp.
     *
     * @param did the DID
     * @param document the document
     * @param stamp what {@link #stamp()} returned before resolving
     */
    void offer(String did, DidDocument document, long stamp);
  }

  /**
   * Resolves every call (no cache).
   *
   * @param resolver resolves subjects' DIDs
   */
  public DidKeys(DidResolver resolver) {
    this(resolver, null);
  }

  /**
   * Answers from a cache when it holds the document, else resolves and offers it to the cache.
   *
   * @param resolver resolves subjects' DIDs
   * @param cache the cache, or null for none
   */
  public DidKeys(DidResolver resolver, DocumentCache cache) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.cache = cache;
  }

  /**
   * Resolves a DID's current document.
   *
   * @param did the DID
   * @return the document; failed with ConsentException UNKNOWN_DID, DID_DEACTIVATED, or
   *     SERVICE_UNAVAILABLE when the resolver could not answer
   */
  public Future<DidDocument> document(String did) {
    if (cache == null) {
      return resolve(did);
    }
    DidDocument kept = cache.document(did);
    if (kept != null) {
      return Future.succeededFuture(kept);
    }
    long stamp = cache.stamp();
    return resolve(did).onSuccess(doc -> cache.offer(did, doc, stamp));
  }

  /**
   * Resolves the document a DID had at a time: for a did:fabric, the version in force then (DID
   * resolution's {@code versionTime}, which the ledger compares to the second: a version written in
   * that second counts as in force, so a key rotated away in the same second is never used); a
   * did:key or did:jwk never changes. The DID must still resolve now: a DID deactivated since is
   * refused.
   *
   * @param did the DID
   * @param time the time, or null for the current document
   * @return the document then; failed as {@link #document(String)}
   */
  public Future<DidDocument> documentAt(String did, Instant time) {
    if (time == null || !did.startsWith("did:fabric:")) {
      return document(did);
    }
    return document(did).compose(current -> resolve(did, ResolutionOptions.ofVersionTime(time)));
  }

  private Future<DidDocument> resolve(String did) {
    return resolve(did, ResolutionOptions.latest());
  }

  private Future<DidDocument> resolve(String did, ResolutionOptions options) {
    return resolver
        .resolve(did, options)
        .recover(
            e -> {
              if (e instanceof ResolutionException r) {
                return Future.failedFuture(
                    switch (r.error()) {
                      case DEACTIVATED ->
                          new ConsentException(
                              ProblemCode.DID_DEACTIVATED, "the DID " + did + " is deactivated");
                      case INTERNAL_ERROR ->
                          new ConsentException(
                              ProblemCode.SERVICE_UNAVAILABLE,
                              "DID resolution did not answer; try again");
                      default ->
                          new ConsentException(
                              ProblemCode.UNKNOWN_DID,
                              "the DID " + did + " cannot be resolved (" + r.error().code() + ")");
                    });
              }
              return Future.failedFuture(e);
            })
        .compose(
            result -> {
              if (result.deactivated()) {
                return Future.failedFuture(
                    new ConsentException(
                        ProblemCode.DID_DEACTIVATED, "the DID " + did + " is deactivated"));
              }
              try {
                DidDocument doc = DidDocument.parse(result.encodeDocument());
                if (!doc.id().equals(did)) {
                  return Future.failedFuture(
                      new ConsentException(
                          ProblemCode.UNKNOWN_DID,
                          "resolving " + did + " gave another DID's document"));
                }
                return Future.succeededFuture(doc);
              } catch (RejectedException e) {
                return Future.failedFuture(
                    new ConsentException(
                        ProblemCode.UNKNOWN_DID, "the DID document of " + did + " is not usable"));
              }
            });
  }

  /**
   * Checks that {@code kid} is a key of the document in the relationship, and verifies the JWS's
   * signature with it.
   *
   * @param doc the signer's document
   * @param kid the JWS's {@code kid}, as the SDK's parser returned it
   * @param jws the compact JWS, already parsed by the SDK
   * @param relationship assertionMethod or authentication
   * @throws ConsentException NOT_AUTHORISED, UNSUPPORTED_ALGORITHM, BAD_SIGNATURE (MALFORMED_JWT
   *     only for a JWS the SDK did not parse)
   */
  public static void verify(
      DidDocument doc, String kid, String jws, VerificationRelationship relationship) {
    try {
      Verifier.verifyJws(jws, doc, kid, relationship);
    } catch (RejectedException e) {
      throw Rejections.problem(e);
    }
  }

  /**
   * Verifies a consent credential's signature: its {@code kid} must be a key of the issuer under
   * assertionMethod, and the signature must verify. The credential is already parsed with every
   * rule of §2 checked ({@code kid} a DID URL of the subject, who is the issuer), and it is not
   * parsed again: the SDK verifies the JWS its parser kept. The document is already resolved, so
   * nothing here blocks.
   *
   * @param doc the issuer's document
   * @param credential the credential, already parsed with every rule of §2 checked
   * @throws ConsentException NOT_AUTHORISED, UNSUPPORTED_ALGORITHM, BAD_SIGNATURE
   */
  public static void verifyCredential(DidDocument doc, ConsentCredential credential) {
    if (!doc.id().equals(credential.subject())) {
      throw new ConsentException(
          ProblemCode.NOT_AUTHORISED, "the credential's subject (its issuer) is not " + doc.id());
    }
    try {
      Verifier.verifyCredential(credential.verifiableCredential(), doc);
    } catch (RejectedException e) {
      throw Rejections.problem(e);
    }
  }
}
