package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.wallet.DidDocument;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.VerificationMethod;
import kr.consentledger.wallet.VerificationRelationship;

/**
 * Finds the key a JWS names through DID resolution and checks it has the required verification
 * relationship, then verifies the signature.
 */
public final class DidKeys {
  private final DidResolver resolver;

  /**
   * @param resolver resolves subjects' DIDs
   */
  public DidKeys(DidResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Resolves a DID's current document.
   *
   * @param did the DID
   * @return the document; failed with ConsentException UNKNOWN_DID, DID_DEACTIVATED, or
   *     SERVICE_UNAVAILABLE when the resolver could not answer
   */
  public Future<DidDocument> document(String did) {
    return resolver
        .resolve(did, ResolutionOptions.latest())
        .recover(
            e -> {
              if (e instanceof ResolutionException r) {
                return Future.failedFuture(
                    switch (r.error()) {
                      case DEACTIVATED -> new ConsentException(
                          ProblemCode.DID_DEACTIVATED, "the DID " + did + " is deactivated");
                      case INTERNAL_ERROR -> new ConsentException(
                          ProblemCode.SERVICE_UNAVAILABLE, "DID resolution did not answer; try again");
                      default -> new ConsentException(
                          ProblemCode.UNKNOWN_DID, "the DID " + did + " cannot be resolved (" + r.error().code() + ")");
                    });
              }
              return Future.failedFuture(e);
            })
        .compose(
            result -> {
              if (result.deactivated()) {
                return Future.failedFuture(
                    new ConsentException(ProblemCode.DID_DEACTIVATED, "the DID " + did + " is deactivated"));
              }
              try {
                DidDocument doc = DidDocument.parse(result.encodeDocument());
                if (!doc.id().equals(did)) {
                  return Future.failedFuture(
                      new ConsentException(ProblemCode.UNKNOWN_DID, "resolving " + did + " gave another DID's document"));
                }
                return Future.succeededFuture(doc);
              } catch (RejectedException e) {
                return Future.failedFuture(
                    new ConsentException(ProblemCode.UNKNOWN_DID, "the DID document of " + did + " is not usable"));
              }
            });
  }

  /**
   * Checks that the JWS's {@code kid} is a key of the document in the relationship, and verifies
   * the signature with it.
   *
   * @param doc the signer's document
   * @param jws the signed object
   * @param relationship assertionMethod or authentication
   * @throws ConsentException NOT_AUTHORISED, UNSUPPORTED_ALGORITHM, BAD_SIGNATURE
   */
  public static void verify(DidDocument doc, SignedObject jws, VerificationRelationship relationship) {
    VerificationMethod vm = doc.verificationMethod(jws.kid()).orElse(null);
    if (vm == null || !doc.authorizes(jws.kid(), relationship)) {
      throw new ConsentException(
          ProblemCode.NOT_AUTHORISED,
          "kid " + jws.kid() + " is not a key of " + doc.id() + " under " + relationship.jsonName());
    }
    jws.verify(vm.publicKey());
  }
}
