/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Checks a JSON request body with {@link StrictJson} right after the body handler has read it,
 * before validation or any route sees it; a body that fails goes to the failure handler as an
 * {@link EdgeException} ({@link EdgeError#MALFORMED_JSON}). Bodies of other media types are left to
 * validation (415).
 */
public final class StrictJsonBodyHandler implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body != null
        && body.length() > 0
        && isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      try {
        StrictJson.check(body.getBytes());
      } catch (EdgeException e) {
        ctx.fail(400, e);
        return;
      }
    }
    ctx.next();
  }

  /**
   * Whether a Content-Type is JSON: {@code application/json} or a {@code +json} type.
   *
   * @param contentType the header, or null
   * @return true for JSON
   */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }
}
