/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.jose;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON with one meaning only (I-JSON, RFC 7493), for everything signed or anchored: well-formed
 * UTF-8 (no invalid, overlong or surrogate sequences, no byte order mark), no duplicate member
 * names at any depth, no comments or other extensions, nothing after the value, no unpaired
 * surrogate in a Unicode escape, at most {@value #MAX_DEPTH} levels deep. Deterministic: the same
 * bytes give the same answer on every peer.
 */
public final class StrictJson {
  /** The deepest nesting accepted. */
  public static final int MAX_DEPTH = 64;

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
          .build();

  static {
    STRICT
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(1 << 20)
                .build());
  }

  private StrictJson() {}

  /**
   * Parses UTF-8 bytes.
   *
   * @throws IllegalArgumentException saying why they are not one JSON value with a single meaning
   */
  public static JsonNode parse(byte[] utf8) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not well-formed UTF-8");
    }
    return parse(text);
  }

  /**
   * Parses text.
   *
   * @throws IllegalArgumentException saying why it is not one JSON value with a single meaning
   */
  public static JsonNode parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("no JSON text");
    }
    if (text.charAt(0) == '\uFEFF') {
      throw new IllegalArgumentException("a byte order mark is not allowed");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not one JSON value without duplicate members, comments or trailing data");
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("no JSON value");
    }
    requireWellFormed(node);
    return node;
  }

  private static void requireWellFormed(JsonNode node) {
    if (node.isTextual()) {
      requireWellFormed(node.textValue());
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        requireWellFormed(e.getKey());
        requireWellFormed(e.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        requireWellFormed(item);
      }
    }
  }

  private static void requireWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("a string holds an unpaired surrogate");
      }
    }
  }
}
