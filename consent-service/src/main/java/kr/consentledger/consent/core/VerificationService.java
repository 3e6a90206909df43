/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ConsentStorage;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.ReceiptStore;
import kr.consentledger.consent.RegistryLedger;

/**
 * Provider verifications (issue 5) and the receipts of a consent. The caller of a verification must
 * be an active registered provider (FORBIDDEN otherwise); on allow the receipt statement goes to
 * the outbox (kind {@code receipt}) to be recorded by the {@code receipts} contract.
 */
public final class VerificationService {
  private final PresentationVerifier verifier;
  private final RegistryLedger ledger;
  private final ConsentStorage storage;
  private final Runnable outboxSignal;
  private final LedgerMirror mirror;
  private final DidKeys mirrorKeys;
  private final boolean liveByDefault;

  /**
   * @param verifier the checks
   * @param ledger the participant registry
   * @param storage the database
   * @param outboxSignal called after a receipt was added to the outbox
   */
  public VerificationService(
      PresentationVerifier verifier,
      RegistryLedger ledger,
      ConsentStorage storage,
      Runnable outboxSignal) {
    this(verifier, ledger, storage, outboxSignal, null, null, true);
  }

  private VerificationService(
      PresentationVerifier verifier,
      RegistryLedger ledger,
      ConsentStorage storage,
      Runnable outboxSignal,
      LedgerMirror mirror,
      DidKeys mirrorKeys,
      boolean liveByDefault) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.outboxSignal = Objects.requireNonNull(outboxSignal, "outboxSignal");
    this.mirror = mirror;
    this.mirrorKeys = mirrorKeys;
    this.liveByDefault = liveByDefault;
  }

  /**
   * The same service reading the ledger state and DID documents of a verification from a mirror
   * ({@code ledgerRead: mirror}), and live only when a request or the configuration asks.
   *
   * @param mirror the mirror
   * @param mirrorKeys DID documents through the mirror's cache
   * @param liveByDefault true to read live unless a request asks for the mirror
   * @return the new service
   */
  public VerificationService withMirror(
      LedgerMirror mirror, DidKeys mirrorKeys, boolean liveByDefault) {
    return new VerificationService(
        verifier,
        ledger,
        storage,
        outboxSignal,
        Objects.requireNonNull(mirror, "mirror"),
        Objects.requireNonNull(mirrorKeys, "mirrorKeys"),
        liveByDefault);
  }

  /**
   * Verifies for an authenticated caller.
   *
   * @param request the request; its provider is the caller
   * @return the result, or a future failed with FORBIDDEN, SERVICE_UNAVAILABLE or MIRROR_STALE
   */
  public Future<PresentationVerifier.Result> verify(PresentationVerifier.Request request) {
    boolean live =
        mirror == null
            || (request.ledgerRead() == null
                ? liveByDefault
                : PresentationVerifier.LIVE.equals(request.ledgerRead()));
    if (live) {
      return verify(request, null, ledger, null);
    }
    return mirror.awaitFresh().compose(block -> verify(request, block, mirror, mirrorKeys));
  }

  /**
   * Succeeds when {@code did} is an active registered provider on the ledger (or its mirror).
   *
   * @param reads where the participant registry is read
   * @param did the caller
   * @return done; {@code FORBIDDEN} when it is not such a provider, {@code SERVICE_UNAVAILABLE}
   *     when the ledger did not answer
   */
  static Future<Void> requireActiveProvider(RegistryLedger reads, String did) {
    return reads
        .participant(did)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof ConsentException
                        ? e
                        : new ConsentException(
                            ProblemCode.SERVICE_UNAVAILABLE,
                            "the ledger did not answer; try again")))
        .compose(
            p ->
                p.isPresent() && p.get().isActive("provider")
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new ConsentException(
                            ProblemCode.FORBIDDEN,
                            "the caller is not an active registered provider")));
  }

  private Future<PresentationVerifier.Result> verify(
      PresentationVerifier.Request request, Long block, RegistryLedger reads, DidKeys keys) {
    return requireActiveProvider(reads, request.provider())
        .compose(
            v -> {
              return (keys == null
                      ? verifier.verify(request)
                      : verifier.verify(request, keys, reads))
                  .map(
                      r ->
                          r.readAt(
                              block,
                              keys == null
                                  ? PresentationVerifier.LIVE
                                  : PresentationVerifier.MIRROR));
            })
        .compose(
            result -> {
              if (!result.allowed() || result.receipt() == null) {
                return Future.succeededFuture(result);
              }
              if (result.receiptQueued()) {
                outboxSignal.run();
                return Future.succeededFuture(result);
              }
              return storage
                  .stores()
                  .outbox()
                  .add(
                      OutboxItem.Kind.RECEIPT,
                      result.consentId(),
                      result.receipt().jws(),
                      result.receipt().statementHash())
                  .map(
                      id -> {
                        outboxSignal.run();
                        return result;
                      });
            });
  }

  /**
   * The recorded receipts of a consent, for its subject, provider or recipient.
   *
   * @param caller the authenticated caller
   * @param consentId the consent
   * @param page the page, from 0
   * @param size the page size, 1 to 500
   * @return the receipts, or a future failed with VALIDATION_FAILED, CONSENT_NOT_FOUND or FORBIDDEN
   */
  public Future<List<ReceiptStore.Receipt>> receipts(
      String caller, String consentId, int page, int size) {
    if (page < 0 || size < 1 || size > 500) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED, "page must be 0 or more and size 1 to 500"));
    }
    return storage
        .stores()
        .readModel()
        .find(consentId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(
                    new ConsentException(ProblemCode.CONSENT_NOT_FOUND, "no consent " + consentId));
              }
              var s = found.get();
              if (!caller.equals(s.terms().subject())
                  && !caller.equals(s.terms().provider())
                  && !caller.equals(s.terms().recipient())) {
                return Future.failedFuture(
                    new ConsentException(
                        ProblemCode.FORBIDDEN,
                        "only the consent's subject, provider or recipient can list its receipts"));
              }
              return storage.stores().receipts().forConsent(consentId, page * size, size);
            });
  }

  /**
   * The data-usage history of the caller as a subject: the receipts of all its consents, newest
   * first.
   *
   * @param caller the authenticated subject
   * @param page the page, from 0
   * @param size the page size, 1 to 500
   * @return the receipts, or a future failed with VALIDATION_FAILED
   */
  public Future<List<ReceiptStore.Receipt>> subjectReceipts(String caller, int page, int size) {
    if (page < 0 || size < 1 || size > 500) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED, "page must be 0 or more and size 1 to 500"));
    }
    return storage.stores().receipts().forSubject(caller, page * size, size);
  }
}
