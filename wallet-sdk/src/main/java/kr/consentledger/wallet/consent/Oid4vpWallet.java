/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.SdJwtConsent;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.keys.Signer;

/**
 * The wallet side of OpenID for Verifiable Presentations 1.0 for a consent (issue 14): reads a
 * provider's authorization request, checks it is one this wallet can answer (response type {@code
 * vp_token}, response mode {@code direct_post}, a {@code decentralized_identifier:} client id, a
 * nonce, one DCQL credential query for a {@code ConsentCredential}), checks the consent credential
 * satisfies the query's claims, and builds the {@code vp_token}: a {@code vp+jwt} presentation
 * whose {@code aud} is the client id and {@code nonce} the request's, keyed by the query's id.
 *
 * <p>{@link #resolve} reads a request as it comes from a provider: a signed request object by value
 * or by reference, verified against the provider's DID. {@link #parse(String)} checks the
 * parameters themselves, once their signature is verified.
 */
public final class Oid4vpWallet {
  /** The client identifier prefix of a provider's DID. */
  public static final String CLIENT_ID_PREFIX = "decentralized_identifier:";

  /** The credential format identifier this wallet answers. */
  public static final String FORMAT = "jwt_vc_json";

  /** The credential format identifier of the consent's SD-JWT VC (OpenID4VP 1.0 §B.3). */
  public static final String SD_JWT_FORMAT = "dc+sd-jwt";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Oid4vpWallet() {}

  /**
   * A checked authorization request.
   *
   * @param clientId the client id, {@code decentralized_identifier:<provider DID>}
   * @param providerDid the provider's DID
   * @param nonce the nonce the presentation must carry
   * @param state the state to send back, or null
   * @param responseUri where the response goes
   * @param queryId the DCQL credential query's id
   * @param claims the DCQL claims queries (path and values) of the credential query
   * @param sdJwtQueryId the id of the alternative credential query for the consent's SD-JWT VC
   *     ({@value #SD_JWT_FORMAT}, the same claims), or null when the request has none
   */
  public record AuthorizationRequest(
      String clientId,
      String providerDid,
      String nonce,
      String state,
      URI responseUri,
      String queryId,
      List<ClaimQuery> claims,
      String sdJwtQueryId) {
    /** Copies the list. */
    public AuthorizationRequest {
      claims = List.copyOf(claims);
    }
  }

  /**
   * One DCQL claims query.
   *
   * @param path the claims path pointer: member names, and null for every element of an array
   * @param values the values one of which the claim must have, or empty for any
   */
  public record ClaimQuery(List<String> path, List<String> values) {
    /** Copies the lists (the path may hold null). */
    public ClaimQuery {
      path = java.util.Collections.unmodifiableList(new ArrayList<>(path));
      values = List.copyOf(values);
    }
  }

  /**
   * The response to post to the response URI.
   *
   * @param responseUri where to post it
   * @param vpToken the {@code vp_token}: {@code {"<query id>": ["<vp+jwt>"]}}
   * @param presentation the presentation's compact JWS
   * @param state the state, or null
   */
  public record Response(URI responseUri, String vpToken, String presentation, String state) {
    /**
     * The {@code application/x-www-form-urlencoded} body of the {@code direct_post}.
     *
     * @return {@code vp_token=...&state=...}
     */
    public String formBody() {
      String body = "vp_token=" + URLEncoder.encode(vpToken, StandardCharsets.UTF_8);
      return state == null
          ? body
          : body + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }
  }

  /** Fetches a request object from its request URI ({@code GET}, OpenID4VP 1.0 §5.10). */
  @FunctionalInterface
  public interface RequestFetcher {
    /**
     * Fetches the request object.
     *
     * @param requestUri the {@code request_uri}
     * @return the body: the compact JWS
     * @throws WalletException when it cannot be fetched
     */
    String fetch(URI requestUri) throws WalletException;
  }

  /**
   * Reads a provider's authorization request as a conformant wallet must for the {@code
   * decentralized_identifier:} client identifier prefix: the request names a signed request object,
   * by value ({@code request}) or by reference ({@code request_uri}, fetched with {@code GET}); the
   * request object is verified with the provider's DID document ({@link Oid4vpRequestObject}), and
   * its parameters are checked as {@link #parse(String)}.
   *
   * @param request an {@code openid4vp://} URL or a JSON object with {@code client_id} and {@code
   *     request} or {@code request_uri}
   * @param fetcher fetches a request URI
   * @param resolver resolves the provider's DID
   * @param now the wallet's clock
   * @return the checked request
   * @throws RejectedException INVALID_TOKEN (no signed request object, or another method than GET),
   *     or as {@link Oid4vpRequestObject#verify(String, String, DidResolver, Instant)}
   * @throws WalletException when the request object cannot be fetched or the DID not resolved
   */
  public static AuthorizationRequest resolve(
      String request, RequestFetcher fetcher, DidResolver resolver, Instant now)
      throws RejectedException, WalletException {
    Objects.requireNonNull(request, "request");
    JsonNode params = params(request.strip());
    String clientId = text(params, "client_id");
    if (clientId == null || !clientId.startsWith(CLIENT_ID_PREFIX + "did:")) {
      throw invalid("client_id must be " + CLIENT_ID_PREFIX + "<DID>");
    }
    String compact = text(params, "request");
    String uri = text(params, "request_uri");
    if ((compact == null) == (uri == null)) {
      throw invalid(
          "a " + CLIENT_ID_PREFIX + " client's request must name one signed request object");
    }
    if (compact == null) {
      String method = text(params, "request_uri_method");
      if (method != null && !"get".equals(method)) {
        throw invalid("request_uri_method " + method + " is not supported (get is)");
      }
      URI requestUri;
      try {
        requestUri = new URI(uri);
      } catch (java.net.URISyntaxException e) {
        throw invalid("request_uri is not a URI");
      }
      if (!"https".equals(requestUri.getScheme()) && !"http".equals(requestUri.getScheme())) {
        throw invalid("request_uri must be an http(s) URL");
      }
      compact = Objects.requireNonNull(fetcher, "fetcher").fetch(requestUri).strip();
    }
    return Oid4vpRequestObject.verify(compact, clientId, resolver, now);
  }

  /**
   * Reads and checks an authorization request given by value.
   *
   * @param request the parameters as a JSON object, or an {@code openid4vp://} URL with them
   * @return the checked request
   * @throws RejectedException {@link RejectionReason#INVALID_TOKEN} naming what is wrong
   */
  public static AuthorizationRequest parse(String request) throws RejectedException {
    Objects.requireNonNull(request, "request");
    JsonNode params = params(request.strip());
    String responseType = text(params, "response_type");
    if (!"vp_token".equals(responseType)) {
      throw invalid("response_type must be vp_token");
    }
    if (!"direct_post".equals(text(params, "response_mode"))) {
      throw invalid("response_mode must be direct_post");
    }
    String clientId = text(params, "client_id");
    if (clientId == null || !clientId.startsWith(CLIENT_ID_PREFIX + "did:")) {
      throw invalid("client_id must be " + CLIENT_ID_PREFIX + "<DID>");
    }
    if (params.has("request_uri") || params.has("request")) {
      throw invalid("a request object is not read here: fetch and verify it first");
    }
    String nonce = text(params, "nonce");
    if (nonce == null || nonce.isBlank()) {
      throw invalid("nonce is missing");
    }
    String uri = text(params, "response_uri");
    URI responseUri;
    try {
      responseUri = uri == null ? null : new URI(uri);
    } catch (java.net.URISyntaxException e) {
      responseUri = null;
    }
    if (responseUri == null
        || !("https".equals(responseUri.getScheme()) || "http".equals(responseUri.getScheme()))) {
      throw invalid("response_uri must be an http(s) URL");
    }
    JsonNode query = params.get("dcql_query");
    if (query != null && query.isTextual()) {
      query = tree(query.asText());
    }
    JsonNode credentials = query == null ? null : query.get("credentials");
    if (credentials == null
        || !credentials.isArray()
        || credentials.isEmpty()
        || credentials.size() > 2) {
      throw invalid("dcql_query must have one or two credential queries");
    }
    JsonNode c = null;
    String sdJwtQueryId = null;
    for (JsonNode q : credentials) {
      String format = text(q, "format");
      String id = text(q, "id");
      if (id == null || id.isBlank()) {
        throw invalid("a credential query needs an id");
      } else if (FORMAT.equals(format) && c == null && asksForConsent(q)) {
        c = q;
      } else if (SD_JWT_FORMAT.equals(format) && sdJwtQueryId == null && asksForSdJwtConsent(q)) {
        sdJwtQueryId = id;
      } else {
        throw invalid(
            "a credential query this wallet cannot answer (a ConsentCredential as "
                + FORMAT
                + ", or its SD-JWT VC as "
                + SD_JWT_FORMAT
                + ")");
      }
    }
    if (c == null) {
      throw invalid("the request does not ask for a ConsentCredential as " + FORMAT);
    }
    if (credentials.size() == 2 && !query.path("credential_sets").isArray()) {
      // Without credential_sets every query is required (DCQL §6.4): one consent cannot be both.
      throw invalid("two credential queries without credential_sets");
    }
    String queryId = text(c, "id");
    List<ClaimQuery> claims = new ArrayList<>();
    for (JsonNode claim : c.path("claims")) {
      List<String> path = new ArrayList<>();
      for (JsonNode p : claim.path("path")) {
        if (!p.isNull() && !p.isTextual()) {
          throw invalid("only member names and null are supported in a claims path");
        }
        path.add(p.isNull() ? null : p.asText());
      }
      List<String> values = new ArrayList<>();
      claim.path("values").forEach(v -> values.add(v.asText()));
      if (path.isEmpty()) {
        throw invalid("a claims query has an empty path");
      }
      claims.add(new ClaimQuery(path, values));
    }
    return new AuthorizationRequest(
        clientId,
        clientId.substring(CLIENT_ID_PREFIX.length()),
        nonce,
        text(params, "state"),
        responseUri,
        queryId,
        claims,
        sdJwtQueryId);
  }

  /**
   * Checks the consent credential satisfies every claims query of the request.
   *
   * @param request the request
   * @param consent the consent credential
   * @throws RejectedException {@link RejectionReason#INVALID_CREDENTIAL} naming the first claim the
   *     credential does not have
   */
  public static void checkMatches(AuthorizationRequest request, ConsentCredential consent)
      throws RejectedException {
    JsonNode credential = tree(consent.toJson());
    for (ClaimQuery q : request.claims()) {
      List<JsonNode> found = select(credential, q.path(), 0);
      boolean ok =
          q.values().isEmpty()
              ? !found.isEmpty()
              : found.stream().anyMatch(n -> n.isValueNode() && q.values().contains(n.asText()));
      if (!ok) {
        throw new RejectedException(
            RejectionReason.INVALID_CREDENTIAL,
            "the consent does not have " + q.path() + " in " + q.values());
      }
    }
  }

  /**
   * Answers a request with a consent credential: checks it matches, and signs the presentation.
   *
   * @param request the checked request
   * @param consent the issued consent credential
   * @param holderDid the presenting DID (the consent's recipient or subject)
   * @param signer a key of the holder's {@code authentication}
   * @return the response to post
   * @throws RejectedException when the credential does not satisfy the query
   * @throws WalletException when signing fails
   */
  public static Response respond(
      AuthorizationRequest request, ConsentCredential consent, String holderDid, Signer signer)
      throws RejectedException, WalletException {
    checkMatches(request, consent);
    String vp =
        VerifiablePresentation.builder()
            .holder(holderDid)
            .credential(VerifiableCredential.parse(consent.jws()))
            .audience(request.clientId())
            .nonce(request.nonce())
            .sign(signer)
            .jws();
    ObjectNode token = MAPPER.createObjectNode();
    ArrayNode list = token.putArray(request.queryId());
    list.add(vp);
    return new Response(request.responseUri(), token.toString(), vp, request.state());
  }

  private static boolean asksForConsent(JsonNode query) {
    for (JsonNode set : query.path("meta").path("type_values")) {
      for (JsonNode t : set) {
        if ("ConsentCredential".equals(t.asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean asksForSdJwtConsent(JsonNode query) {
    for (JsonNode vct : query.path("meta").path("vct_values")) {
      if (SdJwtConsent.VCT.equals(vct.asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Answers a request with the consent's SD-JWT VC instead of its {@code vp+jwt}, when the request
   * offers that option: checks the consent matches, and makes the SD-JWT+KB presentation disclosing
   * no personal claim, its Key Binding JWT bound to the client id and the request's nonce.
   *
   * @param request the checked request, with {@link AuthorizationRequest#sdJwtQueryId()}
   * @param consent the issued consent credential the SD-JWT VC was issued from
   * @param sdJwt the consent's SD-JWT VC, whose {@code cnf.jwk} is the holder's key
   * @param holder the holder's signer
   * @param now the Key Binding JWT's {@code iat}
   * @return the response to post: {@code vp_token} = {@code {"<sd query id>": ["<SD-JWT+KB>"]}}
   * @throws RejectedException when the request offers no SD-JWT VC option, or the consent does not
   *     satisfy the query
   * @throws WalletException when signing fails
   */
  public static Response respondSdJwt(
      AuthorizationRequest request,
      ConsentCredential consent,
      SdJwtConsent sdJwt,
      Signer holder,
      Instant now)
      throws RejectedException, WalletException {
    if (request.sdJwtQueryId() == null) {
      throw invalid("the request does not offer the SD-JWT VC (" + SD_JWT_FORMAT + ")");
    }
    checkMatches(request, consent);
    String presentation =
        sdJwt.present(java.util.Set.of(), request.clientId(), request.nonce(), now, holder);
    ObjectNode token = MAPPER.createObjectNode();
    token.putArray(request.sdJwtQueryId()).add(presentation);
    return new Response(request.responseUri(), token.toString(), presentation, request.state());
  }

  /**
   * The {@code direct_post} body of a wallet that declines a request (OpenID4VP 1.0 §8.5: {@code
   * error=access_denied}, with the request's state).
   *
   * @param request the checked request
   * @return {@code error=access_denied&state=...}
   */
  public static String declineFormBody(AuthorizationRequest request) {
    String form = "error=access_denied";
    return request.state() == null
        ? form
        : form + "&state=" + URLEncoder.encode(request.state(), StandardCharsets.UTF_8);
  }

  private static List<JsonNode> select(JsonNode node, List<String> path, int i) {
    if (i == path.size()) {
      return List.of(node);
    }
    String step = path.get(i);
    List<JsonNode> out = new ArrayList<>();
    if (step == null) {
      if (node.isArray()) {
        node.forEach(e -> out.addAll(select(e, path, i + 1)));
      }
    } else if (node.isObject() && node.has(step)) {
      out.addAll(select(node.get(step), path, i + 1));
    }
    return out;
  }

  private static JsonNode params(String request) throws RejectedException {
    if (request.startsWith("{")) {
      return tree(request);
    }
    int q = request.indexOf('?');
    if (!request.startsWith("openid4vp://") || q < 0) {
      throw invalid("not a JSON object nor an openid4vp:// URL");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : request.substring(q + 1).split("&", -1)) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (values.put(name, value) != null) {
        throw invalid(name + " is given twice");
      }
    }
    ObjectNode node = MAPPER.createObjectNode();
    values.forEach(node::put);
    return node;
  }

  private static JsonNode tree(String json) throws RejectedException {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw invalid("not a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw invalid("not a JSON object");
    }
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(
        RejectionReason.INVALID_TOKEN, "authorization request: " + message);
  }
}
