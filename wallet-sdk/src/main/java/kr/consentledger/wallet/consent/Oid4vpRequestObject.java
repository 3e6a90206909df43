/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;

/**
 * The signed request object of an OpenID for Verifiable Presentations 1.0 authorization request
 * (JWT-Secured Authorization Request, RFC 9101; OpenID4VP 1.0 §5.9.3 for the {@code
 * decentralized_identifier:} client identifier prefix): a compact JWS, {@code typ} {@value #TYP},
 * signed by a key of the client's DID named by {@code kid}, whose payload holds every parameter of
 * the request. A wallet trusts a request's parameters only once this signature is verified against
 * the client's DID document.
 */
public final class Oid4vpRequestObject {
  /** The JOSE {@code typ} of a request object (RFC 9101 §10.8). */
  public static final String TYP = "oauth-authz-req+jwt";

  /** The media type a request URI answers with. */
  public static final String MEDIA_TYPE = "application/" + TYP;

  /** The audience of a request object for a wallet found by static discovery (OpenID4VP §5.8). */
  public static final String AUDIENCE = "https://self-issued.me/v2";

  private static final Set<String> HEADER = Set.of("alg", "typ", "kid");

  private Oid4vpRequestObject() {}

  /**
   * A request object whose form is checked, signature not yet verified.
   *
   * @param compact the compact JWS
   * @param keyId the {@code kid}: a DID URL of the client's DID
   * @param clientDid the DID of {@code client_id}, which is also {@code kid}'s DID
   * @param payloadJson the payload, a JSON object holding the request's parameters
   */
  public record Parsed(String compact, String keyId, String clientDid, String payloadJson) {
    /** Checks the members are present. */
    public Parsed {
      Objects.requireNonNull(compact, "compact");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(clientDid, "clientDid");
      Objects.requireNonNull(payloadJson, "payloadJson");
    }
  }

  /**
   * Signs a request object: header {@code typ} {@value #TYP}, {@code kid} the signer's, {@code alg}
   * the signer's; the payload is the given JSON object as canonical JSON.
   *
   * @param payloadJson the request's parameters (and {@code aud}, {@code iat}, {@code exp}) as a
   *     JSON object; its {@code client_id} must be {@code decentralized_identifier:} and the
   *     signer's DID
   * @param signer a key of the client's DID
   * @return the compact JWS
   * @throws WalletException when signing fails
   * @throws IllegalArgumentException when the payload is not a JSON object or names another client
   */
  public static String sign(String payloadJson, Signer signer) throws WalletException {
    Objects.requireNonNull(signer, "signer");
    ObjectNode payload =
        Json.parseObject(Objects.requireNonNull(payloadJson, "payloadJson"))
            .orElseThrow(() -> new IllegalArgumentException("payload: not a JSON object"));
    String clientId = Json.text(payload, "client_id").orElse("");
    String did = Dids.didOf(signer.keyId());
    if (!clientId.equals(Oid4vpWallet.CLIENT_ID_PREFIX + did)) {
      throw new IllegalArgumentException(
          "payload: client_id " + clientId + " is not " + Oid4vpWallet.CLIENT_ID_PREFIX + did);
    }
    ObjectNode header = Json.object();
    header.put("typ", TYP);
    header.put("kid", signer.keyId());
    return Jws.sign(header, Json.canonicalBytes(payload), signer);
  }

  /**
   * Parses a request object and checks its form: a compact JWS with header members {@code alg},
   * {@code typ} = {@value #TYP} and {@code kid} only, a JSON object payload whose {@code client_id}
   * is {@code decentralized_identifier:} and the DID of {@code kid}.
   *
   * @param compact the compact JWS
   * @return the parsed request object
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, UNSUPPORTED_HEADER, WRONG_TYPE,
   *     UNKNOWN_KEY (no kid), NOT_AUTHORISED (kid is not a key of the client)
   */
  public static Parsed parse(String compact) throws RejectedException {
    Jws.Parsed jws = Jws.parse(compact);
    jws.requireHeaderMembers("Request object", HEADER);
    if (!TYP.equals(jws.headerText("typ").orElse(null))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE, "Request object rejected: typ must be " + TYP);
    }
    String kid = jws.headerText("kid").orElse(null);
    if (kid == null || !Dids.isDid(Dids.didOf(kid)) || !kid.contains("#")) {
      throw new RejectedException(
          RejectionReason.UNKNOWN_KEY, "Request object rejected: kid must be a DID URL");
    }
    ObjectNode payload = jws.payloadObject().orElseThrow();
    String did = Dids.didOf(kid);
    String clientId = Json.text(payload, "client_id").orElse("");
    if (!clientId.equals(Oid4vpWallet.CLIENT_ID_PREFIX + did)) {
      throw new RejectedException(
          RejectionReason.NOT_AUTHORISED,
          "Request object rejected: kid "
              + Dids.abbreviate(kid)
              + " is not a key of client_id "
              + Dids.abbreviate(clientId));
    }
    return new Parsed(compact, kid, did, Json.canonical(payload));
  }

  /**
   * Verifies a parsed request object's signature with its client's already resolved DID document:
   * {@code kid} must be a key listed under {@code authentication}. Nothing is resolved, so nothing
   * blocks.
   *
   * @param parsed the parsed request object
   * @param client the client's DID document
   * @throws RejectedException INVALID_DOCUMENT (another DID's document), UNKNOWN_KEY,
   *     NOT_AUTHORISED, UNSUPPORTED_ALGORITHM, BAD_SIGNATURE
   */
  public static void verify(Parsed parsed, DidDocument client) throws RejectedException {
    if (!client.id().equals(parsed.clientDid())) {
      throw new RejectedException(
          RejectionReason.INVALID_DOCUMENT,
          "Request object rejected: the document is not " + Dids.abbreviate(parsed.clientDid()));
    }
    Verifier.verifyJws(
        parsed.compact(), client, parsed.keyId(), VerificationRelationship.AUTHENTICATION);
  }

  /**
   * Parses, resolves the client's DID and verifies a request object, then checks its lifetime and
   * returns its parameters as the wallet reads them ({@link Oid4vpWallet#parse(String)}).
   *
   * @param compact the compact JWS
   * @param expectedClientId the {@code client_id} the request URL carried (it must be the request
   *     object's, OpenID4VP §5.10), or null when the request object came alone
   * @param resolver resolves the client's DID
   * @param now the wallet's clock: {@code exp}, when present, must be after it
   * @return the checked request
   * @throws RejectedException as {@link #parse}, {@link #verify} and {@link
   *     Oid4vpWallet#parse(String)}; INVALID_TOKEN when the client id differs; EXPIRED
   * @throws WalletException when the resolver cannot answer
   */
  public static Oid4vpWallet.AuthorizationRequest verify(
      String compact, String expectedClientId, DidResolver resolver, Instant now)
      throws RejectedException, WalletException {
    Parsed parsed = parse(compact);
    if (expectedClientId != null
        && !expectedClientId.equals(Oid4vpWallet.CLIENT_ID_PREFIX + parsed.clientDid())) {
      throw new RejectedException(
          RejectionReason.INVALID_TOKEN,
          "Request object rejected: its client_id is not the request's " + expectedClientId);
    }
    verify(parsed, resolver.resolve(parsed.clientDid()));
    ObjectNode payload = Json.strictObject(parsed.payloadJson());
    JsonNode exp = payload.get("exp");
    if (exp != null
        && (!exp.canConvertToLong() || !now.isBefore(Instant.ofEpochSecond(exp.asLong())))) {
      throw new RejectedException(
          RejectionReason.EXPIRED, "Request object rejected: expired (exp " + exp + ")");
    }
    payload.remove(java.util.List.of("iss", "aud", "iat", "exp", "nbf", "jti"));
    return Oid4vpWallet.parse(Json.canonical(payload));
  }
}
