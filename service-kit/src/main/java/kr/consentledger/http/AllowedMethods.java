/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The methods each path of an OpenAPI document allows, for the {@code Allow} header that a 405
 * answer must carry (RFC 9110 §15.5.6).
 */
public final class AllowedMethods {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final Map<Pattern, String> allowed = new LinkedHashMap<>();

  /**
   * @param contract the OpenAPI document as JSON
   */
  public AllowedMethods(JsonObject contract) {
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      if (!(paths.getValue(path) instanceof JsonObject item)) {
        continue;
      }
      List<String> methods = new ArrayList<>();
      for (String name : item.fieldNames()) {
        if (METHODS.contains(name)) {
          methods.add(name.toUpperCase(Locale.ROOT));
        }
      }
      StringBuilder regex = new StringBuilder();
      for (String part : path.split("(?=\\{)|(?<=\\})", -1)) {
        regex.append(part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
      }
      allowed.put(Pattern.compile(regex.toString()), String.join(", ", methods));
    }
  }

  /**
   * The {@code Allow} header value for a request path.
   *
   * @param path the request's path, not decoded
   * @return for example {@code GET, POST}, or null when no path of the document matches
   */
  public String allow(String path) {
    if (path == null) {
      return null;
    }
    for (Map.Entry<Pattern, String> e : allowed.entrySet()) {
      if (e.getKey().matcher(path).matches()) {
        return e.getValue();
      }
    }
    return null;
  }
}
