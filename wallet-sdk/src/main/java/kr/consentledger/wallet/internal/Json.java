/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON helpers. Output is always compact with object members sorted by key (recursively), so equal
 * trees give equal bytes, which the did:fabric fixtures and the chaincode rely on.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build());
  }

  private Json() {}

  /**
   * Returns a new empty object node.
   *
   * @return a new empty object node
   */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Returns a new empty array node.
   *
   * @return a new empty array node
   */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /**
   * Parses a JSON object.
   *
   * @param text JSON text
   * @return the object, or empty if the text is not a single well-formed JSON object (see {@link
   *     #strictObject(byte[])} for what is refused)
   */
  public static Optional<ObjectNode> parseObject(String text) {
    try {
      return Optional.of(strictObject(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses UTF-8 bytes as one JSON object with a single meaning (I-JSON, RFC 7493): strict UTF-8
   * (no invalid, overlong or surrogate sequences, no byte order mark), no duplicate member names at
   * any depth, no comments or other extensions, nothing after the object, no unpaired surrogate in
   * an escape, at most 64 levels deep.
   *
   * @param utf8 the bytes
   * @return the object
   * @throws IllegalArgumentException saying why not
   */
  public static ObjectNode strictObject(byte[] utf8) {
    return strictObject(strictUtf8(utf8));
  }

  /**
   * Returns the object.
   *
   * @param text JSON text
   * @return the object
   * @throws IllegalArgumentException saying why it is not one JSON object with a single meaning
   */
  public static ObjectNode strictObject(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no JSON text");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not one JSON value without duplicate members, comments or"
              + " trailing data ("
              + e.getOriginalMessage()
              + ")",
          e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not JSON (" + e.getMessage() + ")", e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    requireWellFormedUnicode(object);
    return object;
  }

  /**
   * Decodes UTF-8, refusing anything but well-formed UTF-8 (RFC 3629) and a leading byte order
   * mark.
   *
   * @param bytes the bytes
   * @return the text
   * @throws IllegalArgumentException if the bytes are not well-formed UTF-8
   */
  public static String strictUtf8(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not well-formed UTF-8", e);
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      throw new IllegalArgumentException("a byte order mark is not allowed");
    }
    return text;
  }

  private static void requireWellFormedUnicode(JsonNode node) {
    if (node.isTextual()) {
      requireWellFormed(node.textValue());
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        requireWellFormed(e.getKey());
        requireWellFormedUnicode(e.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        requireWellFormedUnicode(item);
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
        throw new IllegalArgumentException(
            "a string holds an unpaired surrogate (\\u" + Integer.toHexString(c) + ")");
      }
    }
  }

  /**
   * Parses a JSON value of any kind.
   *
   * @param text JSON text
   * @return the value, or empty if the text is not well-formed JSON
   */
  public static Optional<JsonNode> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        return Optional.empty();
      }
      requireWellFormedUnicode(node);
      return Optional.of(node);
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses UTF-8 JSON bytes as an object.
   *
   * @param bytes UTF-8 JSON
   * @return the object, or empty if not a JSON object
   */
  public static Optional<ObjectNode> parseObject(byte[] bytes) {
    try {
      return Optional.of(strictObject(bytes));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Serializes with members sorted by key, no whitespace.
   *
   * @param node any JSON value
   * @return canonical text
   */
  public static String canonical(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON tree could not be serialized", e);
    }
  }

  /**
   * Returns canonical UTF-8 bytes.
   *
   * @param node any JSON value
   * @return canonical UTF-8 bytes
   */
  public static byte[] canonicalBytes(JsonNode node) {
    return canonical(node).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns a deep copy with object members in key order.
   *
   * @param node any JSON value
   * @return a deep copy with object members in key order
   */
  public static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode out = object();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = array();
      for (JsonNode item : node) {
        out.add(sorted(item));
      }
      return out;
    }
    return node.deepCopy();
  }

  /**
   * Returns the member's text if it is a JSON string.
   *
   * @param node an object
   * @param field member name
   * @return the member's text if it is a JSON string
   */
  public static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  /**
   * Reads a member that may be a single string or an array of strings.
   *
   * @param node an object
   * @param field member name
   * @return the strings, or empty list when absent; non-string items are skipped
   */
  public static List<String> stringOrArray(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v.isTextual()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
        JsonNode item = it.next();
        if (item.isTextual()) {
          out.add(item.asText());
        }
      }
    }
    return out;
  }
}
