/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON and readable text: the two ways every command prints its result. */
final class Output {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Output() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Refusal("MALFORMED_ANSWER", "the answer is not JSON: " + e.getOriginalMessage());
    }
  }

  /** An object as {@code name: value} lines, nested objects indented, arrays on one line. */
  static String text(JsonNode node) {
    StringBuilder out = new StringBuilder();
    text(node, "", out);
    return out.toString().stripTrailing();
  }

  private static void text(JsonNode node, String indent, StringBuilder out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        out.append(indent).append(e.getKey()).append(":\n");
        text(v, indent + "  ", out);
      } else {
        out.append(indent).append(e.getKey()).append(": ").append(scalar(v)).append('\n');
      }
    }
  }

  static String scalar(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "-";
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.isValueNode() ? x.asText() : x.toString()));
      return String.join(", ", parts);
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /**
   * A table with a header row, columns as wide as their widest cell.
   *
   * @param header the column titles
   * @param rows the cells, one list per row
   * @return the table, one line per row
   */
  static String table(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(header, width, out);
    for (List<String> r : rows) {
      line(r, width, out);
    }
    return out.toString().stripTrailing();
  }

  private static void line(List<String> cells, int[] width, StringBuilder out) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      l.append(c);
      if (i < cells.size() - 1) {
        l.append(" ".repeat(width[i] - c.length() + 2));
      }
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }
}
