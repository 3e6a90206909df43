/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.Oid4vpRequestStore;
import kr.consentledger.consent.Oid4vpRequestStore.Request;
import kr.consentledger.consent.Oid4vpRequestStore.Status;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.consent.Oid4vpRequestObject;
import kr.consentledger.wallet.consent.Oid4vpWallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.SdJwtConsent;

/**
 * The verifier side of OpenID for Verifiable Presentations 1.0 for providers (issue 14): a provider
 * creates an authorization request (a DCQL query for the consent credential covering its
 * transmission, a fresh nonce, {@code client_id} = {@code decentralized_identifier:<provider DID>},
 * response mode {@code direct_post}); the wallet posts its {@code vp_token} to the response URI;
 * the provider then asks for the decision with its receipt, and the same checks as {@code POST
 * /verifications} run ({@link VerificationService}), plus the request's own nonce.
 *
 * <p>Requests are kept in an {@link Oid4vpRequestStore} (PostgreSQL), at most {@link #MAX_OPEN}
 * open at a time, until they expire: any instance behind a load balancer answers the wallet and the
 * provider.
 */
public final class Oid4vpVerifier {
  /** The client identifier prefix binding {@code client_id} to the provider's DID. */
  public static final String CLIENT_ID_PREFIX = Oid4vpWallet.CLIENT_ID_PREFIX;

  /** The id of the DCQL credential query, and so the key of the vp_token. */
  public static final String QUERY_ID = "consent";

  /** The credential format identifier of the DCQL query. */
  public static final String FORMAT = Oid4vpWallet.FORMAT;

  /** The id of the alternative credential query, for the consent's SD-JWT VC. */
  public static final String SD_JWT_QUERY_ID = "consent_sd";

  /** The credential format identifier of the SD-JWT VC (OpenID4VP 1.0 §B.3). */
  public static final String SD_JWT_FORMAT = Oid4vpWallet.SD_JWT_FORMAT;

  /** The path of the routes, under the public URL. */
  public static final String PATH = "/oid4vp";

  /** The check added to the decision: the presentation's nonce is the request's. */
  public static final String REQUEST_NONCE = PresentationVerifier.REQUEST_NONCE;

  /** The most requests open at once; more are refused with OVERLOADED. */
  public static final int MAX_OPEN = 10_000;

  private final VerificationService verifications;
  private final DidKeys keys;
  private final RegistryLedger ledger;
  private final Clock clock;
  private final Duration ttl;
  private final Supplier<String> baseUrl;
  private final SecureRandom random = new SecureRandom();
  private final Oid4vpRequestStore requests;

  /**
   * @param verifications the checks of POST /verifications
   * @param requests where requests are kept (PostgreSQL: any instance answers the wallet)
   * @param keys resolves the provider's DID to verify its request object
   * @param ledger the participant registry (the caller must be an active provider)
   * @param clock the clock requests expire by
   * @param ttl how long a request waits for the wallet and the decision
   * @param baseUrl the service's public URL (scheme, host, port), read at each request
   */
  public Oid4vpVerifier(
      VerificationService verifications,
      Oid4vpRequestStore requests,
      DidKeys keys,
      RegistryLedger ledger,
      Clock clock,
      Duration ttl,
      Supplier<String> baseUrl) {
    this.verifications = Objects.requireNonNull(verifications, "verifications");
    this.requests = Objects.requireNonNull(requests, "requests");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
  }

  /**
   * Creates an authorization request for an active registered provider.
   *
   * @param provider the authenticated caller
   * @param recipient the recipient of the transmission
   * @param categories the data categories, at least one
   * @param purpose the purposeCategory
   * @return the stored request, or a future failed with VALIDATION_FAILED, FORBIDDEN, OVERLOADED or
   *     SERVICE_UNAVAILABLE
   */
  public Future<Request> create(
      String provider, String recipient, List<String> categories, String purpose) {
    if (recipient == null || recipient.isBlank() || purpose == null || purpose.isBlank()) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED, "transmission needs a recipient and a purpose"));
    }
    if (categories == null || categories.isEmpty()) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED, "transmission needs at least one category"));
    }
    return VerificationService.requireActiveProvider(ledger, provider)
        .compose(
            v -> {
              Instant now = clock.instant();
              Request r =
                  new Request(
                      UUID.randomUUID().toString(),
                      provider,
                      recipient,
                      categories,
                      purpose,
                      randomToken(),
                      randomToken(),
                      now.plus(ttl),
                      Status.CREATED,
                      null,
                      null,
                      null,
                      null);
              return requests
                  .purge(now)
                  .compose(purged -> requests.insert(r, MAX_OPEN, now))
                  .compose(
                      stored ->
                          stored
                              ? Future.succeededFuture(r)
                              : Future.failedFuture(
                                  new ConsentException(
                                      ProblemCode.OVERLOADED,
                                      "too many open authorization requests")));
            });
  }

  /**
   * The authorization request's parameters (OpenID4VP 1.0 §5), as the wallet receives them.
   *
   * @param r the request
   * @return client_id, response_type, response_mode, response_uri, nonce, state, dcql_query and
   *     client_metadata
   */
  public JsonObject authorizationRequest(Request r) {
    return new JsonObject()
        .put("client_id", CLIENT_ID_PREFIX + r.provider())
        .put("response_type", "vp_token")
        .put("response_mode", "direct_post")
        .put("response_uri", responseUri(r))
        .put("nonce", r.nonce())
        .put("state", r.state())
        .put("dcql_query", dcqlQuery(r))
        .put(
            "client_metadata",
            new JsonObject()
                .put(
                    "vp_formats_supported",
                    new JsonObject()
                        .put(FORMAT, new JsonObject().put("alg_values", algorithms()))
                        .put(
                            SD_JWT_FORMAT,
                            new JsonObject()
                                .put("sd-jwt_alg_values", algorithms())
                                .put("kb-jwt_alg_values", algorithms()))));
  }

  /**
   * The payload the provider signs as the request object (RFC 9101, OpenID4VP 1.0 §5.9.3): every
   * parameter of {@link #authorizationRequest}, with {@code aud} = {@value
   * Oid4vpRequestObject#AUDIENCE}, {@code iat} (creation) and {@code exp} (expiry), in epoch
   * seconds.
   *
   * @param r the request
   * @return the payload
   */
  public JsonObject requestObjectPayload(Request r) {
    return authorizationRequest(r)
        .put("aud", Oid4vpRequestObject.AUDIENCE)
        .put("iat", r.expiresAt().minus(ttl).getEpochSecond())
        .put("exp", r.expiresAt().getEpochSecond());
  }

  /**
   * The request URI of a request, from which a wallet fetches its signed request object.
   *
   * @param r the request
   * @return {@code <public URL>/oid4vp/request-objects/<id>}
   */
  public String requestUri(Request r) {
    return base() + PATH + "/request-objects/" + r.id();
  }

  /**
   * Takes the provider's signed request object: a JWS of {@link #requestObjectPayload} exactly,
   * {@code typ} {@value Oid4vpRequestObject#TYP}, signed by a key of the provider's DID under
   * authentication. From then on the wallet can fetch it at the request URI.
   *
   * @param provider the authenticated caller
   * @param id the request
   * @param jws the compact JWS
   * @return the signed request, or a future failed with OID4VP_REQUEST_NOT_FOUND,
   *     OID4VP_REQUEST_EXPIRED, OID4VP_REQUEST_STATE (signed already), VALIDATION_FAILED (not the
   *     request's payload, or malformed), UNKNOWN_DID, NOT_AUTHORISED, UNSUPPORTED_ALGORITHM or
   *     BAD_SIGNATURE
   */
  public Future<Request> sign(String provider, String id, String jws) {
    return find(id).compose(found -> sign(provider, found.orElse(null), jws));
  }

  private Future<Request> sign(String provider, Request r, String jws) {
    if (r == null || !r.provider().equals(provider)) {
      return notFound();
    }
    if (!clock.instant().isBefore(r.expiresAt())) {
      return expired();
    }
    if (r.status() != Status.CREATED) {
      return Future.failedFuture(
          new ConsentException(ProblemCode.OID4VP_REQUEST_STATE, "the request is signed already"));
    }
    Oid4vpRequestObject.Parsed parsed;
    try {
      if (jws == null || jws.isBlank()) {
        throw new ConsentException(ProblemCode.VALIDATION_FAILED, "requestObject is missing");
      }
      parsed = Oid4vpRequestObject.parse(jws.strip());
      if (!new JsonObject(parsed.payloadJson())
          .equals(new JsonObject(requestObjectPayload(r).encode()))) {
        throw new ConsentException(
            ProblemCode.VALIDATION_FAILED,
            "the request object's payload is not this request's requestObjectPayload");
      }
    } catch (RejectedException e) {
      return Future.failedFuture(
          new ConsentException(ProblemCode.VALIDATION_FAILED, e.getMessage()));
    } catch (ConsentException e) {
      return Future.failedFuture(e);
    }
    return keys.document(provider)
        .compose(
            doc -> {
              try {
                Oid4vpRequestObject.verify(parsed, doc);
              } catch (RejectedException e) {
                return Future.failedFuture(Rejections.problem(e));
              }
              Request next = r.with(Status.PENDING, parsed.compact(), null, null, null);
              return requests
                  .replace(Status.CREATED, next)
                  .compose(
                      replaced ->
                          replaced
                              ? Future.succeededFuture(next)
                              : Future.failedFuture(
                                  new ConsentException(
                                      ProblemCode.OID4VP_REQUEST_STATE,
                                      "the request is signed already")));
            });
  }

  /**
   * The signed request object a wallet fetches at the request URI (no authentication: the request's
   * id is in the URL the provider gave the wallet).
   *
   * @param id the request
   * @return the compact JWS, or a future failed with OID4VP_REQUEST_NOT_FOUND (also before it is
   *     signed) or OID4VP_REQUEST_EXPIRED
   */
  public Future<String> requestObject(String id) {
    return find(id)
        .compose(
            found -> {
              Request r = found.orElse(null);
              if (r == null || r.requestObject() == null) {
                return notFound();
              }
              if (!clock.instant().isBefore(r.expiresAt())) {
                return expired();
              }
              return Future.succeededFuture(r.requestObject());
            });
  }

  /** A request by id; a malformed id is simply not found. */
  private Future<Optional<Request>> find(String id) {
    return id == null || id.length() > 64
        ? Future.succeededFuture(Optional.empty())
        : requests.find(id);
  }

  /**
   * The response URI of a request.
   *
   * @param r the request
   * @return {@code <public URL>/oid4vp/responses/<id>}
   */
  public String responseUri(Request r) {
    return base() + PATH + "/responses/" + r.id();
  }

  private String base() {
    String base = baseUrl.get();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /**
   * The DCQL query (OpenID4VP 1.0 §6): one ConsentCredential whose provider, recipient, data
   * categories and purpose category have the request's values.
   *
   * @param r the request
   * @return the query
   */
  public static JsonObject dcqlQuery(Request r) {
    JsonArray claims =
        new JsonArray()
            .add(claim("provider", values(List.of(r.provider())), "provider", "id"))
            .add(claim("recipient", values(List.of(r.recipient())), "recipient", "id"));
    for (int i = 0; i < r.categories().size(); i++) {
      claims.add(
          claim(
              "category-" + i,
              values(List.of(r.categories().get(i))),
              "dataCategories",
              null,
              "category"));
    }
    claims.add(claim("purpose", values(List.of(r.purpose())), "purposes", null, "purposeCategory"));
    JsonObject vcJwt =
        new JsonObject()
            .put("id", QUERY_ID)
            .put("format", FORMAT)
            .put(
                "meta",
                new JsonObject()
                    .put(
                        "type_values",
                        new JsonArray()
                            .add(
                                new JsonArray()
                                    .add("VerifiableCredential")
                                    .add("ConsentCredential"))))
            .put("require_cryptographic_holder_binding", true)
            .put("claims", claims);
    JsonObject sdJwt =
        new JsonObject()
            .put("id", SD_JWT_QUERY_ID)
            .put("format", SD_JWT_FORMAT)
            .put("meta", new JsonObject().put("vct_values", new JsonArray().add(SdJwtConsent.VCT)))
            .put("require_cryptographic_holder_binding", true)
            .put("claims", claims.copy());
    // Either form answers the request: credential_sets with one option per form (DCQL §6.2).
    return new JsonObject()
        .put("credentials", new JsonArray().add(vcJwt).add(sdJwt))
        .put(
            "credential_sets",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put(
                            "options",
                            new JsonArray()
                                .add(new JsonArray().add(QUERY_ID))
                                .add(new JsonArray().add(SD_JWT_QUERY_ID)))));
  }

  private static JsonArray algorithms() {
    return new JsonArray().add("EdDSA").add("ES256").add("ES256K");
  }

  private static JsonArray values(List<String> v) {
    return new JsonArray(new ArrayList<Object>(v));
  }

  private static JsonObject claim(String id, JsonArray values, String... path) {
    JsonArray p = new JsonArray().add("credentialSubject");
    for (String s : path) {
      p.add(s);
    }
    return new JsonObject().put("id", id).put("path", p).put("values", values);
  }

  /**
   * A request of the caller.
   *
   * @param provider the authenticated caller
   * @param id the request
   * @return the request, or a future failed with OID4VP_REQUEST_NOT_FOUND (also for another
   *     provider's request)
   */
  public Future<Request> get(String provider, String id) {
    return find(id)
        .compose(
            found ->
                found.isEmpty() || !found.get().provider().equals(provider)
                    ? notFound()
                    : Future.succeededFuture(found.get()));
  }

  /**
   * The wallet's answer to the response URI ({@code direct_post}, OpenID4VP 1.0 §8.2).
   *
   * @param id the request, from the response URI
   * @param vpToken the {@code vp_token} parameter (a JSON object keyed by the credential query id),
   *     or null when the wallet sent an error
   * @param state the {@code state} parameter
   * @param error the wallet's {@code error} parameter, or null
   * @return the request as stored, or a future failed with VALIDATION_FAILED,
   *     OID4VP_REQUEST_NOT_FOUND, OID4VP_REQUEST_EXPIRED or OID4VP_REQUEST_STATE
   */
  public Future<Request> respond(String id, String vpToken, String state, String error) {
    return find(id).compose(found -> respond(found.orElse(null), vpToken, state, error));
  }

  private Future<Request> respond(Request r, String vpToken, String state, String error) {
    if (r == null) {
      return notFound();
    }
    if (state == null || !state.equals(r.state())) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.VALIDATION_FAILED, "state is not the authorization request's"));
    }
    if (!clock.instant().isBefore(r.expiresAt())) {
      return expired();
    }
    if (r.status() == Status.CREATED) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.OID4VP_REQUEST_STATE, "the request object is not signed yet"));
    }
    Request next;
    if (error != null) {
      next = r.with(Status.REFUSED, null, null, error, null);
    } else {
      String vp;
      try {
        vp = presentation(vpToken);
      } catch (ConsentException e) {
        return Future.failedFuture(e);
      }
      next = r.with(Status.RESPONDED, null, vp, null, null);
    }
    Future<Boolean> replaced =
        r.status() != Status.PENDING
            ? Future.succeededFuture(false)
            : requests.replace(Status.PENDING, next);
    return replaced.compose(
        done ->
            done
                ? Future.succeededFuture(next)
                : Future.failedFuture(
                    new ConsentException(
                        ProblemCode.OID4VP_REQUEST_STATE, "the request was answered already")));
  }

  /**
   * The one presentation of a DCQL {@code vp_token}: {@code {"consent": ["<vp+jwt>"]}} or {@code
   * {"consent_sd": ["<SD-JWT+KB>"]}}.
   *
   * @param vpToken the parameter's value
   * @return the compact JWS
   */
  static String presentation(String vpToken) {
    if (vpToken == null || vpToken.isBlank()) {
      throw new ConsentException(ProblemCode.VALIDATION_FAILED, "vp_token is missing");
    }
    JsonObject token;
    try {
      token = new JsonObject(vpToken);
    } catch (RuntimeException e) {
      throw new ConsentException(
          ProblemCode.VALIDATION_FAILED, "vp_token must be a JSON object keyed by query id");
    }
    Object answered =
        token.containsKey(QUERY_ID) ? token.getValue(QUERY_ID) : token.getValue(SD_JWT_QUERY_ID);
    if (!(answered instanceof JsonArray list)
        || list.size() != 1
        || !(list.getValue(0) instanceof String vp)
        || token.size() != 1) {
      throw new ConsentException(
          ProblemCode.VALIDATION_FAILED,
          "vp_token must be {\""
              + QUERY_ID
              + "\": [\"<one vp+jwt>\"]} or {\""
              + SD_JWT_QUERY_ID
              + "\": [\"<one SD-JWT+KB>\"]}");
    }
    return vp;
  }

  /**
   * The provider's decision: the checks of {@code POST /verifications} on the presentation the
   * wallet posted and the request's transmission, with the provider's receipt, plus {@value
   * #REQUEST_NONCE} (checked before the nonce is recorded, so a mismatch queues no receipt).
   * Recorded on the request.
   *
   * @param provider the authenticated caller
   * @param id the request
   * @param receipt the provider's transmission-receipt+jwt over the presentation
   * @param ledgerRead {@code mirror}, {@code live} or null
   * @return the decision, or a future failed with OID4VP_REQUEST_NOT_FOUND, OID4VP_REQUEST_EXPIRED,
   *     OID4VP_REQUEST_STATE or the codes of {@link VerificationService#verify}
   */
  public Future<PresentationVerifier.Result> decide(
      String provider, String id, String receipt, String ledgerRead) {
    return find(id).compose(found -> decide(provider, found.orElse(null), receipt, ledgerRead));
  }

  private Future<PresentationVerifier.Result> decide(
      String provider, Request r, String receipt, String ledgerRead) {
    if (r == null || !r.provider().equals(provider)) {
      return notFound();
    }
    if (r.status() == Status.DECIDED) {
      return Future.failedFuture(
          new ConsentException(ProblemCode.OID4VP_REQUEST_STATE, "the request is decided"));
    }
    if (!clock.instant().isBefore(r.expiresAt())) {
      return expired();
    }
    if (r.status() != Status.RESPONDED) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.OID4VP_REQUEST_STATE,
              r.status() == Status.REFUSED
                  ? "the wallet refused: " + r.walletError()
                  : "the wallet has not answered yet"));
    }
    return verifications
        .verify(
            new PresentationVerifier.Request(
                provider,
                r.presentation(),
                r.recipient(),
                r.categories(),
                r.purpose(),
                receipt,
                ledgerRead,
                r.nonce()))
        .compose(
            decided ->
                // Recorded for GET; a decision made at the same time by another call stays.
                requests
                    .replace(
                        Status.RESPONDED,
                        r.with(
                            Status.DECIDED,
                            null,
                            r.presentation(),
                            null,
                            decided.toJson().encode()))
                    .map(replaced -> decided));
  }

  /**
   * The lowercase hex SHA-256 of a request's presentation, which the provider's receipt names.
   *
   * @param r the request
   * @return the hash, or null before the wallet answered
   */
  public static String presentationHash(Request r) {
    return r.presentation() == null ? null : ReceiptStatements.presentationHash(r.presentation());
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static <T> Future<T> notFound() {
    return Future.failedFuture(
        new ConsentException(
            ProblemCode.OID4VP_REQUEST_NOT_FOUND, "no such authorization request"));
  }

  private static <T> Future<T> expired() {
    return Future.failedFuture(
        new ConsentException(
            ProblemCode.OID4VP_REQUEST_EXPIRED, "the authorization request expired"));
  }
}
