/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import kr.consentledger.wallet.consent.Oid4vpRequestObject;
import kr.consentledger.wallet.consent.Oid4vpWallet;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.DidResolvers;
import org.junit.jupiter.api.Test;

/** The signed request object (RFC 9101, OpenID4VP 1.0 §5.9.3) and the wallet reading it. */
class Oid4vpRequestObjectTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final ReceiptFixtures.Keys k = new ReceiptFixtures.Keys();
  private final DidResolver resolver = DidResolvers.local();

  private ObjectNode payload(String clientDid) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("client_id", Oid4vpWallet.CLIENT_ID_PREFIX + clientDid);
    r.put("response_type", "vp_token");
    r.put("response_mode", "direct_post");
    r.put("response_uri", "https://consent.example.kr/oid4vp/responses/1");
    r.put("nonce", "n-1");
    r.put("state", "s-1");
    ObjectNode q = r.putObject("dcql_query").putArray("credentials").addObject();
    q.put("id", "consent").put("format", "jwt_vc_json");
    q.putObject("meta")
        .putArray("type_values")
        .addArray()
        .add("VerifiableCredential")
        .add("ConsentCredential");
    ObjectNode claim = q.putArray("claims").addObject();
    claim.putArray("path").add("credentialSubject").add("recipient").add("id");
    claim.putArray("values").add(k.recipientDid);
    r.put("aud", Oid4vpRequestObject.AUDIENCE);
    r.put("iat", NOW.getEpochSecond());
    r.put("exp", NOW.getEpochSecond() + 600);
    return r;
  }

  private String signed() throws Exception {
    return Oid4vpRequestObject.sign(payload(k.providerKeyDid).toString(), k.providerKeySigner);
  }

  private static String url(String clientDid, String name, String value) {
    return "openid4vp://?client_id="
        + URLEncoder.encode(Oid4vpWallet.CLIENT_ID_PREFIX + clientDid, StandardCharsets.UTF_8)
        + "&"
        + name
        + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void a_request_object_by_reference_is_fetched_verified_and_read() throws Exception {
    String jws = signed();
    List<URI> fetched = new ArrayList<>();

    Oid4vpWallet.AuthorizationRequest r =
        Oid4vpWallet.resolve(
            url(k.providerKeyDid, "request_uri", "https://consent.example.kr/oid4vp/ro/1"),
            uri -> {
              fetched.add(uri);
              return jws + "\n";
            },
            resolver,
            NOW);

    assertThat(fetched).containsExactly(URI.create("https://consent.example.kr/oid4vp/ro/1"));
    assertThat(r.providerDid()).isEqualTo(k.providerKeyDid);
    assertThat(r.nonce()).isEqualTo("n-1");
    assertThat(r.state()).isEqualTo("s-1");
    String header =
        new String(Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.'))), "UTF-8");
    assertThat(MAPPER.readTree(header).get("typ").asText()).isEqualTo("oauth-authz-req+jwt");
    assertThat(MAPPER.readTree(header).get("kid").asText()).isEqualTo(k.providerKeySigner.keyId());
  }

  @Test
  void a_request_object_by_value_is_read_the_same_way() throws Exception {
    Oid4vpWallet.AuthorizationRequest r =
        Oid4vpWallet.resolve(
            url(k.providerKeyDid, "request", signed()),
            uri -> {
              throw new AssertionError("nothing to fetch");
            },
            resolver,
            NOW);

    assertThat(r.clientId()).isEqualTo(Oid4vpWallet.CLIENT_ID_PREFIX + k.providerKeyDid);
    assertThat(r.claims()).hasSize(1);
  }

  @Test
  void an_unsigned_request_or_one_signed_by_another_key_is_refused() throws Exception {
    String jws = signed();
    String[] parts = jws.split("\\.");
    ObjectNode changed = payload(k.providerKeyDid).put("nonce", "n-2");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MAPPER.writeValueAsBytes(changed))
            + "."
            + parts[2];
    String otherClient =
        Oid4vpRequestObject.sign(payload(k.subjectDid).toString(), k.subjectSigner);

    assertThatThrownBy(
            () ->
                Oid4vpWallet.resolve(
                    url(k.providerKeyDid, "nonce", "n-1"), uri -> jws, resolver, NOW))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("signed request object");
    assertThatThrownBy(
            () ->
                Oid4vpWallet.resolve(
                    url(k.providerKeyDid, "request", tampered), uri -> jws, resolver, NOW))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
    assertThatThrownBy(
            () ->
                Oid4vpWallet.resolve(
                    url(k.providerKeyDid, "request", otherClient), uri -> jws, resolver, NOW))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_TOKEN));
    assertThatThrownBy(
            () -> Oid4vpRequestObject.sign(payload(k.subjectDid).toString(), k.providerKeySigner))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_expired_request_object_a_wrong_typ_and_a_post_request_uri_are_refused() throws Exception {
    String jws = signed();
    String wrongTyp =
        kr.consentledger.wallet.internal.jws.Jws.sign(
            MAPPER.createObjectNode().put("typ", "JWT").put("kid", k.providerKeySigner.keyId()),
            MAPPER.writeValueAsBytes(payload(k.providerKeyDid)),
            k.providerKeySigner);

    assertThatThrownBy(
            () ->
                Oid4vpWallet.resolve(
                    url(k.providerKeyDid, "request", jws),
                    uri -> jws,
                    resolver,
                    NOW.plusSeconds(600)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.EXPIRED));
    assertThatThrownBy(() -> Oid4vpRequestObject.parse(wrongTyp))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.WRONG_TYPE));
    assertThatThrownBy(
            () ->
                Oid4vpWallet.resolve(
                    url(k.providerKeyDid, "request_uri", "https://x.example/1")
                        + "&request_uri_method=post",
                    uri -> jws,
                    resolver,
                    NOW))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("request_uri_method");
    assertThatThrownBy(
            () ->
                Oid4vpWallet.resolve(
                    url(k.providerKeyDid, "request_uri", "file:///etc/passwd"),
                    uri -> jws,
                    resolver,
                    NOW))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("http(s)");
  }
}
