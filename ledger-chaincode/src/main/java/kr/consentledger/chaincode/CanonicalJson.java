/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * JSON with sorted keys and no insignificant whitespace, so that every endorsing peer writes the
 * same bytes for the same state.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private CanonicalJson() {}

  public static byte[] toBytes(Object value) {
    return toString(value).getBytes(StandardCharsets.UTF_8);
  }

  public static String toString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw ErrorCodes.reject(
          RejectionCode.INTERNAL, "cannot serialise " + value.getClass().getSimpleName());
    }
  }

  /** The mapper itself, for reading trees; callers must not reconfigure it. */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A JSON tree as canonical bytes: sorted keys at every level. */
  public static byte[] treeToBytes(com.fasterxml.jackson.databind.JsonNode tree) {
    try {
      Object plain = MAPPER.treeToValue(tree, Object.class);
      return MAPPER.writeValueAsBytes(plain);
    } catch (JsonProcessingException e) {
      throw ErrorCodes.reject(RejectionCode.INTERNAL, "cannot serialise a JSON tree");
    }
  }

  /** A copy of {@code tree} whose objects list their members in sorted order, at every level. */
  public static com.fasterxml.jackson.databind.JsonNode sortedTree(
      com.fasterxml.jackson.databind.JsonNode tree) {
    try {
      return MAPPER.readTree(treeToBytes(tree));
    } catch (java.io.IOException e) {
      throw ErrorCodes.reject(RejectionCode.INTERNAL, "cannot re-read a JSON tree");
    }
  }

  public static <T> T fromBytes(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (java.io.IOException e) {
      throw ErrorCodes.reject(
          RejectionCode.INTERNAL, "stored " + type.getSimpleName() + " is not valid JSON");
    }
  }
}
