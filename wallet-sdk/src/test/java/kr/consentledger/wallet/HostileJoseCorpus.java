/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidDocumentAccess;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;

/**
 * Writes the hostile JOSE corpus ({@code src/test/resources/hostile-jose/cases.json}): tokens of
 * every kind the SDK parses, each broken in one way an attacker would try, with the rejection code
 * expected from the SDK ({@code expected}) and, for anchor statements and DID creates, from the
 * chaincode ({@code chaincode}). A few well-formed controls ({@code "OK"}) prove the harness
 * accepts what it should. Keys are fixed (private key = SHA-256("hostile-jose/" + label)) and
 * signatures deterministic, so the file is byte-for-byte reproducible; {@link
 * HostileJoseCorpusTest} fails if it is not. To rewrite it after a deliberate change: {@code java
 * -cp <test classpath> kr.consentledger.wallet.HostileJoseCorpus src/test/resources/hostile-jose}.
 */
final class HostileJoseCorpus {
  /** The time every case is judged at (the chaincode's transaction time, the verifier's clock). */
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  /** The presentations' audience. */
  static final String AUDIENCE = "did:web:provider.example.kr";

  /** The presentations' nonce. */
  static final String NONCE = "hostile-nonce";

  private static final ObjectMapper MAPPER = Vectors.MAPPER;
  private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64U_DEC = Base64.getUrlDecoder();
  private static final String CONSENT_ID = "urn:uuid:0b5a8c7e-3d1f-4e2a-9b6c-7d8e9f0a1b2c";

  private final ArrayNode cases = MAPPER.createArrayNode();
  private final WalletKeyPair subject =
      GoldenFixtures.fixedKey("hostile-jose", KeyType.ED25519, "subject");
  private final WalletKeyPair p256 =
      GoldenFixtures.fixedKey("hostile-jose", KeyType.P256, "p256-subject");
  private final WalletKeyPair k1 =
      GoldenFixtures.fixedKey("hostile-jose", KeyType.SECP256K1, "k1-subject");
  private final WalletKeyPair attacker =
      GoldenFixtures.fixedKey("hostile-jose", KeyType.ED25519, "attacker");
  private final WalletKeyPair provider =
      GoldenFixtures.fixedKey("hostile-jose", KeyType.ED25519, "provider");
  private final String did = DidKey.create(subject.publicKey());
  private final String kid = did + "#" + subject.publicKey().toMultibase();

  private HostileJoseCorpus() {}

  static String generate() throws Exception {
    HostileJoseCorpus c = new HostileJoseCorpus();
    c.anchors();
    c.otherStatements();
    c.credentialsAndPresentations();
    c.didAuth();
    c.didOperations();
    ObjectNode root = MAPPER.createObjectNode();
    root.put(
        "description",
        "Hostile JOSE corpus: tokens broken the ways an attacker would try, with the"
            + " rejection code the SDK gives (expected) and the chaincode gives (chaincode: anchors submitted"
            + " to consents:Anchor, creates to dids:Create, on an empty ledger at "
            + NOW
            + "). OK = accepted."
            + " Written by HostileJoseCorpus; do not edit by hand.");
    root.put("now", NOW.toString());
    root.put("audience", AUDIENCE);
    root.put("nonce", NONCE);
    root.set("cases", c.cases);
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/hostile-jose");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cases.json"), generate());
  }

  // ------------------------------------------------------------------------------------------
  private void add(String name, String kind, String token, String expected, String chaincode) {
    ObjectNode n = cases.addObject();
    n.put("name", name);
    n.put("kind", kind);
    n.put("token", token);
    n.put("expected", expected);
    if (chaincode != null) {
      n.put("chaincode", chaincode);
    }
  }

  private static String b64(byte[] b) {
    return B64U.encodeToString(b);
  }

  private static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decoded(String jws, int part) {
    return new String(B64U_DEC.decode(jws.split("\\.")[part]), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Signs the given header and payload bytes exactly as they are. */
  private static String signed(byte[] header, byte[] payload, WalletKeyPair key)
      throws WalletException {
    String input = b64(header) + "." + b64(payload);
    return input + "." + b64(key.signer("ignored").sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String signed(String header, String payload, WalletKeyPair key)
      throws WalletException {
    return signed(utf8(header), utf8(payload), key);
  }

  private static String unsigned(String header, String payload, byte[] signature) {
    return b64(header) + "." + b64(payload) + "." + b64(signature);
  }

  /**
   * Replaces the first occurrence of {@code member} at the start of an object with {@code extra +
   * member}.
   */
  private static String prepend(String json, String extra) {
    return "{" + extra + "," + json.substring(1);
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private ConsentCredential consent(String subjectDid, Signer signer) throws Exception {
    return ConsentCredential.builder()
        .id(CONSENT_ID)
        .subject(subjectDid, "Hong Gildong", "mailto:gd@example.kr")
        .provider(DidKey.create(provider.publicKey()), "Seoul General Hospital")
        .recipient("did:web:mydata.example.kr", "Example MyData Co.")
        .validFrom(Instant.parse("2026-11-22T00:00:00Z"))
        .validUntil(Instant.parse("2027-05-22T00:00:00Z"))
        .purpose("personal health management service", "ServiceProvision", true)
        .dataCategory("health.checkup", true)
        .transmission(
            ConsentCredential.Transmission.periodic("P1M", Instant.parse("2027-05-22T00:00:00Z")))
        .retentionPeriod("P1Y")
        .legalBasis("PIPA Art. 35-2")
        .withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents")
        .build()
        .issue(signer);
  }

  private Signer signerOf(WalletKeyPair key) {
    String d = DidKey.create(key.publicKey());
    return key.signer(d + "#" + key.publicKey().toMultibase());
  }

  // ------------------------------------------------------------------------------------------
  private void anchors() throws Exception {
    String good = ConsentStatements.anchor(consent(did, signerOf(subject)), signerOf(subject));
    String h = decoded(good, 0);
    String p = decoded(good, 1);
    String sig = good.substring(good.lastIndexOf('.') + 1);
    String k = "anchor";
    add("control: a well-formed anchor statement", k, good, "OK", "anchored");

    // alg
    add(
        "alg none with an empty signature",
        k,
        b64(h.replace("EdDSA", "none")) + "." + b64(p) + ".",
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "alg none with the original signature",
        k,
        b64(h.replace("EdDSA", "none")) + "." + b64(p) + "." + sig,
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "alg None (capitalised)",
        k,
        signed(h.replace("EdDSA", "None"), p, subject),
        "UNSUPPORTED_ALGORITHM",
        "UNSUPPORTED_ALGORITHM");
    String hs = h.replace("EdDSA", "HS256");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(subject.publicKey().encoded(), "HmacSHA256"));
    String hsInput = b64(hs) + "." + b64(p);
    add(
        "HMAC key confusion: HS256 keyed with the subject's public key",
        k,
        hsInput + "." + b64(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII))),
        "UNSUPPORTED_ALGORITHM",
        "UNSUPPORTED_ALGORITHM");
    add(
        "alg HS512",
        k,
        signed(h.replace("EdDSA", "HS512"), p, subject),
        "UNSUPPORTED_ALGORITHM",
        "UNSUPPORTED_ALGORITHM");
    add(
        "alg RS256",
        k,
        signed(h.replace("EdDSA", "RS256"), p, subject),
        "UNSUPPORTED_ALGORITHM",
        "UNSUPPORTED_ALGORITHM");
    add(
        "alg missing",
        k,
        signed(h.replace("\"alg\":\"EdDSA\",", ""), p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "alg a number",
        k,
        signed(h.replace("\"EdDSA\"", "7"), p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "alg ES256 on an Ed25519 key",
        k,
        signed(h.replace("EdDSA", "ES256"), p, subject),
        "UNSUPPORTED_ALGORITHM",
        "UNSUPPORTED_ALGORITHM");
    add(
        "alg ES256K on an Ed25519 key",
        k,
        signed(h.replace("EdDSA", "ES256K"), p, subject),
        "UNSUPPORTED_ALGORITHM",
        "UNSUPPORTED_ALGORITHM");

    // signatures
    add(
        "Ed25519 signature of zeros",
        k,
        unsigned(h, p, new byte[64]),
        "BAD_SIGNATURE",
        "BAD_SIGNATURE");
    add(
        "signature by an attacker's key under the subject's kid",
        k,
        signed(h, p, attacker),
        "BAD_SIGNATURE",
        "BAD_SIGNATURE");
    add(
        "signature one byte short",
        k,
        b64(h) + "." + b64(p) + "." + b64(java.util.Arrays.copyOf(B64U_DEC.decode(sig), 63)),
        "BAD_SIGNATURE",
        "BAD_SIGNATURE");
    add(
        "signature one byte long",
        k,
        b64(h) + "." + b64(p) + "." + b64(java.util.Arrays.copyOf(B64U_DEC.decode(sig), 65)),
        "BAD_SIGNATURE",
        "BAD_SIGNATURE");
    add("signature empty", k, b64(h) + "." + b64(p) + ".", "BAD_SIGNATURE", "BAD_SIGNATURE");
    for (WalletKeyPair ec : List.of(p256, k1)) {
      Signer s = signerOf(ec);
      String ecGood = ConsentStatements.anchor(consent(DidKey.create(ec.publicKey()), s), s);
      String eh = decoded(ecGood, 0);
      String ep = decoded(ecGood, 1);
      String curve = ec == p256 ? "P-256" : "secp256k1";
      add("control: an anchor signed with " + curve, k, ecGood, "OK", "anchored");
      add(
          "psychic ECDSA: r = s = 0 on " + curve,
          k,
          unsigned(eh, ep, new byte[64]),
          "BAD_SIGNATURE",
          "BAD_SIGNATURE");
      byte[] n =
          ec == p256
              ? java.util.HexFormat.of()
                  .parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
              : java.util.HexFormat.of()
                  .parseHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
      ByteArrayOutputStream rs = new ByteArrayOutputStream();
      rs.writeBytes(n);
      rs.writeBytes(n);
      add(
          "psychic ECDSA: r = s = n on " + curve,
          k,
          unsigned(eh, ep, rs.toByteArray()),
          "BAD_SIGNATURE",
          "BAD_SIGNATURE");
      WalletKeyPair other = ec == p256 ? k1 : p256;
      String otherAlg = ec == p256 ? "ES256K" : "ES256";
      add(
          "wrong curve: " + curve + " kid, signed with the other curve's alg and key",
          k,
          signed(
              eh.replace(ec == p256 ? "\"ES256\"" : "\"ES256K\"", "\"" + otherAlg + "\""),
              ep,
              other),
          "UNSUPPORTED_ALGORITHM",
          "UNSUPPORTED_ALGORITHM");
    }
    for (String[] smallOrder :
        new String[][] {
          {"identity point", "0100000000000000000000000000000000000000000000000000000000000000"},
          {
            "a point of order 8", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
          },
          {
            "the non-canonical encoding of y = p",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
          },
        }) {
      byte[] pk = java.util.HexFormat.of().parseHex(smallOrder[1]);
      byte[] mc = new byte[34];
      mc[0] = (byte) 0xed;
      mc[1] = 0x01;
      System.arraycopy(pk, 0, mc, 2, 32);
      String weakDid = "did:key:z" + kr.consentledger.wallet.internal.Base58.encode(mc);
      String weakKid = weakDid + "#" + weakDid.substring("did:key:".length());
      byte[] rZeroS = new byte[64];
      rZeroS[0] = 1; // R = the identity point, S = 0: verifies under a lax verifier for any message
      add(
          "small-order Ed25519 key: " + smallOrder[0],
          k,
          unsigned(h.replace(kid, weakKid), p.replace(did, weakDid), rZeroS),
          "INVALID_DID",
          "UNKNOWN_DID");
    }

    // header members we do not process
    String attackerJwk = DidDocumentAccess.jwkOf(attacker.publicKey()).toString();
    add(
        "attacker jwk in the header, signed by the attacker",
        k,
        signed(prepend(h, "\"jwk\":" + attackerJwk), p, attacker),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "attacker jwk in the header, signature valid by kid",
        k,
        signed(prepend(h, "\"jwk\":" + attackerJwk), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "jwk that is not a point of the curve",
        k,
        signed(
            prepend(
                h,
                "\"jwk\":{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                    + b64(new byte[32])
                    + "\",\"y\":\""
                    + b64(new byte[32])
                    + "\"}"),
            p,
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "jku, signature valid by kid",
        k,
        signed(prepend(h, "\"jku\":\"https://attacker.example/jwks.json\""), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "x5u, signature valid by kid",
        k,
        signed(prepend(h, "\"x5u\":\"https://attacker.example/cert.pem\""), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "unusable x5c, signature valid by kid",
        k,
        signed(prepend(h, "\"x5c\":[\"MIIBkTCB+wIJAKHHIG...\"]"), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "x5t, signature valid by kid",
        k,
        signed(prepend(h, "\"x5t\":\"" + b64(new byte[20]) + "\""), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "x5t#S256, signature valid by kid",
        k,
        signed(prepend(h, "\"x5t#S256\":\"" + b64(new byte[32]) + "\""), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "an unknown header member, signature valid by kid",
        k,
        signed(prepend(h, "\"zzz\":1"), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "crit naming an extension",
        k,
        signed(prepend(h, "\"crit\":[\"exp\"],\"exp\":1"), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "crit empty",
        k,
        signed(prepend(h, "\"crit\":[]"), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "crit b64 with an unencoded payload",
        k,
        signed(prepend(h, "\"b64\":false,\"crit\":[\"b64\"]"), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "cty in an anchor header",
        k,
        signed(prepend(h, "\"cty\":\"vc\""), p, subject),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "kid of another DID",
        k,
        signed(
            h.replace(
                kid,
                "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"),
            p,
            subject),
        "NOT_AUTHORISED",
        "NOT_AUTHORISED");
    add(
        "huge kid (20,000 characters)",
        k,
        signed(h.replace(kid, kid + "x".repeat(20_000)), p, subject),
        "UNKNOWN_KEY",
        "NOT_AUTHORISED");
    add(
        "statement over 32,768 characters (a 40,000-character kid)",
        k,
        signed(h.replace(kid, kid + "x".repeat(40_000)), p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");

    // duplicates, comments, trailing data
    add(
        "duplicate alg in the header (none first)",
        k,
        signed(prepend(h, "\"alg\":\"none\""), p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "duplicate kid in the header",
        k,
        signed(
            prepend(
                h,
                "\"kid\":\"did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp\""),
            p,
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "duplicate typ in the header",
        k,
        signed(prepend(h, "\"typ\":\"vc+jwt\""), p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "duplicate consentId in the payload",
        k,
        signed(
            h,
            prepend(p, "\"consentId\":\"urn:uuid:11111111-1111-4111-8111-111111111111\""),
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "duplicate validUntil in the payload (the later one far in the future)",
        k,
        signed(h, p.replace("}", ",\"validUntil\":\"2099-01-01T00:00:00Z\"}"), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a block comment before the header",
        k,
        signed("/*x*/" + h, p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a block comment inside the payload",
        k,
        signed(h, prepend(p, "/*x*/\"a\":1").replace("{/*x*/\"a\":1,", "{/*x*/"), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a line comment in the payload",
        k,
        signed(h, p.replace("}", "//x\n}"), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a hash comment in the payload",
        k,
        signed(h, p.replace("}", "#x\n}"), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "trailing garbage after the payload",
        k,
        signed(h, p + "x", subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a second object after the payload",
        k,
        signed(h, p + "{}", subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "trailing garbage after the header",
        k,
        signed(h + "]", p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "single-quoted strings in the payload",
        k,
        signed(h, p.replaceFirst("\"consentId\"", "'consentId'"), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a NaN member in the payload",
        k,
        signed(h, prepend(p, "\"n\":NaN"), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a number with a leading zero in the payload",
        k,
        signed(h, prepend(p, "\"n\":01"), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");

    // UTF-8
    byte[] pb = utf8(p);
    add(
        "a member name with a stray leading 0xFF byte (payload)",
        k,
        signed(
            utf8(h),
            concat(
                utf8("{\""),
                new byte[] {(byte) 0xff},
                java.util.Arrays.copyOfRange(pb, 2, pb.length)),
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    byte[] hb = utf8(h);
    add(
        "a member name with a stray leading 0xFF byte (header)",
        k,
        signed(
            concat(
                utf8("{\""),
                new byte[] {(byte) 0xff},
                java.util.Arrays.copyOfRange(hb, 2, hb.length)),
            pb,
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "invalid UTF-8 (0xFE) inside a value",
        k,
        signed(
            utf8(h),
            utf8(p).length > 0
                ? replaceFirst(
                    pb, utf8("urn:uuid:"), concat(utf8("urn:uuid:"), new byte[] {(byte) 0xfe}))
                : pb,
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "an overlong UTF-8 encoding of '/' (C0 AF)",
        k,
        signed(
            utf8(h),
            replaceFirst(
                pb,
                utf8("urn:uuid:"),
                concat(utf8("urn:uuid:"), new byte[] {(byte) 0xc0, (byte) 0xaf})),
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a UTF-8-encoded surrogate (ED A0 80)",
        k,
        signed(
            utf8(h),
            replaceFirst(
                pb,
                utf8("urn:uuid:"),
                concat(utf8("urn:uuid:"), new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})),
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a truncated UTF-8 sequence at the end of a string",
        k,
        signed(
            utf8(h),
            replaceFirst(
                pb,
                utf8("\",\"credentialHash\""),
                concat(new byte[] {(byte) 0xe2, (byte) 0x82}, utf8("\",\"credentialHash\""))),
            subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "a byte order mark before the payload",
        k,
        signed(utf8(h), concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, pb), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "an unpaired surrogate escape in a value",
        k,
        signed(h, prepend(p, "\"x\":\"\\ud800\""), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "an unpaired surrogate escape in a member name",
        k,
        signed(h, prepend(p, "\"\\udc00\":1"), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");

    // base64url and segments
    String hb64 = b64(h);
    add(
        "non-canonical base64url: unused bits set in the signature",
        k,
        good.substring(0, good.length() - 1) + bump(good.charAt(good.length() - 1)),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add("padding on the signature", k, good + "==", "MALFORMED_JWS", "MALFORMED_JWS");
    String spaced = h;
    while (Base64.getUrlEncoder().encodeToString(utf8(spaced)).indexOf('=') < 0) {
      spaced = spaced + " ";
    }
    String paddedInput = Base64.getUrlEncoder().encodeToString(utf8(spaced)) + "." + b64(p);
    add(
        "padding on the header (signed as sent)",
        k,
        paddedInput
            + "."
            + b64(subject.signer("ignored").sign(paddedInput.getBytes(StandardCharsets.US_ASCII))),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "standard base64 alphabet in the signature",
        k,
        good.substring(0, good.lastIndexOf('.') + 1)
            + Base64.getEncoder()
                .withoutPadding()
                .encodeToString(B64U_DEC.decode(sig))
                .replace('A', '+'),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "whitespace inside the header part",
        k,
        hb64.substring(0, 4) + " " + good.substring(4),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add("four segments", k, good + ".AAAA", "MALFORMED_JWS", "MALFORMED_JWS");
    add(
        "five segments (JWE shape)",
        k,
        hb64 + "..AAAA.AAAA.AAAA",
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add("two segments", k, hb64 + "." + b64(p), "MALFORMED_JWS", "MALFORMED_JWS");
    add("empty", k, "", "MALFORMED_JWS", "MALFORMED_JWS");
    add(
        "JSON serialization instead of compact",
        k,
        "{\"payload\":\""
            + b64(p)
            + "\",\"protected\":\""
            + hb64
            + "\",\"signature\":\""
            + sig
            + "\"}",
        "MALFORMED_JWS",
        "MALFORMED_JWS");

    // shapes and nesting
    add(
        "header nested 100 levels deep",
        k,
        signed(prepend(h, "\"zzz\":" + nested(100)), p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "payload nested 10,000 levels deep",
        k,
        signed(h, prepend(p, "\"zzz\":" + nested(10_000)), subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add("payload an array", k, signed(h, "[" + p + "]", subject), "MALFORMED_JWS", "MALFORMED_JWS");
    add("payload empty", k, signed(h, "", subject), "MALFORMED_JWS", "MALFORMED_JWS");
    add(
        "header a string",
        k,
        signed("\"" + h.replace("\"", "'") + "\"", p, subject),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "an extra payload member",
        k,
        signed(h, prepend(p, "\"aaa\":1"), subject),
        "INVALID_STATEMENT",
        "INVALID_STATEMENT");

    // typ confusion
    add(
        "typ vc+jwt on an anchor payload",
        k,
        signed(h.replace("consent-anchor+jwt", "vc+jwt"), p, subject),
        "WRONG_TYPE",
        "WRONG_TYPE");
    add(
        "typ consent-revocation+jwt on an anchor payload",
        k,
        signed(h.replace("consent-anchor+jwt", "consent-revocation+jwt"), p, subject),
        "WRONG_TYPE",
        "WRONG_TYPE");
    add(
        "typ didauth+jwt on an anchor payload",
        k,
        signed(h.replace("consent-anchor+jwt", "didauth+jwt"), p, subject),
        "WRONG_TYPE",
        "WRONG_TYPE");
    add(
        "typ JWT",
        k,
        signed(h.replace("consent-anchor+jwt", "JWT"), p, subject),
        "WRONG_TYPE",
        "WRONG_TYPE");
    add(
        "typ missing",
        k,
        signed(h.replace(",\"typ\":\"consent-anchor+jwt\"", ""), p, subject),
        "WRONG_TYPE",
        "WRONG_TYPE");
    add(
        "a credential (vc+jwt) submitted as an anchor",
        k,
        consent(did, signerOf(subject)).jws(),
        "WRONG_TYPE",
        "WRONG_TYPE");
  }

  private static char bump(char c) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    return alphabet.charAt(alphabet.indexOf(c) + 1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] replaceFirst(byte[] in, byte[] what, byte[] with) {
    for (int i = 0; i + what.length <= in.length; i++) {
      if (java.util.Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        return concat(
            java.util.Arrays.copyOf(in, i),
            with,
            java.util.Arrays.copyOfRange(in, i + what.length, in.length));
      }
    }
    throw new IllegalArgumentException("not found");
  }

  private void otherStatements() throws Exception {
    String rev =
        ConsentStatements.revocation(
            CONSENT_ID, "a".repeat(64), did, ConsentStatements.Reason.WITHDRAWN, signerOf(subject));
    String h = decoded(rev, 0);
    String p = decoded(rev, 1);
    add("control: a well-formed revocation statement", "revocation", rev, "OK", null);
    add(
        "revocation with jku, signature valid by kid",
        "revocation",
        signed(prepend(h, "\"jku\":\"https://attacker.example/\""), p, subject),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "revocation with a duplicate reason",
        "revocation",
        signed(h, prepend(p, "\"reason\":\"other\""), subject),
        "MALFORMED_JWS",
        null);
    add(
        "revocation typed as an anchor",
        "revocation",
        signed(h.replace("consent-revocation+jwt", "consent-anchor+jwt"), p, subject),
        "WRONG_TYPE",
        null);

    Signer ps = signerOf(provider);
    String receipt =
        ReceiptStatements.receipt(
            "urn:uuid:5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
            CONSENT_ID,
            DidKey.create(provider.publicKey()),
            "did:web:mydata.example.kr",
            List.of("health.checkup"),
            "b".repeat(64),
            ps);
    String rh = decoded(receipt, 0);
    String rp = decoded(receipt, 1);
    add("control: a well-formed receipt", "receipt", receipt, "OK", null);
    add(
        "receipt with an unusable x5c, signature valid by kid",
        "receipt",
        signed(prepend(rh, "\"x5c\":[\"AAAA\"]"), rp, provider),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "receipt with crit",
        "receipt",
        signed(prepend(rh, "\"crit\":[\"x\"],\"x\":1"), rp, provider),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "receipt with duplicate categories members",
        "receipt",
        signed(rh, prepend(rp, "\"categories\":[\"health.all\"]"), provider),
        "MALFORMED_JWS",
        null);
    add(
        "receipt typed as a DID-auth token",
        "receipt",
        signed(rh.replace("transmission-receipt+jwt", "didauth+jwt"), rp, provider),
        "WRONG_TYPE",
        null);
    add(
        "receipt with invalid UTF-8 in a category",
        "receipt",
        signed(
            utf8(rh),
            replaceFirst(
                utf8(rp),
                utf8("health.checkup"),
                concat(utf8("health."), new byte[] {(byte) 0xff}, utf8("checkup"))),
            provider),
        "MALFORMED_JWS",
        null);
  }

  private void credentialsAndPresentations() throws Exception {
    ConsentCredential vc = consent(did, signerOf(subject));
    String h = decoded(vc.jws(), 0);
    String p = decoded(vc.jws(), 1);
    String k = "credential";
    add("control: a well-formed credential", k, vc.jws(), "OK", null);
    add(
        "credential with an unusable x5c, signature valid by kid",
        k,
        signed(prepend(h, "\"x5c\":[\"MIIB\"]"), p, subject),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "credential with x5u, signature valid by kid",
        k,
        signed(prepend(h, "\"x5u\":\"https://attacker.example/c.pem\""), p, subject),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "credential with the attacker's jwk, signed by the attacker",
        k,
        signed(prepend(h, "\"jwk\":" + DidDocumentAccess.jwkOf(attacker.publicKey())), p, attacker),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "credential with crit",
        k,
        signed(prepend(h, "\"crit\":[\"iat\"],\"iat\":1"), p, subject),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "credential with a duplicate member deep in credentialSubject",
        k,
        signed(
            h,
            p.replace("\"dataSubject\":{", "\"dataSubject\":{\"id\":\"did:web:attacker.example\","),
            subject),
        "MALFORMED_JWS",
        null);
    add(
        "credential with a duplicate issuer",
        k,
        signed(h, prepend(p, "\"issuer\":\"did:web:attacker.example\""), subject),
        "MALFORMED_JWS",
        null);
    add(
        "credential with raw invalid UTF-8 in a claim",
        k,
        signed(
            utf8(h),
            replaceFirst(
                utf8(p),
                utf8("Hong Gildong"),
                concat(utf8("Hong "), new byte[] {(byte) 0xff}, utf8("Gildong"))),
            subject),
        "MALFORMED_JWS",
        null);
    add(
        "credential with a member name led by a stray 0xFF byte",
        k,
        signed(
            utf8(h),
            replaceFirst(
                utf8(p),
                utf8("\"issuer\""),
                concat(utf8("\""), new byte[] {(byte) 0xff}, utf8("issuer\""))),
            subject),
        "MALFORMED_JWS",
        null);
    add(
        "credential with a comment in a claim object",
        k,
        signed(h, p.replace("\"dataSubject\":{", "\"dataSubject\":{/*x*/"), subject),
        "MALFORMED_JWS",
        null);
    add(
        "credential with alg none",
        k,
        b64(h.replace("EdDSA", "none")) + "." + b64(p) + ".",
        "MALFORMED_JWS",
        null);
    add(
        "credential with cty vp",
        k,
        signed(h.replace("\"cty\":\"vc\"", "\"cty\":\"vp\""), p, subject),
        "WRONG_TYPE",
        null);
    add(
        "credential typed vp+jwt",
        k,
        signed(h.replace("vc+jwt", "vp+jwt"), p, subject),
        "WRONG_TYPE",
        null);
    add(
        "credential signed by an attacker under the issuer's kid",
        k,
        signed(h, p, attacker),
        "BAD_SIGNATURE",
        null);

    Signer holder = signerOf(subject);
    VerifiablePresentation vp =
        VerifiablePresentation.builder()
            .holder(did)
            .credential(VerifiableCredential.parse(vc.jws()))
            .audience(AUDIENCE)
            .nonce(NONCE)
            .sign(holder);
    String vh = decoded(vp.jws(), 0);
    String vpp = decoded(vp.jws(), 1);
    k = "presentation";
    add("control: a well-formed presentation", k, vp.jws(), "OK", null);
    add(
        "presentation with jku, signature valid by kid",
        k,
        signed(prepend(vh, "\"jku\":\"https://attacker.example/\""), vpp, subject),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "presentation with a duplicate aud (the later one the attacker's)",
        k,
        signed(vh, prepend(vpp, "\"aud\":\"did:web:attacker.example\""), subject),
        "MALFORMED_JWS",
        null);
    add(
        "presentation typed vc+jwt",
        k,
        signed(vh.replace("vp+jwt", "vc+jwt"), vpp, subject),
        "WRONG_TYPE",
        null);
    add(
        "presentation with trailing garbage after the payload",
        k,
        signed(vh, vpp + " x", subject),
        "MALFORMED_JWS",
        null);
  }

  private void didAuth() throws Exception {
    Signer s = signerOf(subject);
    String challenge = "Y2hhbGxlbmdlLWZvci10aGUtaG9zdGlsZS1jb3JwdXM";
    String good =
        DidAuth.token(
            did,
            challenge,
            DidAuth.CONSENT_SERVICE,
            s,
            java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC),
            java.time.Duration.ofSeconds(120));
    String h = decoded(good, 0);
    String p = decoded(good, 1);
    long iat = NOW.getEpochSecond();
    String k = "didAuth";
    add("control: a well-formed DID-auth token", k, good, "OK", null);
    add(
        "control: iat 30 s ahead, within the 60 s skew",
        k,
        signed(
            h,
            p.replace("\"iat\":" + iat, "\"iat\":" + (iat + 30))
                .replace("\"exp\":" + (iat + 120), "\"exp\":" + (iat + 150)),
            subject),
        "OK",
        null);
    add(
        "DID-auth token issued an hour in the future",
        k,
        signed(
            h,
            p.replace("\"iat\":" + iat, "\"iat\":" + (iat + 3600))
                .replace("\"exp\":" + (iat + 120), "\"exp\":" + (iat + 3700)),
            subject),
        "NOT_YET_VALID",
        null);
    add(
        "DID-auth token with iat 61 s ahead",
        k,
        signed(
            h,
            p.replace("\"iat\":" + iat, "\"iat\":" + (iat + 61))
                .replace("\"exp\":" + (iat + 120), "\"exp\":" + (iat + 181)),
            subject),
        "NOT_YET_VALID",
        null);
    add(
        "DID-auth token with nbf 200 s ahead",
        k,
        signed(
            h,
            prepend(p, "\"nbf\":" + (iat + 200))
                .replace("\"exp\":" + (iat + 120), "\"exp\":" + (iat + 300)),
            subject),
        "NOT_YET_VALID",
        null);
    add(
        "DID-auth token with nbf at exp",
        k,
        signed(h, prepend(p, "\"nbf\":" + (iat + 120)), subject),
        "INVALID_TOKEN",
        null);
    add(
        "DID-auth token expired",
        k,
        signed(
            h,
            p.replace("\"iat\":" + iat, "\"iat\":" + (iat - 300))
                .replace("\"exp\":" + (iat + 120), "\"exp\":" + (iat - 1)),
            subject),
        "EXPIRED",
        null);
    add(
        "DID-auth token living longer than 300 s",
        k,
        signed(h, p.replace("\"exp\":" + (iat + 120), "\"exp\":" + (iat + 3600)), subject),
        "INVALID_TOKEN",
        null);
    add(
        "DID-auth token with jku, signature valid by kid",
        k,
        signed(prepend(h, "\"jku\":\"https://attacker.example/\""), p, subject),
        "UNSUPPORTED_HEADER",
        null);
    add(
        "DID-auth token with a duplicate challenge",
        k,
        signed(h, prepend(p, "\"challenge\":\"b3RoZXI\""), subject),
        "MALFORMED_JWS",
        null);
    add(
        "DID-auth token with a duplicate iss",
        k,
        signed(h, prepend(p, "\"iss\":\"did:web:attacker.example\""), subject),
        "MALFORMED_JWS",
        null);
    add(
        "an anchor typ on a DID-auth payload",
        k,
        signed(h.replace("didauth+jwt", "consent-anchor+jwt"), p, subject),
        "WRONG_TYPE",
        null);
    add(
        "DID-auth token signed by an attacker under the caller's kid",
        k,
        signed(h, p, attacker),
        "BAD_SIGNATURE",
        null);
  }

  private void didOperations() throws Exception {
    WalletKeyPair key = GoldenFixtures.fixedKey("hostile-jose", KeyType.ED25519, "did-fabric");
    DidDocument doc = DidFabric.newDocument(key.publicKey()).build();
    String opKid = doc.id() + "#key-1";
    String good = DidFabric.create(doc, key.signer(opKid), null).jws();
    String h = decoded(good, 0);
    String p = decoded(good, 1);
    String k = "didOperation";
    add("control: a well-formed did:fabric create", k, good, "OK", "created");
    add(
        "create with an unusable x5c, signature valid by kid",
        k,
        signed(prepend(h, "\"x5c\":[\"AAAA\"]"), p, key),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "create with crit",
        k,
        signed(prepend(h, "\"crit\":[\"x\"],\"x\":1"), p, key),
        "UNSUPPORTED_HEADER",
        "UNSUPPORTED_HEADER");
    add(
        "create with a duplicate member in the document",
        k,
        signed(
            h, p.replace("\"document\":{", "\"document\":{\"id\":\"did:fabric:attacker\","), key),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "create with a duplicate did",
        k,
        signed(h, prepend(p, "\"did\":\"did:fabric:UMx4zVXUjdwWtYpLQe19dX\""), key),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "create with alg none",
        k,
        b64(h.replace("EdDSA", "none")) + "." + b64(p) + ".",
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "create whose header jwk is not a key",
        k,
        signed(h.replace("\"kty\":\"OKP\"", "\"kty\":\"oct\""), p, key),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "create with invalid UTF-8 in a method type",
        k,
        signed(
            utf8(h),
            replaceFirst(
                utf8(p),
                utf8("JsonWebKey2020"),
                concat(utf8("JsonWebKey"), new byte[] {(byte) 0xc3}, utf8("2020"))),
            key),
        "MALFORMED_JWS",
        "MALFORMED_JWS");
    add(
        "create typed as an anchor",
        k,
        signed(h.replace("did-operation+jwt", "consent-anchor+jwt"), p, key),
        "WRONG_TYPE",
        "WRONG_TYPE");
  }
}
