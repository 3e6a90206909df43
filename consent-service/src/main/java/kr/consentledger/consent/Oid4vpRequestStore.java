/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where OpenID4VP authorization requests are kept between the provider's calls and the wallet's
 * (PostgreSQL in the service, so that any instance behind a load balancer can answer the wallet's
 * request URI and response URI, and the provider's decision).
 */
public interface Oid4vpRequestStore {
  /** The states of a request. */
  enum Status {
    /** Waiting for the provider's signed request object. */
    CREATED,
    /** Signed: waiting for the wallet. */
    PENDING,
    /** The wallet posted a vp_token. */
    RESPONDED,
    /** The wallet posted an error. */
    REFUSED,
    /** The provider asked for the decision. */
    DECIDED;

    /**
     * The name as the API and the database write it.
     *
     * @return the lowercase name
     */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status of a lowercase name.
     *
     * @param name as {@link #json()} writes it
     * @return the status
     */
    public static Status of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One authorization request and what happened to it.
   *
   * @param id the request's id
   * @param provider the provider's DID
   * @param recipient the recipient of the transmission
   * @param categories the data categories
   * @param purpose the purposeCategory
   * @param nonce the nonce
   * @param state the state
   * @param expiresAt when it lapses
   * @param status its state
   * @param requestObject the provider's signed request object, or null before it is signed
   * @param presentation the presentation the wallet posted, or null
   * @param walletError the wallet's error, or null
   * @param decision the decision as {@code POST /verifications} answers it (JSON), or null
   */
  record Request(
      String id,
      String provider,
      String recipient,
      List<String> categories,
      String purpose,
      String nonce,
      String state,
      Instant expiresAt,
      Status status,
      String requestObject,
      String presentation,
      String walletError,
      String decision) {
    /** Copies the list. */
    public Request {
      categories = List.copyOf(categories);
    }

    /**
     * This request in another state, with what that state records.
     *
     * @param s the new status
     * @param signed the request object (kept when null)
     * @param vp the presentation
     * @param error the wallet's error
     * @param decided the decision's JSON
     * @return the changed request
     */
    public Request with(Status s, String signed, String vp, String error, String decided) {
      return new Request(
          id,
          provider,
          recipient,
          categories,
          purpose,
          nonce,
          state,
          expiresAt,
          s,
          signed == null ? requestObject : signed,
          vp,
          error,
          decided);
    }
  }

  /**
   * Stores a new request, unless {@code maxOpen} requests that have not expired are stored already.
   *
   * @param request the request
   * @param maxOpen the most open requests
   * @param now the time requests expire by
   * @return whether it was stored
   */
  Future<Boolean> insert(Request request, int maxOpen, Instant now);

  /**
   * A request by its id.
   *
   * @param id the id
   * @return the request, or empty
   */
  Future<Optional<Request>> find(String id);

  /**
   * Replaces a request if it is still in the expected state (compare and set).
   *
   * @param expected the status the stored request must have
   * @param next the request as it becomes (same id)
   * @return whether it was replaced
   */
  Future<Boolean> replace(Status expected, Request next);

  /**
   * Forgets the requests that expired.
   *
   * @param now the time
   * @return how many were forgotten
   */
  Future<Integer> purge(Instant now);
}
