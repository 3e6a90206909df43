/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.NonceStore;
import kr.consentledger.consent.Outbox;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.VerificationRelationship;

/**
 * The checks of a provider verification (issue 5): a consent presentation, the transmission the
 * provider intends and the provider's receipt statement. Every check that can run is run and
 * reported with its own code; the decision is allow only when all passed. Only a DID resolver or
 * ledger that does not answer fails the future (SERVICE_UNAVAILABLE); nothing else does.
 */
public final class PresentationVerifier {
  /** Check names, in the order reported. */
  public static final String PRESENTATION_SIGNATURE = "presentationSignature";

  /** The enveloped consent credential's signature and shape. */
  public static final String CREDENTIAL_SIGNATURE = "credentialSignature";

  /** The presenter is the consent's recipient or subject. */
  public static final String HOLDER = "holderBinding";

  /** aud names the provider. */
  public static final String AUDIENCE = "audience";

  /** The nonce is new for this provider. */
  public static final String NONCE = "nonce";

  /** now within [validFrom, validUntil). */
  public static final String VALIDITY = "validityWindow";

  /** The ledger's status now is ConsentGiven for the same credential. */
  public static final String LEDGER_STATUS = "ledgerStatus";

  /** The caller is the consent's provider. */
  public static final String PROVIDER = "provider";

  /** The categories requested are in the consent. */
  public static final String CATEGORIES = "categories";

  /** The purpose requested is a purposeCategory of the consent. */
  public static final String PURPOSE = "purpose";

  /** The recipient is the consent's and an active registered recipient. */
  public static final String RECIPIENT = "recipient";

  /** The receipt statement matches the request. */
  public static final String RECEIPT = "receipt";

  /** A result whose ledger checks read the mirror. */
  public static final String MIRROR = "mirror";

  /** A result whose ledger checks read the ledger live. */
  public static final String LIVE = "live";

  private final DidKeys keys;
  private final RegistryLedger ledger;
  private final NonceStore nonces;
  private final Outbox outbox;
  private final Clock clock;
  private final Duration maxTerm;

  /**
   * @param keys DID resolution and signatures
   * @param ledger participant registry and consent status
   * @param nonces nonces seen per provider
   * @param clock the clock the validity window is judged against
   * @param maxTerm the longest consent term accepted
   */
  public PresentationVerifier(
      DidKeys keys, RegistryLedger ledger, NonceStore nonces, Clock clock, Duration maxTerm) {
    this(keys, ledger, nonces, null, clock, maxTerm);
  }

  /**
   * A verifier that queues the receipt of an allowed verification itself, with the nonce, in one
   * database statement ({@link NonceStore#rememberAndQueue}); the result says so ({@link
   * Result#receiptQueued()}).
   *
   * @param keys DID resolution and signatures
   * @param ledger participant registry and consent status
   * @param nonces nonces seen per provider
   * @param outbox where receipts go, or null to leave them to the caller
   * @param clock the clock the validity window is judged against
   * @param maxTerm the longest consent term accepted
   */
  public PresentationVerifier(
      DidKeys keys,
      RegistryLedger ledger,
      NonceStore nonces,
      Outbox outbox,
      Clock clock,
      Duration maxTerm) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.nonces = Objects.requireNonNull(nonces, "nonces");
    this.outbox = outbox;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxTerm = Objects.requireNonNull(maxTerm, "maxTerm");
  }

  /**
   * What the provider asks.
   *
   * @param provider the authenticated caller's DID
   * @param presentation the vp+jwt
   * @param recipient the DID the data goes to
   * @param categories the data categories to transmit
   * @param purpose the purposeCategory of the transmission
   * @param receipt the provider's transmission-receipt+jwt
   * @param ledgerRead {@code mirror}, {@code live}, or null for the service's default
   */
  public record Request(
      String provider,
      String presentation,
      String recipient,
      List<String> categories,
      String purpose,
      String receipt,
      String ledgerRead) {
    /** Copies the list. */
    public Request {
      categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** A request with the service's default ledger read. */
    public Request(
        String provider,
        String presentation,
        String recipient,
        List<String> categories,
        String purpose,
        String receipt) {
      this(provider, presentation, recipient, categories, purpose, receipt, null);
    }
  }

  /**
   * One check's outcome.
   *
   * @param check the name
   * @param passed true when it passed
   * @param code the code when failed, else null
   * @param detail why, or null
   */
  public record Check(String check, boolean passed, String code, String detail) {
    static Check pass(String check) {
      return new Check(check, true, null, null);
    }

    static Check fail(String check, String code, String detail) {
      return new Check(check, false, code, detail);
    }
  }

  /**
   * The decision.
   *
   * @param consentId the consent presented, or null when none could be read
   * @param checks every check run
   * @param receipt the parsed receipt statement, or null
   * @param ledgerBlock the last block of the mirror the ledger checks read, or null for live reads
   * @param ledgerRead {@code mirror} or {@code live}
   * @param receiptQueued true when the receipt is already in the outbox (queued with the nonce)
   */
  public record Result(
      String consentId,
      List<Check> checks,
      ReceiptStatements.Receipt receipt,
      Long ledgerBlock,
      String ledgerRead,
      boolean receiptQueued) {
    /** Copies the list. */
    public Result {
      checks = List.copyOf(checks);
    }

    /** A result of live ledger reads. */
    public Result(String consentId, List<Check> checks, ReceiptStatements.Receipt receipt) {
      this(consentId, checks, receipt, null, LIVE, false);
    }

    /**
     * The same result, stating how the ledger was read.
     *
     * @param block the mirror's last block, or null
     * @param read {@code mirror} or {@code live}
     * @return the result
     */
    public Result readAt(Long block, String read) {
      return new Result(consentId, checks, receipt, block, read, receiptQueued);
    }

    /**
     * @return true when there were checks and every one passed
     */
    public boolean allowed() {
      return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /**
     * @param code a code
     * @return true when a failed check has it
     */
    public boolean failedWith(String code) {
      return checks.stream().anyMatch(c -> !c.passed() && code.equals(c.code()));
    }
  }

  /**
   * Runs the checks.
   *
   * @param request the request
   * @return the result; failed only with SERVICE_UNAVAILABLE
   */
  public Future<Result> verify(Request request) {
    return verify(request, keys, ledger);
  }

  /**
   * Runs the checks with other sources of DID documents and ledger state (the mirror).
   *
   * @param request the request
   * @param keys DID resolution and signatures
   * @param ledger participant registry and consent status
   * @return the result; failed only with SERVICE_UNAVAILABLE (or the sources' own 503 codes)
   */
  public Future<Result> verify(Request request, DidKeys keys, RegistryLedger ledger) {
    List<Check> checks = new ArrayList<>();
    VerifiablePresentation vp;
    try {
      vp = VerifiablePresentation.parse(request.presentation());
    } catch (RejectedException e) {
      checks.add(Check.fail(PRESENTATION_SIGNATURE, code(e), e.getMessage()));
      return Future.succeededFuture(new Result(null, checks, null));
    } catch (RuntimeException e) {
      checks.add(
          Check.fail(PRESENTATION_SIGNATURE, "MALFORMED_JWT", "the presentation cannot be read"));
      return Future.succeededFuture(new Result(null, checks, null));
    }
    ConsentCredential consent = null;
    String credentialProblem = "the presentation carries no credential";
    String credentialCode = "INVALID_CREDENTIAL";
    for (VerifiableCredential vc : vp.credentials()) {
      try {
        consent = ConsentCredential.parse(vc.jws(), maxTerm);
        break;
      } catch (RejectedException e) {
        credentialProblem = e.getMessage();
        credentialCode = code(e);
      } catch (RuntimeException e) {
        credentialProblem = "the credential cannot be read";
      }
    }
    final ConsentCredential c = consent;
    final String credCode = credentialCode;
    final String credProblem = credentialProblem;
    return presentationSignature(keys, vp)
        .compose(
            sig -> {
              checks.add(sig);
              if (c == null) {
                checks.add(Check.fail(CREDENTIAL_SIGNATURE, credCode, credProblem));
                return Future.succeededFuture(new Result(null, checks, null));
              }
              return credentialSignature(keys, c)
                  .compose(
                      credSig -> {
                        checks.add(credSig);
                        return rest(keys, ledger, request, vp, c, sig.passed(), checks);
                      });
            });
  }

  private Future<Result> rest(
      DidKeys keys,
      RegistryLedger ledger,
      Request request,
      VerifiablePresentation vp,
      ConsentCredential c,
      boolean signed,
      List<Check> checks) {
    String provider = request.provider();
    checks.add(
        vp.holder().equals(c.recipient()) || vp.holder().equals(c.subject())
            ? Check.pass(HOLDER)
            : Check.fail(
                HOLDER,
                "HOLDER_NOT_AUTHORISED",
                "the presentation's holder is neither the consent's recipient nor its subject"));
    checks.add(
        vp.audience().contains(provider)
            ? Check.pass(AUDIENCE)
            : Check.fail(
                AUDIENCE, "WRONG_AUDIENCE", "aud " + vp.audience() + " does not name " + provider));
    Instant now = clock.instant();
    if (now.isBefore(c.validFrom())) {
      checks.add(
          Check.fail(VALIDITY, "NOT_YET_VALID", "the consent is valid from " + c.validFrom()));
    } else if (!now.isBefore(c.validUntil())) {
      checks.add(Check.fail(VALIDITY, "EXPIRED", "the consent expired at " + c.validUntil()));
    } else {
      checks.add(Check.pass(VALIDITY));
    }
    checks.add(
        c.provider().equals(provider)
            ? Check.pass(PROVIDER)
            : Check.fail(PROVIDER, "WRONG_PROVIDER", "the consent names another provider"));
    Set<String> consented = new HashSet<>();
    c.dataCategories().forEach(d -> consented.add(d.category()));
    List<String> missing =
        request.categories().stream().filter(x -> !consented.contains(x)).toList();
    checks.add(
        !request.categories().isEmpty() && missing.isEmpty()
            ? Check.pass(CATEGORIES)
            : Check.fail(
                CATEGORIES,
                "CATEGORY_NOT_COVERED",
                request.categories().isEmpty()
                    ? "no categories requested"
                    : "not consented: " + missing));
    boolean purposeOk =
        request.purpose() != null
            && c.purposes().stream().anyMatch(p -> request.purpose().equals(p.purposeCategory()));
    checks.add(
        purposeOk
            ? Check.pass(PURPOSE)
            : Check.fail(
                PURPOSE,
                "PURPOSE_NOT_COVERED",
                "purpose " + request.purpose() + " is not consented"));
    ReceiptStatements.Receipt[] parsed = new ReceiptStatements.Receipt[1];
    Future<Check> receipt = receipt(keys, request, c, vp, parsed);
    Future<Check> status = ledgerStatus(ledger, c);
    Future<Check> recipient = recipient(ledger, request, c);
    return Future.all(status, recipient, receipt)
        .compose(
            all -> {
              // The nonce last, in ONE database statement: when every other check passed, the
              // receipt is queued in the outbox by the same statement that records the nonce.
              boolean othersPassed =
                  parsed[0] != null
                      && checks.stream().allMatch(Check::passed)
                      && status.result().passed()
                      && recipient.result().passed()
                      && receipt.result().passed();
              boolean[] queued = new boolean[1];
              Future<Check> nonce;
              if (!signed) {
                nonce =
                    Future.succeededFuture(
                        Check.fail(
                            NONCE,
                            "NONCE_UNVERIFIED",
                            "not recorded: the presentation is not verified"));
              } else if (vp.nonce().isEmpty() || vp.nonce().get().isBlank()) {
                nonce =
                    Future.succeededFuture(
                        Check.fail(NONCE, "NONCE_MISSING", "the presentation has no nonce"));
              } else {
                Future<Boolean> fresh;
                if (othersPassed && outbox != null) {
                  ReceiptStatements.Receipt r = parsed[0];
                  fresh =
                      nonces.rememberAndQueue(
                          provider,
                          vp.nonce().get(),
                          outbox,
                          OutboxItem.Kind.RECEIPT,
                          c.consentId(),
                          r.jws(),
                          r.statementHash());
                  fresh = fresh.onSuccess(f -> queued[0] = f);
                } else {
                  fresh = nonces.remember(provider, vp.nonce().get());
                }
                nonce =
                    fresh.map(
                        f ->
                            f
                                ? Check.pass(NONCE)
                                : Check.fail(
                                    NONCE, "NONCE_REPLAYED", "this nonce was presented before"));
              }
              return nonce.map(
                  n -> {
                    checks.add(checks.size() >= 4 ? 4 : checks.size(), n);
                    checks.add(status.result());
                    checks.add(recipient.result());
                    checks.add(receipt.result());
                    return new Result(c.consentId(), checks, parsed[0], null, LIVE, queued[0]);
                  });
            });
  }

  private Future<Check> presentationSignature(DidKeys keys, VerifiablePresentation vp) {
    String kid = vp.keyId();
    int hash = kid.indexOf('#');
    if (hash < 0 || !kid.substring(0, hash).equals(vp.holder())) {
      return Future.succeededFuture(
          Check.fail(
              PRESENTATION_SIGNATURE,
              "NOT_AUTHORISED",
              "kid " + kid + " is not a key of the holder"));
    }
    return keys.document(vp.holder())
        .map(
            doc -> {
              DidKeys.verify(doc, kid, vp.jws(), VerificationRelationship.AUTHENTICATION);
              return Check.pass(PRESENTATION_SIGNATURE);
            })
        .recover(e -> failedCheck(PRESENTATION_SIGNATURE, e));
  }

  private Future<Check> credentialSignature(DidKeys keys, ConsentCredential c) {
    return keys.document(c.subject())
        .map(
            doc -> {
              DidKeys.verifyCredential(doc, c);
              return Check.pass(CREDENTIAL_SIGNATURE);
            })
        .recover(e -> failedCheck(CREDENTIAL_SIGNATURE, e));
  }

  private Future<Check> ledgerStatus(RegistryLedger ledger, ConsentCredential c) {
    return ledger
        .consent(c.consentId())
        .map(
            found -> {
              if (found.isEmpty()) {
                return Check.fail(
                    LEDGER_STATUS, "CONSENT_NOT_FOUND", "the consent is not on the ledger");
              }
              RegistryLedger.LedgerConsent l = found.get();
              if (!c.credentialHash().equals(l.credentialHash())) {
                return Check.fail(
                    LEDGER_STATUS, "HASH_MISMATCH", "the ledger anchors another credential");
              }
              return switch (String.valueOf(l.status())) {
                case "ConsentGiven" -> Check.pass(LEDGER_STATUS);
                case "ConsentExpired" ->
                    Check.fail(LEDGER_STATUS, "EXPIRED", "the ledger says ConsentExpired");
                default ->
                    Check.fail(LEDGER_STATUS, "CONSENT_WITHDRAWN", "the ledger says " + l.status());
              };
            })
        .recover(PresentationVerifier::unavailable);
  }

  private Future<Check> recipient(RegistryLedger ledger, Request request, ConsentCredential c) {
    if (request.recipient() == null || !request.recipient().equals(c.recipient())) {
      return Future.succeededFuture(
          Check.fail(RECIPIENT, "WRONG_RECIPIENT", "the consent names another recipient"));
    }
    return ledger
        .participant(c.recipient())
        .map(
            p ->
                p.isPresent() && p.get().isActive("recipient")
                    ? Check.pass(RECIPIENT)
                    : Check.fail(
                        RECIPIENT,
                        "RECIPIENT_NOT_ACTIVE",
                        p.isEmpty()
                            ? "the recipient is not registered"
                            : "the recipient is " + p.get().role() + "/" + p.get().status()))
        .recover(PresentationVerifier::unavailable);
  }

  private Future<Check> receipt(
      DidKeys keys,
      Request request,
      ConsentCredential c,
      VerifiablePresentation vp,
      ReceiptStatements.Receipt[] out) {
    ReceiptStatements.Receipt r;
    try {
      r = ReceiptStatements.parseReceipt(request.receipt());
    } catch (RejectedException e) {
      return Future.succeededFuture(Check.fail(RECEIPT, "RECEIPT_MISMATCH", e.getMessage()));
    } catch (RuntimeException e) {
      return Future.succeededFuture(
          Check.fail(RECEIPT, "RECEIPT_MISMATCH", "the receipt cannot be read"));
    }
    List<String> wrong = new ArrayList<>();
    if (!c.consentId().equals(r.consentId())) {
      wrong.add("consentId");
    }
    if (!request.provider().equals(r.provider())) {
      wrong.add("provider");
    }
    if (request.recipient() == null || !request.recipient().equals(r.recipient())) {
      wrong.add("recipient");
    }
    if (r.categories().size() != request.categories().size()
        || !new HashSet<>(r.categories()).equals(new HashSet<>(request.categories()))) {
      wrong.add("categories");
    }
    if (!ReceiptStatements.presentationHash(vp.jws()).equals(r.presentationHash())) {
      wrong.add("presentationHash");
    }
    if (!wrong.isEmpty()) {
      return Future.succeededFuture(
          Check.fail(
              RECEIPT, "RECEIPT_MISMATCH", "the receipt differs from the request in " + wrong));
    }
    return keys.document(request.provider())
        .map(
            doc -> {
              DidKeys.verify(doc, r.keyId(), r.jws(), VerificationRelationship.ASSERTION_METHOD);
              out[0] = r;
              return Check.pass(RECEIPT);
            })
        .recover(e -> failedCheck(RECEIPT, e));
  }

  private static Future<Check> failedCheck(String check, Throwable e) {
    if (e instanceof ConsentException ce && ce.code() != ProblemCode.SERVICE_UNAVAILABLE) {
      return Future.succeededFuture(Check.fail(check, ce.code().name(), ce.getMessage()));
    }
    return unavailable(e);
  }

  private static Future<Check> unavailable(Throwable e) {
    if (e instanceof ConsentException ce) {
      return Future.failedFuture(ce);
    }
    return Future.failedFuture(
        new ConsentException(
            ProblemCode.SERVICE_UNAVAILABLE, "the ledger did not answer; try again"));
  }

  static String code(RejectedException e) {
    ProblemCode mapped = Rejections.code(e.reason());
    return mapped == ProblemCode.INTERNAL_ERROR ? e.reason().name() : mapped.name();
  }
}
