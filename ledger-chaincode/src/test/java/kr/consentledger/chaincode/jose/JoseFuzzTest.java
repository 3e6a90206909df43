/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.jose;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;
import kr.consentledger.chaincode.FuzzInputs;

/**
 * Fuzz tests (Jazzer) for the chaincode's JOSE parsing: {@link CompactJws#parse} returns or throws
 * its MalformedException, {@link PublicJwk#parse} and {@link PublicJwk#fromMulticodec} return or
 * throw IllegalArgumentException, as documented; anything else is a bug. A key that parses must
 * verify any bytes without throwing and survive a round trip through its multicodec form.
 *
 * <p>Seeds and crashes: {@code
 * src/test/resources/kr/consentledger/chaincode/jose/JoseFuzzTestInputs/<method>/}.
 */
class JoseFuzzTest {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  @FuzzTest
  void compactJwsParse(byte[] data) {
    String compact = FuzzInputs.jws(data);
    CompactJws jws;
    try {
      jws = CompactJws.parse(compact);
    } catch (CompactJws.MalformedException e) {
      check(e.getMessage() != null, "a MalformedException without a reason");
      return;
    }
    check(jws.compact().equals(compact), "compact() is not the input");
    check(
        jws.header().isObject() && jws.payload().isObject(), "header or payload is not an object");
    check(
        jws.headerText("alg") != null && !"none".equals(jws.headerText("alg")),
        "no alg, or alg none");
    String[] parts = compact.split("\\.", -1);
    check(
        new String(jws.signingInput(), java.nio.charset.StandardCharsets.US_ASCII)
            .equals(parts[0] + "." + parts[1]),
        "the signing input is not header.payload");
    check(
        Base64Url.encode(jws.signature()).equals(parts[2]), "the signature is not the third part");
  }

  @FuzzTest
  void publicJwkParse(byte[] data) {
    JsonNode jwk;
    try {
      jwk = JSON.readTree(data);
    } catch (IOException e) {
      jwk = null;
    }
    PublicJwk key;
    try {
      key = PublicJwk.parse(jwk);
    } catch (IllegalArgumentException e) {
      return;
    }
    use(key, data);
    check(
        key.sameKey(PublicJwk.fromMulticodec(key.multicodec())),
        "a JWK does not round-trip through multicodec");
  }

  @FuzzTest
  void publicJwkFromMulticodec(byte[] data) {
    PublicJwk key;
    try {
      key = PublicJwk.fromMulticodec(data);
    } catch (IllegalArgumentException e) {
      return;
    }
    use(key, data);
    check(Arrays.equals(key.multicodec(), data), "multicodec() is not the input");
  }

  private static void use(PublicJwk key, byte[] data) {
    check(key.type() != null, "no type");
    for (String alg : PublicJwk.ALGORITHMS) {
      key.fits(alg);
    }
    byte[] signature = Arrays.copyOf(data, 64);
    key.verify(data, signature);
    key.verify(data, new byte[64]);
    key.verify(data, data);
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
