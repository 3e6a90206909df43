/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;

/** The {@code /openapi.yaml} resource: the service's own OpenAPI 3.1 description. */
final class OpenApiDocumentRouter {
  private final Buffer document;

  /**
   * @param document the description as it is served
   */
  OpenApiDocumentRouter(Buffer document) {
    this.document = Objects.requireNonNull(document, "document");
  }

  /**
   * Serves the document on the operation {@code getOpenApiDocument}.
   *
   * @param builder the router builder
   */
  void mount(RouterBuilder builder) {
    builder.getRoute("getOpenApiDocument").addHandler(this::get);
  }

  private void get(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(document);
  }
}
