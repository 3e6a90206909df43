/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile corpus: cases kept as data, one JSON object a line ({@code #} starts a comment). A
 * case is either {@code raw} bytes, or {@code method}, {@code path}, optional {@code type}
 * (Content-Type), {@code headers} (a list of header lines), {@code body} and {@code chunked}; and
 * its expectation: {@code status} (0: the server closes without answering) and {@code code} ("-":
 * not a problem, for the controls). Text may hold macros: {@code <<byte:FF>>} raw bytes, {@code
 * <<repeat:N:text>>}, {@code <<b64:text>>} (base64url), and names the runner fills in ({@code
 * <<subject>>}), which may sit inside the others; the others do not nest.
 */
public final class Corpus {
  private static final Pattern NAMED = Pattern.compile("<<([a-z0-9]+)>>");
  private static final Pattern MACRO =
      Pattern.compile("<<([a-z0-9]+)(?::(.*?))?>>", Pattern.DOTALL);

  /**
   * One case.
   *
   * @param name what it is
   * @param spec the case as written
   */
  public record Case(String name, JsonObject spec) {
    public int status() {
      return spec.getInteger("status");
    }

    public String code() {
      return spec.getString("code", "-");
    }

    @Override
    public String toString() {
      return name + " -> " + status() + " " + code();
    }
  }

  private Corpus() {}

  /** Reads a corpus from the class path. */
  public static List<Case> load(String resource) throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the class path");
      }
      int number = 0;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        number++;
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        JsonObject spec;
        try {
          spec = new JsonObject(trimmed);
        } catch (RuntimeException e) {
          throw new IOException(resource + " line " + number + ": " + e.getMessage(), e);
        }
        cases.add(new Case(spec.getString("name"), spec));
      }
    }
    return cases;
  }

  /**
   * The bytes to send for a case.
   *
   * @param spec the case
   * @param host the Host header value
   * @param names what the named macros expand to
   * @return the request
   */
  public static byte[] request(JsonObject spec, String host, Function<String, String> names) {
    if (spec.containsKey("raw")) {
      return expand(spec.getString("raw").replace("<<host>>", host), names);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] body = spec.containsKey("body") ? expand(spec.getString("body"), names) : null;
    StringBuilder head = new StringBuilder();
    head.append(spec.getString("method", "GET"))
        .append(' ')
        .append(spec.getString("path"))
        .append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\n");
    if (spec.containsKey("type")) {
      head.append("Content-Type: ").append(spec.getString("type")).append("\r\n");
    }
    for (Object header : spec.getJsonArray("headers", new io.vertx.core.json.JsonArray())) {
      head.append(header).append("\r\n");
    }
    boolean chunked = spec.getBoolean("chunked", false);
    if (chunked) {
      head.append("Transfer-Encoding: chunked\r\n");
    } else if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    out.writeBytes(expand(head.toString(), names));
    if (body != null && chunked) {
      out.writeBytes(
          (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
      out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /** Expands the macros of a text into bytes; literal text is UTF-8. */
  public static byte[] expand(String template, Function<String, String> names) {
    // Names first, so that they may sit inside the other macros.
    Matcher named = NAMED.matcher(template);
    StringBuilder filled = new StringBuilder();
    while (named.find()) {
      String value = names.apply(named.group(1));
      named.appendReplacement(
          filled, Matcher.quoteReplacement(value == null ? named.group() : value));
    }
    named.appendTail(filled);
    String text = filled.toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Matcher m = MACRO.matcher(text);
    int at = 0;
    while (m.find()) {
      out.writeBytes(text.substring(at, m.start()).getBytes(StandardCharsets.UTF_8));
      String arg = m.group(2);
      switch (m.group(1)) {
        case "byte" -> out.writeBytes(HexFormat.of().parseHex(arg));
        case "repeat" -> {
          int colon = arg.indexOf(':');
          byte[] unit = expand(arg.substring(colon + 1), names);
          for (int i = Integer.parseInt(arg.substring(0, colon)); i > 0; i--) {
            out.writeBytes(unit);
          }
        }
        case "b64" ->
            out.writeBytes(
                Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(expand(arg, names))
                    .getBytes(StandardCharsets.US_ASCII));
        default -> {
          String value = names.apply(m.group(1));
          if (value == null) {
            throw new IllegalArgumentException("unknown macro " + m.group());
          }
          out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }
      }
      at = m.end();
    }
    out.writeBytes(text.substring(at).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The stable code of an error response: a problem's {@code code}. */
  public static String code(RawHttp.Response response) {
    try {
      JsonObject body = new JsonObject(response.body());
      return body.getString("code");
    } catch (RuntimeException e) {
      return null;
    }
  }
}
