/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import kr.consentledger.consent.NonceStore;
import kr.consentledger.consent.Outbox;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.consent.ReceiptStatements;

/**
 * The checks of a provider verification (issue 5): a consent presentation (a {@code vp+jwt}, or an
 * SD-JWT VC presentation with key binding: {@link PresentedConsent}), the transmission the provider
 * intends and the provider's receipt statement. Every check that can run is run and reported with
 * its own code; the decision is allow only when all passed. Only a DID resolver or ledger that does
 * not answer fails the future (SERVICE_UNAVAILABLE); nothing else does.
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

  /**
   * The presentation's nonce is the one the caller issued for it (an OpenID4VP request's); run only
   * when the request names one.
   */
  public static final String REQUEST_NONCE = "requestNonce";

  /** Every check, in the order a result reports them. */
  public static final List<String> ORDER =
      List.of(
          PRESENTATION_SIGNATURE,
          CREDENTIAL_SIGNATURE,
          HOLDER,
          AUDIENCE,
          NONCE,
          VALIDITY,
          PROVIDER,
          CATEGORIES,
          PURPOSE,
          LEDGER_STATUS,
          RECIPIENT,
          RECEIPT);

  /** The order of a result's checks: {@link #ORDER}, then {@value #REQUEST_NONCE} when it ran. */
  private static final List<String> REPORTED =
      java.util.stream.Stream.concat(ORDER.stream(), java.util.stream.Stream.of(REQUEST_NONCE))
          .toList();

  /** A result whose ledger checks read the mirror. */
  public static final String MIRROR = "mirror";

  /** A result whose ledger checks read the ledger live. */
  public static final String LIVE = "live";

  private final DidKeys keys;
  private final RegistryLedger ledger;
  private final NonceCheck nonce;
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
    this.nonce = new NonceCheck(Objects.requireNonNull(nonces, "nonces"), outbox);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxTerm = Objects.requireNonNull(maxTerm, "maxTerm");
  }

  /**
   * What the provider asks.
   *
   * @param provider the authenticated caller's DID
   * @param presentation the vp+jwt, or the SD-JWT VC presentation with key binding
   * @param recipient the DID the data goes to
   * @param categories the data categories to transmit
   * @param purpose the purposeCategory of the transmission
   * @param receipt the provider's transmission-receipt+jwt
   * @param ledgerRead {@code mirror}, {@code live}, or null for the service's default
   * @param expectedNonce the nonce the presentation must carry ({@value #REQUEST_NONCE}), or null
   */
  public record Request(
      String provider,
      String presentation,
      String recipient,
      List<String> categories,
      String purpose,
      String receipt,
      String ledgerRead,
      String expectedNonce) {
    /** Copies the list. */
    public Request {
      categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** A request whose presentation may carry any fresh nonce ({@code POST /verifications}). */
    public Request(
        String provider,
        String presentation,
        String recipient,
        List<String> categories,
        String purpose,
        String receipt,
        String ledgerRead) {
      this(provider, presentation, recipient, categories, purpose, receipt, ledgerRead, null);
    }

    /** A request with the service's default ledger read. */
    public Request(
        String provider,
        String presentation,
        String recipient,
        List<String> categories,
        String purpose,
        String receipt) {
      this(provider, presentation, recipient, categories, purpose, receipt, null, null);
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

    static Check fail(String check, CheckCode code, String detail) {
      return new Check(check, false, code.name(), detail);
    }

    static Check fail(String check, ProblemCode code, String detail) {
      return new Check(check, false, code.name(), detail);
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

    /**
     * The answer of {@code POST /verifications}: decision, consent id, every check (with its code
     * and detail when it failed), the receipt id on allow, how the ledger was read and its block.
     *
     * @return the JSON object
     */
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      for (Check c : checks) {
        JsonObject o =
            new JsonObject().put("check", c.check()).put("result", c.passed() ? "pass" : "fail");
        if (!c.passed()) {
          o.put("code", c.code());
        }
        if (c.detail() != null) {
          o.put("detail", c.detail());
        }
        list.add(o);
      }
      return new JsonObject()
          .put("decision", allowed() ? "allow" : "deny")
          .put("consentId", consentId)
          .put("checks", list)
          .put("receiptId", allowed() && receipt != null ? receipt.receiptId() : null)
          .put("ledgerRead", ledgerRead)
          .put("ledgerBlock", ledgerBlock);
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

    Result withReceiptQueued() {
      return new Result(consentId, checks, receipt, ledgerBlock, ledgerRead, true);
    }

    /**
     * Returns true when there were checks and every one passed.
     *
     * @return true when there were checks and every one passed
     */
    public boolean allowed() {
      return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /**
     * Returns true when a failed check has it.
     *
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
    PresentedConsent.Read read = PresentedConsent.read(request.presentation(), maxTerm);
    if (read.unreadable() != null) {
      return report(null, null, read.unreadable());
    }
    Instant now = clock.instant();
    PresentedConsent c = read.consent();
    return read.signature()
        .run(keys, now)
        .compose(
            signature ->
                c == null
                    ? report(null, null, signature, read.noConsent())
                    // The ledger's record, read once: the anchoring time for the credential's
                    // signature, and the status and anchor for the ledger check.
                    : ledger
                        .consent(c.consentId())
                        .recover(CheckFailures::unavailable)
                        .compose(
                            anchored ->
                                c.credentialSignature(keys, anchored)
                                    .compose(
                                        credential ->
                                            rest(
                                                new Presented(
                                                    request, c, keys, ledger, anchored, now),
                                                signature,
                                                credential))));
  }

  /** The checks after the two signatures; the nonce last, once the others are known. */
  private Future<Result> rest(Presented p, Check signature, Check credential) {
    List<Check> checks = new ArrayList<>(List.of(signature, credential));
    for (TermsCheck terms : TermsCheck.values()) {
      checks.add(terms.run(p));
    }
    String expected = p.request().expectedNonce();
    if (expected != null) {
      // Before the nonce is recorded: a mismatch is a denial, and no receipt is queued with it.
      checks.add(
          p.consent().nonce().filter(expected::equals).isPresent()
              ? Check.pass(REQUEST_NONCE)
              : Check.fail(
                  REQUEST_NONCE,
                  CheckCode.NONCE_MISMATCH,
                  "the presentation's nonce is not the one issued for it"));
    }
    checks.add(LedgerStatusCheck.run(p));
    Future<Check> holder = p.consent().holderBinding(p.keys());
    Future<Check> recipient = RecipientCheck.run(p);
    Future<ReceiptCheck.Outcome> receipt = ReceiptCheck.run(p);
    return Future.all(holder, recipient, receipt)
        .compose(
            all -> {
              checks.add(holder.result());
              checks.add(recipient.result());
              checks.add(receipt.result().check());
              boolean othersPassed = checks.stream().allMatch(Check::passed);
              ReceiptStatements.Receipt r = receipt.result().receipt();
              return nonce
                  .run(p, signature.passed(), othersPassed ? r : null)
                  .compose(
                      n -> {
                        checks.add(n.check());
                        Result result = report(p.consent().consentId(), r, checks);
                        return Future.succeededFuture(
                            n.receiptQueued() ? result.withReceiptQueued() : result);
                      });
            });
  }

  /**
   * The result, its checks in the order of {@link #ORDER} whatever order they ran in.
   *
   * @param consentId the consent, or null
   * @param receipt the verified receipt, or null
   * @param checks the checks run
   * @return the result, read live until the caller says otherwise
   */
  private static Result report(
      String consentId, ReceiptStatements.Receipt receipt, List<Check> checks) {
    List<Check> ordered = new ArrayList<>(checks);
    ordered.sort(Comparator.comparingInt(x -> REPORTED.indexOf(x.check())));
    return new Result(consentId, ordered, receipt);
  }

  private static Future<Result> report(
      String consentId, ReceiptStatements.Receipt receipt, Check... checks) {
    return Future.succeededFuture(report(consentId, receipt, List.of(checks)));
  }

  static ProblemCode code(RejectedException e) {
    return Rejections.code(e.reason());
  }
}
