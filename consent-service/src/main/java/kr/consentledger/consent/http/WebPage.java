/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.Objects;

/**
 * The web page for data subjects and auditors: static files (plain ES modules, no templates) from
 * the class path's {@value #WEBROOT} folder, served under {@value #PATH} beside the API, outside
 * its OpenAPI description. The page calls the API from the browser (same origin): DID-auth, the
 * subject's consents and receipts, revocations and the audit routes; every key and signature stays
 * in the browser.
 *
 * <p>Every answer under {@value #PATH} carries {@link #SECURITY_HEADERS}: a Content-Security-Policy
 * that allows scripts, styles and connections to this origin only (no inline script or style, no
 * frame, no form target, no plugin), {@code X-Content-Type-Options: nosniff}, no referrer, no
 * framing, an isolated browsing context; {@code Strict-Transport-Security} when served over HTTPS.
 * Files are revalidated on every load ({@code Cache-Control: no-cache}). A file that does not exist
 * falls through to the router's 404 (problem+json {@code NOT_FOUND}); any other method than GET and
 * HEAD gets 405.
 */
public final class WebPage {
  /** The path the page is served under. */
  public static final String PATH = "/app/";

  /** The class-path folder of the page's files. */
  public static final String WEBROOT = "webroot";

  /** The page's Content-Security-Policy. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  /** The headers of every answer under {@link #PATH}. */
  public static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer",
          "X-Frame-Options", "DENY",
          "Cross-Origin-Opener-Policy", "same-origin",
          "Cross-Origin-Resource-Policy", "same-origin",
          "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
          "Cache-Control", "no-cache");

  private WebPage() {}

  /**
   * Adds the page's routes to a router: {@code GET|HEAD /app} redirects to {@value #PATH}, {@code
   * GET|HEAD /app/*} serves the files ({@code index.html} for the folder itself). The routes come
   * after the API's, which never match these paths.
   *
   * @param router the service's router (the API and its edge already installed)
   * @return the router
   */
  public static Router mount(Router router) {
    Objects.requireNonNull(router, "router");
    StaticHandler files =
        StaticHandler.create(WEBROOT)
            .setIndexPage("index.html")
            .setDefaultContentEncoding("UTF-8")
            .setCachingEnabled(false)
            .setDirectoryListing(false)
            .setIncludeHidden(false);
    // A plain route "/app" would match "/app/" too.
    router
        .routeWithRegex("^" + PATH.substring(0, PATH.length() - 1) + "$")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(
            ctx -> secured(ctx).setStatusCode(308).putHeader(HttpHeaders.LOCATION, PATH).end());
    router
        .route(PATH + "*")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(
            ctx -> {
              secured(ctx);
              ctx.next();
            })
        .handler(files);
    return router;
  }

  private static HttpServerResponse secured(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    SECURITY_HEADERS.forEach(response::putHeader);
    if (ctx.request().isSSL()) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000");
    }
    return response;
  }
}
