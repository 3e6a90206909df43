/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.consent.testing.DocumentedCodes;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.keys.Signer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per problem code: the request that provokes it, the HTTP status and code the client sees,
 * and (for refused submissions) that nothing was stored.
 */
class ProblemCodesTest {
  private static final DocumentedCodes DOCUMENTED = DocumentedCodes.load();

  @FunctionalInterface
  interface Request {
    HttpResponse<String> send(ApiFixture f) throws Exception;
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row(
            "a credential that is not a compact JWS",
            ProblemCode.MALFORMED_JWT,
            f -> {
              JsonObject body =
                  f.submission(f.credential(Wallet.newConsentId()))
                      .put("credential", "YWJj.YWJj.YWJj");
              return f.post("/consents", body.encode());
            }),
        row(
            "a credential with another typ",
            ProblemCode.WRONG_TYPE,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              String jws = Wallet.sign("jwt", "vc", vc, f.wallet.assertionSigner());
              return f.post(
                  "/consents",
                  new JsonObject()
                      .put("credential", jws)
                      .put("anchor", f.wallet.signAnchor(Wallet.anchorFor(vc, jws)))
                      .encode());
            }),
        row(
            "a credential signed with HS256",
            ProblemCode.UNSUPPORTED_ALGORITHM,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              String header =
                  b64(
                      "{\"alg\":\"HS256\",\"cty\":\"vc\",\"kid\":\""
                          + f.wallet.did
                          + "#key-1\",\"typ\":\"vc+jwt\"}");
              String jws = header + "." + b64(vc.encode()) + "." + b64("signature");
              return f.post(
                  "/consents",
                  new JsonObject()
                      .put("credential", jws)
                      .put("anchor", f.wallet.signAnchor(Wallet.anchorFor(vc, jws)))
                      .encode());
            }),
        row(
            "a credential without legalBasis",
            ProblemCode.INVALID_CREDENTIAL,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              vc.getJsonObject("credentialSubject").remove("legalBasis");
              return f.post("/consents", f.submission(vc).encode());
            }),
        row(
            "a credential valid for 400 days",
            ProblemCode.TERM_TOO_LONG,
            f -> {
              JsonObject vc =
                  f.wallet.credential(
                      Wallet.newConsentId(),
                      f.provider.did,
                      f.recipient.did,
                      ApiFixture.NOW,
                      ApiFixture.NOW.plus(Duration.ofDays(400)));
              return f.post("/consents", f.submission(vc).encode());
            }),
        row(
            "a credential whose dataSubject is someone else",
            ProblemCode.SUBJECT_ISSUER_MISMATCH,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              vc.getJsonObject("credentialSubject")
                  .getJsonObject("dataSubject")
                  .put("id", f.provider.did);
              return f.post("/consents", f.submission(vc).encode());
            }),
        row(
            "an anchor statement naming another provider",
            ProblemCode.STATEMENT_MISMATCH,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              String jws = f.wallet.signCredential(vc);
              JsonObject anchor = Wallet.anchorFor(vc, jws).put("provider", f.recipient.did);
              return f.post(
                  "/consents",
                  new JsonObject()
                      .put("credential", jws)
                      .put("anchor", f.wallet.signAnchor(anchor))
                      .encode());
            }),
        row(
            "an anchor statement with an extra member",
            ProblemCode.STATEMENT_MISMATCH,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              String jws = f.wallet.signCredential(vc);
              JsonObject anchor = Wallet.anchorFor(vc, jws).put("name", "Hong Gildong");
              return f.post(
                  "/consents",
                  new JsonObject()
                      .put("credential", jws)
                      .put("anchor", f.wallet.signAnchor(anchor))
                      .encode());
            }),
        row(
            "a credential whose validity has ended",
            ProblemCode.EXPIRED,
            f -> {
              JsonObject vc =
                  f.wallet.credential(
                      Wallet.newConsentId(),
                      f.provider.did,
                      f.recipient.did,
                      ApiFixture.NOW.minus(Duration.ofDays(100)),
                      ApiFixture.NOW.minus(Duration.ofDays(1)));
              return f.post("/consents", f.submission(vc).encode());
            }),
        row(
            "a subject DID nobody can resolve",
            ProblemCode.UNKNOWN_DID,
            f -> {
              JsonObject vc =
                  f.provider.credential(
                      Wallet.newConsentId(),
                      f.wallet.did,
                      f.recipient.did,
                      ApiFixture.NOW,
                      ApiFixture.NOW.plus(Duration.ofDays(30)));
              String jws = f.provider.signCredential(vc);
              return f.post(
                  "/consents",
                  new JsonObject()
                      .put("credential", jws)
                      .put("anchor", f.provider.signAnchor(Wallet.anchorFor(vc, jws)))
                      .encode());
            }),
        row(
            "a deactivated subject DID",
            ProblemCode.DID_DEACTIVATED,
            f -> {
              f.resolver.deactivate(f.wallet.did);
              return f.post(
                  "/consents", f.submission(f.credential(Wallet.newConsentId())).encode());
            }),
        row(
            "a credential signed by a key the document does not hold",
            ProblemCode.BAD_SIGNATURE,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              Wallet other = new Wallet();
              String jws =
                  Wallet.sign("vc+jwt", "vc", vc, other.key.signer(f.wallet.did + "#key-1"));
              return f.post(
                  "/consents",
                  new JsonObject()
                      .put("credential", jws)
                      .put("anchor", f.wallet.signAnchor(Wallet.anchorFor(vc, jws)))
                      .encode());
            }),
        row(
            "a credential signed with an authentication-only key",
            ProblemCode.NOT_AUTHORISED,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              String jws = Wallet.sign("vc+jwt", "vc", vc, f.wallet.authSigner());
              return f.post(
                  "/consents",
                  new JsonObject()
                      .put("credential", jws)
                      .put("anchor", f.wallet.signAnchor(Wallet.anchorFor(vc, jws)))
                      .encode());
            }),
        row(
            "another credential under a taken consent id",
            ProblemCode.CONSENT_EXISTS,
            f -> {
              String id = Wallet.newConsentId();
              assertThat(f.post("/consents", f.submission(f.credential(id)).encode()).statusCode())
                  .isEqualTo(202);
              JsonObject other =
                  f.credential(id)
                      .put("validUntil", ApiFixture.NOW.plus(Duration.ofDays(90)).toString());
              other
                  .getJsonObject("credentialSubject")
                  .getJsonObject("transmission")
                  .put("endDate", ApiFixture.NOW.plus(Duration.ofDays(90)).toString());
              return f.post("/consents", f.submission(other).encode());
            }),
        row(
            "the status of an unknown consent",
            ProblemCode.CONSENT_NOT_FOUND,
            f -> f.get("/consents/" + Wallet.newConsentId(), null)),
        row(
            "a revocation of an unknown consent",
            ProblemCode.CONSENT_NOT_FOUND,
            f -> {
              String id = Wallet.newConsentId();
              String rev = f.wallet.signRevocation(Wallet.revocationFor(id, "x.y.z", f.wallet.did));
              return f.post(
                  "/consents/" + id + "/revocation",
                  new JsonObject().put("revocation", rev).encode());
            }),
        row(
            "a second, different revocation",
            ProblemCode.ALREADY_REVOKED,
            f -> {
              String id = Wallet.newConsentId();
              JsonObject sub = f.submission(f.credential(id));
              f.post("/consents", sub.encode());
              JsonObject r = Wallet.revocationFor(id, sub.getString("credential"), f.wallet.did);
              assertThat(
                      f.post(
                              "/consents/" + id + "/revocation",
                              new JsonObject()
                                  .put("revocation", f.wallet.signRevocation(r))
                                  .encode())
                          .statusCode())
                  .isEqualTo(202);
              return f.post(
                  "/consents/" + id + "/revocation",
                  new JsonObject()
                      .put("revocation", f.wallet.signRevocation(r.copy().put("reason", "other")))
                      .encode());
            }),
        row(
            "a revocation with another credential hash",
            ProblemCode.HASH_MISMATCH,
            f -> {
              String id = Wallet.newConsentId();
              f.post("/consents", f.submission(f.credential(id)).encode());
              JsonObject r = Wallet.revocationFor(id, "other.credential.jws", f.wallet.did);
              return f.post(
                  "/consents/" + id + "/revocation",
                  new JsonObject().put("revocation", f.wallet.signRevocation(r)).encode());
            }),
        row(
            "a revocation with an extra member",
            ProblemCode.INVALID_STATEMENT,
            f -> {
              String id = Wallet.newConsentId();
              JsonObject sub = f.submission(f.credential(id));
              f.post("/consents", sub.encode());
              JsonObject r =
                  Wallet.revocationFor(id, sub.getString("credential"), f.wallet.did)
                      .put("by", "provider");
              return f.post(
                  "/consents/" + id + "/revocation",
                  new JsonObject().put("revocation", f.wallet.signRevocation(r)).encode());
            }),
        row(
            "a revocation signed by the provider",
            ProblemCode.NOT_AUTHORISED,
            f -> {
              String id = Wallet.newConsentId();
              JsonObject sub = f.submission(f.credential(id));
              f.post("/consents", sub.encode());
              JsonObject r = Wallet.revocationFor(id, sub.getString("credential"), f.wallet.did);
              return f.post(
                  "/consents/" + id + "/revocation",
                  new JsonObject().put("revocation", f.provider.signRevocation(r)).encode());
            }),
        row(
            "a credential whose header carries an unusable x5c",
            ProblemCode.UNSUPPORTED_HEADER,
            f -> {
              JsonObject vc = f.credential(Wallet.newConsentId());
              Signer s = f.wallet.assertionSigner();
              String input =
                  b64(
                          "{\"alg\":\""
                              + s.algorithm()
                              + "\",\"cty\":\"vc\",\"kid\":\""
                              + s.keyId()
                              + "\",\"typ\":\"vc+jwt\",\"x5c\":[\"MIIB\"]}")
                      + "."
                      + b64(vc.encode());
              String jws =
                  input
                      + "."
                      + Base64.getUrlEncoder()
                          .withoutPadding()
                          .encodeToString(s.sign(input.getBytes(StandardCharsets.US_ASCII)));
              return f.post(
                  "/consents",
                  new JsonObject()
                      .put("credential", jws)
                      .put("anchor", f.wallet.signAnchor(Wallet.anchorFor(vc, jws)))
                      .encode());
            }),
        row(
            "listing consents without DID-auth",
            ProblemCode.UNAUTHENTICATED,
            f -> f.get("/consents", null)),
        row(
            "listing consents with a token issued an hour in the future",
            ProblemCode.UNAUTHENTICATED,
            f -> {
              HttpResponse<String> c =
                  f.post("/auth/challenges", new JsonObject().put("did", f.wallet.did).encode());
              String challenge = new JsonObject(c.body()).getString("challenge");
              long iat = ApiFixture.NOW.getEpochSecond() + 3600;
              return f.get("/consents", "DIDAuth " + f.wallet.didAuth(challenge, iat, iat + 60));
            }),
        row(
            "listing consents with a token for an unknown challenge",
            ProblemCode.UNAUTHENTICATED,
            f -> {
              long iat = ApiFixture.NOW.getEpochSecond();
              return f.get(
                  "/consents", "DIDAuth " + f.wallet.didAuth("never-issued", iat, iat + 60));
            }),
        row(
            "erasing another subject's credential",
            ProblemCode.FORBIDDEN,
            f -> {
              String id = Wallet.newConsentId();
              f.post("/consents", f.submission(f.credential(id)).encode());
              f.resolver.register(f.provider.document);
              return f.delete("/consents/" + id + "/credential", f.didAuth(f.provider));
            }),
        row(
            "a submission without an anchor",
            ProblemCode.VALIDATION_FAILED,
            f -> f.post("/consents", new JsonObject().put("credential", "a.b.c").encode())),
        row(
            "a consent id that is not a urn:uuid",
            ProblemCode.VALIDATION_FAILED,
            f -> f.get("/consents/not-a-consent-id", null)),
        row(
            "an OpenID4VP response to no authorization request",
            ProblemCode.OID4VP_REQUEST_NOT_FOUND,
            f ->
                f.send(
                    java.net.http.HttpRequest.newBuilder(
                            f.uri("/oid4vp/responses/00000000-0000-4000-8000-000000000000"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("state=s"))
                        .build())),
        row(
            "an OpenID4VP decision before the wallet answered",
            ProblemCode.OID4VP_REQUEST_STATE,
            f -> {
              f.resolver.register(f.provider.document);
              f.registry.register(f.provider.did, "provider");
              JsonObject created =
                  new JsonObject(
                      f.postWith(
                              "/oid4vp/requests",
                              new JsonObject()
                                  .put(
                                      "transmission",
                                      new JsonObject()
                                          .put("recipient", f.recipient.did)
                                          .put(
                                              "categories",
                                              new io.vertx.core.json.JsonArray()
                                                  .add("health.checkup"))
                                          .put("purpose", "ServiceProvision"))
                                  .encode(),
                              f.didAuth(f.provider))
                          .body());
              return f.postWith(
                  "/oid4vp/requests/" + created.getString("id") + "/decision",
                  new JsonObject().put("receipt", "a.b.c").encode(),
                  f.didAuth(f.provider));
            }),
        row(
            "a body over 64 KiB",
            ProblemCode.PAYLOAD_TOO_LARGE,
            f ->
                f.post(
                    "/consents",
                    new JsonObject()
                        .put("credential", "a".repeat(70_000))
                        .put("anchor", "a.b.c")
                        .encode())));
  }

  private static Arguments row(String name, ProblemCode code, Request request) {
    return Arguments.of(Named.of(name + " is " + code, request), code);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void every_refusal_is_a_problem_json_with_its_status_and_code_and_leaves_no_extra_rows(
      Request request, ProblemCode code) throws Exception {
    try (ApiFixture f = new ApiFixture()) {
      HttpResponse<String> response = request.send(f);
      int credentialsBefore = f.storage.data().credentials.size();

      assertThat(response.statusCode()).isEqualTo(code.httpStatus());
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      JsonObject problem = new JsonObject(response.body());
      assertThat(problem.getString("code")).isEqualTo(code.name());
      assertThat(DOCUMENTED.documentedFor(response))
          .as("x-problem-codes of " + DOCUMENTED.operationOf(response).id())
          .contains(code.name());
      assertThat(problem.getString("type")).isEqualTo(code.type());
      assertThat(problem.getInteger("status")).isEqualTo(code.httpStatus());
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("kr.consentledger");
      // At most the setup's one consent was stored; the refused request added nothing.
      assertThat(credentialsBefore).isLessThanOrEqualTo(1);
      assertThat(
              f.storage.data().outbox.values().stream()
                  .filter(i -> i.kind() == kr.consentledger.consent.OutboxItem.Kind.ANCHOR)
                  .count())
          .isEqualTo(credentialsBefore);
    }
  }
}
