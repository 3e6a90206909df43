/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;

/**
 * DID authentication to the consent service (CONSENT-PROTOCOL.md section 7): the caller signs the
 * service's challenge with a key in its DID's authentication, and sends the token as {@code
 * Authorization: DIDAuth <jws>}.
 */
public final class DidAuth {
  /** The JWS {@code typ}. */
  public static final String TYP = "didauth+jwt";

  /** The consent service's audience, {@code consent-service}. */
  public static final String CONSENT_SERVICE = "consent-service";

  /** The longest lifetime a token may have ({@code exp - iat}): 300 seconds. */
  public static final Duration MAX_TTL = Duration.ofMinutes(5);

  /**
   * How far ahead of the verifier's clock a token's {@code iat} and {@code nbf} may be: 60 seconds.
   * {@code exp} gets no skew; it is at most 300 seconds after {@code iat}.
   */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

  /** The HTTP {@code Authorization} scheme. */
  public static final String SCHEME = "DIDAuth";

  private static final Pattern B64U = Pattern.compile("[A-Za-z0-9_-]+");

  private DidAuth() {}

  /**
   * A parsed DID-auth token. Not signature-checked: the service resolves {@code iss}, checks that
   * {@code keyId} is in its authentication, and verifies the signature.
   *
   * @param jws the compact JWS as received
   * @param keyId the {@code kid}: a DID URL of {@code iss}
   * @param issuer {@code iss}, the caller's DID
   * @param audience {@code aud}
   * @param challenge the challenge the service issued
   * @param issuedAt {@code iat}
   * @param expiresAt {@code exp}, after {@code iat} and at most 300 seconds after it
   */
  public record Token(
      String jws,
      String keyId,
      String issuer,
      String audience,
      String challenge,
      Instant issuedAt,
      Instant expiresAt) {
    /**
     * Checks that no component is null.
     *
     * @param jws see the record description
     * @param keyId see the record description
     * @param issuer see the record description
     * @param audience see the record description
     * @param challenge see the record description
     * @param issuedAt see the record description
     * @param expiresAt see the record description
     */
    public Token {
      Objects.requireNonNull(jws, "jws");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(challenge, "challenge");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /**
   * Signs a DID-auth token.
   *
   * @param did the caller's DID, written as {@code iss}
   * @param challenge the challenge from {@code POST /auth/challenges} (base64url)
   * @param audience the audience, normally {@link #CONSENT_SERVICE}
   * @param signer a key listed under the DID's current authentication; its kid must be a DID URL of
   *     {@code did}
   * @param clock gives {@code iat} (epoch seconds)
   * @param ttl the lifetime: {@code exp = iat + ttl}, whole seconds, from 1 to 300 seconds
   * @return the compact JWS, {@code typ} didauth+jwt
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException naming the malformed argument
   */
  public static String token(
      String did, String challenge, String audience, Signer signer, Clock clock, Duration ttl)
      throws WalletException {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ttl, "ttl");
    if (!Dids.isDid(did)) {
      throw new IllegalArgumentException("did: not a DID: " + Dids.abbreviate(did));
    }
    if (challenge == null || !B64U.matcher(challenge).matches()) {
      throw new IllegalArgumentException(
          "challenge: must be the base64url challenge the service issued");
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("audience: must not be empty");
    }
    if (ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl: must be from 1 to 300 seconds");
    }
    if (!signer.keyId().startsWith(did + "#") || !Dids.didOf(signer.keyId()).equals(did)) {
      throw new IllegalArgumentException(
          "signer: kid " + signer.keyId() + " is not a key of " + did);
    }
    long iat = clock.instant().getEpochSecond();
    ObjectNode header = Json.object();
    header.put("typ", TYP);
    header.put("kid", signer.keyId());
    ObjectNode payload = Json.object();
    payload.put("iss", did);
    payload.put("aud", audience);
    payload.put("challenge", challenge);
    payload.put("iat", iat);
    payload.put("exp", iat + ttl.toSeconds());
    return Jws.sign(header, Json.canonicalBytes(payload), signer);
  }

  /**
   * Parses a token, checks its shape ({@link #parse(String)}) and its times against the clock:
   * {@code iat} and {@code nbf} (if present) at most {@link #MAX_CLOCK_SKEW} ahead of {@code now},
   * and {@code now} before {@code exp}. Does not check the signature, the challenge or the
   * audience.
   *
   * @param token the compact JWS (without the {@code DIDAuth } prefix)
   * @param now the verifier's clock
   * @return the token's members
   * @throws RejectedException as {@link #parse(String)}, and NOT_YET_VALID ({@code iat} or {@code
   *     nbf} too far ahead) or EXPIRED ({@code exp} reached)
   */
  public static Token parse(String token, Instant now) throws RejectedException {
    Objects.requireNonNull(now, "now");
    Token t = parse(token);
    Instant latest = now.plus(MAX_CLOCK_SKEW);
    if (t.issuedAt().isAfter(latest)) {
      throw new RejectedException(
          RejectionReason.NOT_YET_VALID,
          "DID-auth token rejected: iat "
              + t.issuedAt()
              + " is more than "
              + MAX_CLOCK_SKEW.toSeconds()
              + " s ahead of the clock ("
              + now
              + ")");
    }
    Optional<Instant> nbf = notBefore(Jws.parse(token).payloadObject().orElseThrow());
    if (nbf.isPresent() && nbf.get().isAfter(latest)) {
      throw new RejectedException(
          RejectionReason.NOT_YET_VALID,
          "DID-auth token rejected: nbf "
              + nbf.get()
              + " is more than "
              + MAX_CLOCK_SKEW.toSeconds()
              + " s ahead of the clock ("
              + now
              + ")");
    }
    if (!now.isBefore(t.expiresAt())) {
      throw new RejectedException(
          RejectionReason.EXPIRED,
          "DID-auth token rejected: expired at " + t.expiresAt() + " (now " + now + ")");
    }
    return t;
  }

  /**
   * Parses a token and checks its shape. Does not check the signature, the challenge, the audience
   * or the clock ({@link #parse(String, Instant)} checks the clock): the service does, with its
   * resolver and its challenge store.
   *
   * @param token the compact JWS (without the {@code DIDAuth } prefix)
   * @return the token's members
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE, INVALID_TOKEN (a
   *     member is missing or malformed, or {@code exp} is not within 300 seconds after {@code
   *     iat}), UNKNOWN_KEY (no kid), NOT_AUTHORISED (kid is not a DID URL of {@code iss})
   */
  public static Token parse(String token) throws RejectedException {
    Jws.Parsed parsed = Jws.parse(token);
    if (!parsed.headerText("typ").equals(Optional.of(TYP))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE, "DID-auth token rejected: JWS typ must be \"" + TYP + "\"");
    }
    parsed.requireHeaderMembers("DID-auth token", Jws.STATEMENT_HEADER);
    ObjectNode p =
        parsed.payloadObject().orElseThrow(() -> invalid("the payload is not a JSON object"));
    String iss =
        Json.text(p, "iss").filter(Dids::isDid).orElseThrow(() -> invalid("iss: must be a DID"));
    String aud =
        Json.text(p, "aud")
            .filter(a -> !a.isBlank())
            .orElseThrow(() -> invalid("aud: must be a string"));
    String challenge =
        Json.text(p, "challenge")
            .filter(c -> B64U.matcher(c).matches())
            .orElseThrow(() -> invalid("challenge: must be a base64url string"));
    long iat = epochSeconds(p, "iat");
    long exp = epochSeconds(p, "exp");
    if (exp <= iat || exp - iat > MAX_TTL.toSeconds()) {
      throw invalid("exp: must be after iat and at most iat + 300");
    }
    Optional<Instant> nbf = notBefore(p);
    if (nbf.isPresent() && nbf.get().getEpochSecond() >= exp) {
      throw invalid("nbf: must be before exp");
    }
    String kid =
        parsed
            .headerText("kid")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY,
                        "DID-auth token rejected: the JWS header has no \"kid\""));
    if (!kid.startsWith(iss + "#") || !Dids.didOf(kid).equals(iss)) {
      throw new RejectedException(
          RejectionReason.NOT_AUTHORISED,
          "DID-auth token rejected: kid " + Dids.abbreviate(kid) + " is not a key of " + iss);
    }
    return new Token(
        parsed.compact(),
        kid,
        iss,
        aud,
        challenge,
        Instant.ofEpochSecond(iat),
        Instant.ofEpochSecond(exp));
  }

  private static Optional<Instant> notBefore(ObjectNode p) throws RejectedException {
    return p.has("nbf")
        ? Optional.of(Instant.ofEpochSecond(epochSeconds(p, "nbf")))
        : Optional.empty();
  }

  private static long epochSeconds(ObjectNode p, String member) throws RejectedException {
    JsonNode v = p.get(member);
    if (v == null
        || !v.isIntegralNumber()
        || !v.canConvertToLong()
        || v.longValue() < 0
        || v.longValue() > 253_402_300_799L) {
      throw invalid(member + ": must be an integer number of seconds since the epoch");
    }
    return v.longValue();
  }

  private static RejectedException invalid(String why) {
    return new RejectedException(RejectionReason.INVALID_TOKEN, "DID-auth token rejected: " + why);
  }
}
