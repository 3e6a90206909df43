/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentStorage;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.StoredCredential;

/**
 * The use cases of the wallet API. Verification happens before anything is stored; what is stored
 * for one request is stored in one transaction, so a refused or failed request leaves nothing
 * behind.
 */
public final class ConsentService {
  /** The largest page of {@link #consentsOf}. */
  public static final int MAX_PAGE_SIZE = 500;

  private final ConsentVerifier verifier;
  private final ConsentStorage storage;
  private final Clock clock;
  private final Runnable outboxSignal;
  private final StatusLists statusLists;

  /**
   * @param verifier checks credentials and statements
   * @param storage the database
   * @param clock the clock
   * @param outboxSignal called after a statement was added to the outbox
   */
  public ConsentService(
      ConsentVerifier verifier, ConsentStorage storage, Clock clock, Runnable outboxSignal) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.outboxSignal = Objects.requireNonNull(outboxSignal, "outboxSignal");
    this.statusLists = null;
  }

  private ConsentService(ConsentService base, StatusLists statusLists) {
    this.verifier = base.verifier;
    this.storage = base.storage;
    this.clock = base.clock;
    this.outboxSignal = base.outboxSignal;
    this.statusLists = Objects.requireNonNull(statusLists, "statusLists");
  }

  /**
   * The same use cases with Bitstring Status Lists: a submitted credential's {@code
   * BitstringStatusListEntry} must name an index reserved for its subject ({@link
   * StatusLists#bind}), bound to it before the consent is stored.
   *
   * @param statusLists the lists
   * @return a service that binds status list indexes
   */
  public ConsentService withStatusLists(StatusLists statusLists) {
    return new ConsentService(this, statusLists);
  }

  /**
   * The answer to a submission.
   *
   * @param created true when this request stored the consent, false when it was already there with
   *     the same credential
   * @param state the consent's state
   */
  public record Submission(boolean created, ConsentState state) {}

  /**
   * A consent of a subject, with its credential unless erased.
   *
   * @param state the state
   * @param credential the credential JWS, or null when erased or not held here
   */
  public record SubjectConsent(ConsentState state, String credential) {}

  /**
   * Accepts a consent: verifies it, then stores the credential, a pending state and an anchor
   * outbox item, all or nothing ({@link ConsentStorage#acceptConsent}). The same credential again
   * is answered with the current state; another credential with the same id is CONSENT_EXISTS.
   *
   * @param credential the vc+jwt
   * @param anchor the consent-anchor+jwt
   * @return the submission, or a future failed with ConsentException
   */
  public Future<Submission> submit(String credential, String anchor) {
    return verifier
        .verifyGrant(credential, anchor)
        .compose(
            grant ->
                statusLists == null
                    ? Future.succeededFuture(grant)
                    : statusLists.bind(grant.parsed()).map(grant))
        .compose(
            grant -> {
              ConsentState pending =
                  ConsentState.pending(grant.terms(), grant.credentialHash(), clock.instant());
              StoredCredential stored =
                  new StoredCredential(
                      grant.terms().consentId(),
                      grant.credential(),
                      grant.credentialHash(),
                      grant.terms().subject(),
                      grant.terms().provider(),
                      grant.terms().recipient(),
                      false);
              // Credential, pending row and outbox item: one round trip (one statement on
              // PostgreSQL).
              return storage
                  .acceptConsent(stored, pending, grant.anchor(), grant.anchorHash())
                  .compose(
                      added ->
                          added
                              ? Future.succeededFuture(new Submission(true, pending))
                              : existing(
                                  storage.stores().readModel().find(pending.consentId()),
                                  grant.credentialHash()));
            })
        .onSuccess(
            s -> {
              if (s.created()) {
                outboxSignal.run();
              }
            });
  }

  private static Future<Submission> existing(
      Future<java.util.Optional<ConsentState>> found, String hash) {
    return found.compose(
        state -> {
          if (state.isPresent() && state.get().credentialHash().equals(hash)) {
            return Future.succeededFuture(new Submission(false, state.get()));
          }
          return Future.failedFuture(
              new ConsentException(
                  ProblemCode.CONSENT_EXISTS, "another credential already uses this consent id"));
        });
  }

  /**
   * The state of a consent.
   *
   * @param consentId the consent id
   * @return the state, or a future failed with CONSENT_NOT_FOUND
   */
  public Future<ConsentState> status(String consentId) {
    return storage
        .stores()
        .readModel()
        .find(consentId)
        .compose(
            s ->
                s.map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(notFound(consentId))));
  }

  /**
   * Accepts a revocation: verifies it and adds a revoke outbox item. The same statement again is
   * accepted without a second item.
   *
   * @param consentId the consent id
   * @param revocation the consent-revocation+jwt
   * @return the consent's state after acceptance, or a future failed with ConsentException
   */
  public Future<ConsentState> revoke(String consentId, String revocation) {
    return storage
        .stores()
        .readModel()
        .find(consentId)
        .compose(state -> verifier.verifyRevocation(consentId, revocation, state.orElse(null)))
        .compose(
            verified ->
                storage.inTransaction(
                    stores ->
                        stores
                            .readModel()
                            .find(consentId)
                            .compose(
                                current ->
                                    stores
                                        .outbox()
                                        .forConsent(consentId)
                                        .compose(
                                            items ->
                                                acceptRevocation(
                                                    stores,
                                                    verified,
                                                    current.orElseThrow(),
                                                    items)))))
        .onSuccess(s -> outboxSignal.run());
  }

  private Future<ConsentState> acceptRevocation(
      ConsentStorage.Stores stores,
      ConsentVerifier.VerifiedRevocation verified,
      ConsentState state,
      List<OutboxItem> items) {
    boolean same = false;
    for (OutboxItem item : items) {
      if (item.kind() != OutboxItem.Kind.REVOKE || item.state() == OutboxItem.State.REJECTED) {
        continue;
      }
      if (item.statementHash().equals(verified.statementHash())) {
        same = true;
      } else {
        return Future.failedFuture(
            new ConsentException(
                ProblemCode.ALREADY_REVOKED,
                "the consent is already being revoked or was revoked"));
      }
    }
    if (same) {
      return Future.succeededFuture(state);
    }
    ConsentStatus status = state.statusAt(clock.instant());
    switch (status) {
      case CONSENT_WITHDRAWN -> {
        return Future.failedFuture(
            new ConsentException(ProblemCode.ALREADY_REVOKED, "the consent was already withdrawn"));
      }
      case CONSENT_EXPIRED -> {
        return Future.failedFuture(
            new ConsentException(ProblemCode.EXPIRED, "the consent has expired"));
      }
      case REJECTED -> {
        return Future.failedFuture(notFound(state.consentId()));
      }
      default -> {
        // pending or given: revocable
      }
    }
    if (!state.terms().validUntil().isAfter(clock.instant())) {
      return Future.failedFuture(
          new ConsentException(ProblemCode.EXPIRED, "the consent has expired"));
    }
    return stores
        .outbox()
        .add(
            OutboxItem.Kind.REVOKE,
            state.consentId(),
            verified.statement(),
            verified.statementHash())
        .compose(id -> stores.readModel().markRevocation(state.consentId(), "pending", null))
        .compose(v -> stores.readModel().find(state.consentId()))
        .map(s -> s.orElse(state));
  }

  /**
   * The consents of a subject, with their credentials unless erased.
   *
   * @param subject the authenticated subject's DID
   * @param page the page, from 0
   * @param size the page size, 1 to {@link #MAX_PAGE_SIZE}
   * @return the consents, ordered by consent id, or a future failed with VALIDATION_FAILED
   */
  public Future<List<SubjectConsent>> consentsOf(String subject, int page, int size) {
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED,
              "page must be 0 or more and size 1 to " + MAX_PAGE_SIZE));
    }
    int offset = page * size;
    ConsentStorage.Stores stores = storage.stores();
    return stores
        .readModel()
        .findBySubject(subject, offset, size)
        .compose(
            states ->
                stores
                    .credentials()
                    .findBySubject(subject, states.stream().map(ConsentState::consentId).toList())
                    .map(
                        credentials -> {
                          Map<String, StoredCredential> byId = new HashMap<>();
                          credentials.forEach(c -> byId.put(c.consentId(), c));
                          List<SubjectConsent> out = new ArrayList<>();
                          for (ConsentState s : states) {
                            StoredCredential c = byId.get(s.consentId());
                            out.add(
                                new SubjectConsent(s, c == null || c.erased() ? null : c.jws()));
                          }
                          return out;
                        }));
  }

  /**
   * Deletes the stored credential body of a consent; hash, DIDs and status stay.
   *
   * @param caller the authenticated caller's DID
   * @param consentId the consent id
   * @return done, or a future failed with CONSENT_NOT_FOUND or FORBIDDEN
   */
  public Future<Void> eraseCredential(String caller, String consentId) {
    return status(consentId)
        .compose(
            state -> {
              if (!state.terms().subject().equals(caller)) {
                return Future.failedFuture(
                    new ConsentException(
                        ProblemCode.FORBIDDEN,
                        "only the consent's subject can erase its credential"));
              }
              return storage.stores().credentials().erase(consentId).mapEmpty();
            });
  }

  private static ConsentException notFound(String consentId) {
    return new ConsentException(ProblemCode.CONSENT_NOT_FOUND, "no consent " + consentId);
  }
}
