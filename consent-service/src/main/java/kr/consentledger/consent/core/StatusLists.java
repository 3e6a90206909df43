/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.StatusListStore;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.credential.BitstringStatusList;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.StatusListCredential;
import kr.consentledger.wallet.credential.StatusListEntry;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.keys.Signer;

/**
 * The consents' W3C Bitstring Status Lists (v1.0, purpose {@code revocation}): reserves a random
 * index for a subject before it signs, binds it to the consent that carries it, and publishes each
 * list as a {@code BitstringStatusListCredential} signed ({@code vc+jwt}) by the operators' DID. A
 * list's bits come only from the read model, which only chaincode events change: a bit is 1 when
 * the consent bound to that index is {@code ConsentWithdrawn} on the ledger. The list names no DID
 * and no consent; indexes are random within the list, so their order says nothing of who reserved
 * them or when.
 */
public final class StatusLists {
  /** The path of the lists, under the service's public URL. */
  public static final String PATH = "/status-lists/";

  private static final Pattern LIST_ID = Pattern.compile("[1-9][0-9]{0,8}");

  private final StatusListStore store;
  private final Operator operator;
  private final Clock clock;
  private final Duration reservationTtl;
  private final boolean required;
  private final SecureRandom random = new SecureRandom();
  private final Map<Integer, Published> published = new ConcurrentHashMap<>();
  private volatile String baseUrl;

  /**
   * The operators' DID that signs the lists: a did:fabric whose key the service's operator holds.
   *
   * @param did the DID
   * @param signer its key (kid {@code <did>#key-1}), listed under assertionMethod
   * @param document its DID document, as registered on the ledger
   */
  public record Operator(String did, Signer signer, DidDocument document) {
    /** Checks the components. */
    public Operator {
      Objects.requireNonNull(did, "did");
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(document, "document");
    }
  }

  /**
   * A reserved index, as the wallet writes it into its credential's entry.
   *
   * @param entry the entry: list URL, index, purpose
   * @param expiresAt when the reservation lapses if no consent used it
   */
  public record Reserved(StatusListEntry entry, Instant expiresAt) {}

  /**
   * A published list.
   *
   * @param jws the signed {@code BitstringStatusListCredential}
   * @param etag its strong entity tag (quoted)
   * @param set the indexes set in it
   */
  public record Published(String jws, String etag, List<Integer> set) {}

  /**
   * @param store the indexes
   * @param operator the operators' DID and key
   * @param clock the clock reservations are judged against
   * @param baseUrl the service's public URL (scheme, host, port), for example {@code
   *     https://consent.example.kr}; the lists are at {@code <baseUrl>/status-lists/<id>}
   * @param reservationTtl how long a reservation waits for its consent
   * @param required whether a new consent must carry a {@code BitstringStatusListEntry}
   */
  public StatusLists(
      StatusListStore store,
      Operator operator,
      Clock clock,
      String baseUrl,
      Duration reservationTtl,
      boolean required) {
    this.store = Objects.requireNonNull(store, "store");
    this.operator = Objects.requireNonNull(operator, "operator");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reservationTtl = Objects.requireNonNull(reservationTtl, "reservationTtl");
    this.required = required;
    baseUrl(baseUrl);
  }

  /**
   * Sets the public URL (once the port is known).
   *
   * @param url scheme, host and port, without a trailing slash
   */
  public void baseUrl(String url) {
    Objects.requireNonNull(url, "baseUrl");
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Returns the public URL.
   *
   * @return scheme, host and port, without a trailing slash
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns a list's URL.
   *
   * @param listId the list
   * @return {@code <baseUrl>/status-lists/<listId>}
   */
  public String listUrl(int listId) {
    return baseUrl + PATH + listId;
  }

  /**
   * Returns the operators' DID.
   *
   * @return the DID and key that sign the lists
   */
  public Operator operator() {
    return operator;
  }

  /**
   * Reserves a random unused index for a subject.
   *
   * @param subject the authenticated subject
   * @return the reservation
   */
  public Future<Reserved> reserve(String subject) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(reservationTtl);
    return store
        .reserve(subject, now, expiresAt, random::nextInt)
        .map(
            r ->
                new Reserved(
                    StatusListEntry.revocation(listUrl(r.listId()), r.index()), r.expiresAt()));
  }

  /**
   * Binds the credential's status list index to it, when it has one (CONSENT-PROTOCOL.md §2a).
   *
   * @param credential a verified consent credential
   * @return a future failed with INVALID_CREDENTIAL (no entry while one is required),
   *     STATUS_ENTRY_NOT_RESERVED, STATUS_RESERVATION_EXPIRED or CONSENT_EXISTS
   */
  public Future<Void> bind(ConsentCredential credential) {
    Optional<StatusListEntry> entry = credential.statusListEntry();
    if (entry.isEmpty()) {
      return required
          ? Future.failedFuture(
              new ConsentException(
                  ProblemCode.INVALID_CREDENTIAL,
                  "credentialStatus: a BitstringStatusListEntry reserved with POST"
                      + " /status-list-reservations is required"))
          : Future.succeededFuture();
    }
    StatusListEntry e = entry.get();
    String prefix = baseUrl + PATH;
    String url = e.statusListCredential();
    Matcher m = LIST_ID.matcher(url.startsWith(prefix) ? url.substring(prefix.length()) : "");
    if (!m.matches() || e.statusListIndex() >= Integer.MAX_VALUE) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.STATUS_ENTRY_NOT_RESERVED,
              "credentialStatus.statusListCredential: not a list of this service ("
                  + prefix
                  + ")"));
    }
    return store
        .bind(
            Integer.parseInt(m.group()),
            (int) e.statusListIndex(),
            credential.subject(),
            credential.consentId(),
            clock.instant())
        .compose(
            claim ->
                switch (claim) {
                  case BOUND -> Future.<Void>succeededFuture();
                  case NOT_RESERVED ->
                      Future.failedFuture(
                          new ConsentException(
                              ProblemCode.STATUS_ENTRY_NOT_RESERVED,
                              "credentialStatus.statusListIndex: not reserved for this subject,"
                                  + " or used by another consent"));
                  case EXPIRED ->
                      Future.failedFuture(
                          new ConsentException(
                              ProblemCode.STATUS_RESERVATION_EXPIRED,
                              "credentialStatus.statusListIndex: the reservation lapsed unused;"
                                  + " reserve another index and sign again"));
                });
  }

  /**
   * The list as the ledger shows it now, signed: the same bits give the same credential (and entity
   * tag) as before; a change signs a new one, dated now.
   *
   * @param listId the list
   * @return the published list, or a future failed with STATUS_LIST_NOT_FOUND
   */
  public Future<Published> publish(int listId) {
    return store
        .state(listId)
        .compose(
            state -> {
              if (state.isEmpty()) {
                return Future.failedFuture(
                    new ConsentException(
                        ProblemCode.STATUS_LIST_NOT_FOUND, "no status list " + listId));
              }
              StatusListStore.ListState s = state.get();
              Published last = published.get(listId);
              if (last != null && last.set().equals(s.set())) {
                return Future.succeededFuture(last);
              }
              Published fresh = sign(s);
              published.put(listId, fresh);
              return Future.succeededFuture(fresh);
            });
  }

  private Published sign(StatusListStore.ListState s) {
    BitstringStatusList bits = BitstringStatusList.create(s.size());
    s.set().forEach(i -> bits.set(i, true));
    try {
      String jws =
          StatusListCredential.issue(
                  listUrl(s.listId()),
                  operator.did(),
                  s.purpose(),
                  bits,
                  clock.instant(),
                  operator.signer())
              .credential()
              .jws();
      String etag = "\"" + ConsentCredential.hashOf(jws).substring(0, 32) + "\"";
      return new Published(jws, etag, s.set());
    } catch (WalletException e) {
      throw new ConsentException(ProblemCode.INTERNAL_ERROR, "the status list key did not sign");
    }
  }

  /**
   * Parses a list id of the path.
   *
   * @param text the path parameter
   * @return the id
   * @throws ConsentException STATUS_LIST_NOT_FOUND when it is not a list id
   */
  public static int listId(String text) {
    if (text == null || !LIST_ID.matcher(text).matches()) {
      throw new ConsentException(ProblemCode.STATUS_LIST_NOT_FOUND, "no status list " + text);
    }
    return Integer.parseInt(text);
  }
}
