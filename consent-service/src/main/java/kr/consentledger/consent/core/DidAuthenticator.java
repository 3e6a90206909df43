/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import kr.consentledger.consent.Challenge;
import kr.consentledger.consent.ChallengeStore;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.did.VerificationRelationship;

/**
 * DID authentication (CONSENT-PROTOCOL.md §7): issues challenges and checks {@code Authorization:
 * DIDAuth <jws>} headers. Tokens are parsed by the wallet SDK ({@link DidAuth#parse(String,
 * Instant)}: typ, header members, iss, aud, challenge, iat and nbf at most 60 s ahead of the clock,
 * exp at most 300 s after iat and not reached, kid a DID URL of iss); the service checks aud, exp,
 * the challenge and, through DID resolution, the key and the signature. Every failure is
 * UNAUTHENTICATED (the SDK's INVALID_TOKEN included), with a message that says why.
 */
public final class DidAuthenticator {
  /** The JWS typ of a DID-auth token. */
  public static final String TYP = DidAuth.TYP;

  /** The audience tokens must name. */
  public static final String AUDIENCE = DidAuth.CONSENT_SERVICE;

  /** How long a challenge lives. */
  public static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);

  /** The longest token lifetime, {@code exp - iat}. */
  public static final long MAX_TOKEN_SECONDS = DidAuth.MAX_TTL.toSeconds();

  private static final String SCHEME = DidAuth.SCHEME + " ";

  private final ChallengeStore challenges;
  private final DidKeys keys;
  private final Clock clock;
  private final SecureRandom random;
  private final Function<String, Future<String>> callerGate;
  private final TokenCache tokens;

  /**
   * Says whether what a DID's verified token relied on (its DID document) can still be trusted.
   * {@link LedgerMirror} is one: a DID no block changed since the stamp, while the mirror is fresh.
   */
  public interface DidValidity {
    /**
     * Read before a token is verified.
     *
     * @return the current stamp, or a negative number when nothing may be remembered
     */
    long stamp();

    /**
     * Returns true when nothing about the DID changed since, as far as is known now.
     *
     * @param did the DID
     * @param stamp what {@link #stamp()} returned before its token was verified
     * @return true when nothing about the DID changed since, as far as is known now
     */
    boolean unchanged(String did, long stamp);
  }

  /** A token verified before: its DID, until when it may be used, the validity stamp. */
  private record Verified(String did, Instant notAfter, long stamp) {}

  /** The tokens verified before, bounded, and what says whether their DIDs changed. */
  private record TokenCache(Cache<String, Verified> verified, DidValidity validity) {}

  /**
   * @param challenges where challenges are kept
   * @param keys DID resolution and signature checks
   * @param clock the clock
   * @param random the source of challenge bytes
   */
  public DidAuthenticator(
      ChallengeStore challenges, DidKeys keys, Clock clock, SecureRandom random) {
    this(challenges, keys, clock, random, Future::succeededFuture, null);
  }

  private DidAuthenticator(
      ChallengeStore challenges,
      DidKeys keys,
      Clock clock,
      SecureRandom random,
      Function<String, Future<String>> callerGate,
      TokenCache tokens) {
    this.challenges = Objects.requireNonNull(challenges, "challenges");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.callerGate = Objects.requireNonNull(callerGate, "callerGate");
    this.tokens = tokens;
  }

  /**
   * The same authenticator remembering each verified token until it expires (or its challenge
   * does), so that a token used again costs no database query, DID resolution or signature check.
   * Tokens are not single-use (§7: a token may be used until its {@code exp}), so this changes no
   * answer, with one exception bounded by {@code validity}: a token is remembered only while
   * nothing changed its DID (a key rotated or the DID deactivated, seen by the mirror).
   *
   * @param size the most tokens remembered
   * @param validity says whether a DID changed since its token was verified
   * @return a new authenticator sharing the challenges, keys, clock and caller gate
   */
  public DidAuthenticator withTokenCache(int size, DidValidity validity) {
    return new DidAuthenticator(
        challenges,
        keys,
        clock,
        random,
        callerGate,
        new TokenCache(
            Caffeine.newBuilder().maximumSize(size).build(),
            Objects.requireNonNull(validity, "validity")));
  }

  /**
   * The same authenticator with a step run on the caller's DID once authentication succeeded, for
   * example the per-DID rate limit; its failure is the request's.
   *
   * @param gate maps the authenticated DID to itself, or to a failed future
   * @return a new authenticator sharing the challenges, keys and clock
   */
  public DidAuthenticator withCallerGate(Function<String, Future<String>> gate) {
    return new DidAuthenticator(challenges, keys, clock, random, gate, tokens);
  }

  /**
   * Issues a challenge to a DID.
   *
   * @param did the DID that will sign it
   * @return the stored challenge
   */
  public Future<Challenge> issue(String did) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    Instant now = clock.instant();
    Challenge challenge =
        new Challenge(
            Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
            did,
            now.plus(CHALLENGE_LIFETIME).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    return challenges.deleteExpired(now).compose(n -> challenges.save(challenge)).map(challenge);
  }

  /**
   * Authenticates a request.
   *
   * @param authorization the Authorization header, or null
   * @return the caller's DID, or a future failed with ConsentException UNAUTHENTICATED
   */
  public Future<String> authenticate(String authorization) {
    DidAuth.Token token;
    String raw;
    long stamp;
    try {
      if (authorization == null || !authorization.startsWith(SCHEME)) {
        throw unauthenticated("an Authorization: DIDAuth <jws> header is required");
      }
      raw = authorization.substring(SCHEME.length()).trim();
      if (tokens != null) {
        Verified known = tokens.verified().getIfPresent(raw);
        if (known != null
            && clock.instant().isBefore(known.notAfter())
            && tokens.validity().unchanged(known.did(), known.stamp())) {
          return callerGate.apply(known.did());
        }
      }
      stamp = tokens == null ? -1 : tokens.validity().stamp();
      try {
        // Shape, header members, and the clock: iat and nbf at most DidAuth.MAX_CLOCK_SKEW ahead,
        // exp not reached.
        token = DidAuth.parse(raw, clock.instant());
      } catch (RejectedException e) {
        throw unauthenticated(e.getMessage());
      }
      if (!AUDIENCE.equals(token.audience())) {
        throw unauthenticated("the token's aud must be \"" + AUDIENCE + "\"");
      }
      if (!clock.instant().isBefore(token.expiresAt())) {
        throw unauthenticated("the token has expired");
      }
    } catch (ConsentException e) {
      return Future.failedFuture(e);
    }
    String iss = token.issuer();
    Instant[] challengeExpiry = new Instant[1];
    return challenges
        .find(token.challenge())
        .compose(
            found -> {
              if (found.isEmpty()
                  || !found.get().did().equals(iss)
                  || !found.get().expiresAt().isAfter(clock.instant())) {
                return Future.failedFuture(
                    unauthenticated("the challenge is unknown, expired or issued to another DID"));
              }
              challengeExpiry[0] = found.get().expiresAt();
              return keys.document(iss);
            })
        .map(
            doc -> {
              DidKeys.verify(
                  doc, token.keyId(), token.jws(), VerificationRelationship.AUTHENTICATION);
              if (tokens != null && stamp >= 0) {
                Instant notAfter =
                    token.expiresAt().isBefore(challengeExpiry[0])
                        ? token.expiresAt()
                        : challengeExpiry[0];
                tokens.verified().put(raw, new Verified(iss, notAfter, stamp));
              }
              return iss;
            })
        .recover(
            e -> {
              if (e instanceof ConsentException c
                  && c.code() != ProblemCode.UNAUTHENTICATED
                  && c.code() != ProblemCode.SERVICE_UNAVAILABLE) {
                return Future.failedFuture(unauthenticated(c.getMessage()));
              }
              return Future.failedFuture(e);
            })
        .compose(callerGate);
  }

  private static ConsentException unauthenticated(String why) {
    return new ConsentException(ProblemCode.UNAUTHENTICATED, why);
  }
}
