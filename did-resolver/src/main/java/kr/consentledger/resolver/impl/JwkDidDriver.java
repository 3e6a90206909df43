package kr.consentledger.resolver.impl;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import kr.consentledger.resolver.Did;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;

/**
 * Resolves {@code did:jwk} locally: the method-specific id is the base64url JSON of a public JWK,
 * which becomes the verification method {@code #0}. A JWK with {@code "use": "enc"} is only for
 * key agreement, {@code "sig"} only for signing relationships, otherwise both. JWKs carrying
 * private members are rejected.
 */
public final class JwkDidDriver implements DidMethodDriver {
  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
  private static final Set<String> KEY_TYPES = Set.of("EC", "OKP", "RSA");

  /** Creates the driver; it holds no state. */
  public JwkDidDriver() {}

  @Override
  public String method() {
    return "jwk";
  }

  @Override
  public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
    try {
      return Future.succeededFuture(ResolutionResult.of(document(did), null));
    } catch (ResolutionException e) {
      return Future.failedFuture(e);
    }
  }

  static JsonObject document(String didText) throws ResolutionException {
    Did did = Did.parse(didText);
    if (!did.method().equals("jwk")) {
      throw invalid("not a did:jwk");
    }
    JsonObject jwk;
    try {
      byte[] json = Base64.getUrlDecoder().decode(did.methodSpecificId());
      jwk = new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException e) {
      throw invalid("the id is not the base64url JSON of a JWK");
    }
    Object kty = jwk.getValue("kty");
    if (!(kty instanceof String) || !KEY_TYPES.contains(kty)) {
      throw invalid("the JWK has no supported \"kty\" (EC, OKP, RSA)");
    }
    for (String member : PRIVATE_MEMBERS) {
      if (jwk.containsKey(member)) {
        throw invalid("the JWK has the private or symmetric member \"" + member + "\"");
      }
    }
    Object use = jwk.getValue("use");
    List<String> relationships = new ArrayList<>();
    if (!"enc".equals(use)) {
      relationships.addAll(DidDocuments.SIGNING);
    }
    if (!"sig".equals(use) && !"Ed25519".equals(jwk.getValue("crv"))) {
      relationships.add(DidDocuments.KEY_AGREEMENT);
    }
    String id = did.toString();
    return DidDocuments.addJsonWebKey(DidDocuments.empty(id), id + "#0", jwk, relationships);
  }

  private static ResolutionException invalid(String why) {
    return new ResolutionException(ResolutionError.INVALID_DID, "did:jwk rejected: " + why);
  }
}
