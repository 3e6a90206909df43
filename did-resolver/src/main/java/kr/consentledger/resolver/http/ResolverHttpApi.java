/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import kr.consentledger.http.AllowedMethods;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.EdgeProblems;
import kr.consentledger.http.StrictJsonBodyHandler;
import kr.consentledger.resolver.DidResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds the HTTP API: the routes of the OpenAPI description ({@code openapi.yaml} on the class
 * path), each request validated against it, with one failure handler for every error.
 *
 * <p>vertx-openapi refuses response media types other than JSON and {@code vnd.*+json}, and the DID
 * Resolution types ({@code application/did+json}, {@code application/did-resolution}, ...) are
 * neither. Responses are not validated here, so the contract given to the validator has its
 * response {@code content} removed; the served document is the unchanged one.
 */
public final class ResolverHttpApi {
  /** The classpath location of the OpenAPI 3.1 description. */
  public static final String CONTRACT = "openapi.yaml";

  /** The largest request body accepted; every route here is a GET. */
  public static final long BODY_LIMIT_BYTES = 1024;

  private ResolverHttpApi() {}

  static JsonObject validationContract(Buffer yaml) {
    Object parsed =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(yaml.toString(StandardCharsets.UTF_8));
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalStateException(CONTRACT + " is not a YAML mapping");
    }
    @SuppressWarnings("unchecked")
    JsonObject contract = new JsonObject((Map<String, Object>) map).copy();
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation) {
          stripContent(operation.getJsonObject("responses"));
        }
      }
    }
    stripContent(contract.getJsonObject("components", new JsonObject()).getJsonObject("responses"));
    return contract;
  }

  private static void stripContent(JsonObject responses) {
    if (responses == null) {
      return;
    }
    for (String status : responses.fieldNames()) {
      if (responses.getValue(status) instanceof JsonObject response) {
        response.remove("content");
      }
    }
  }

  /**
   * How this service writes the errors of the HTTP edge ({@link kr.consentledger.http.HttpEdge}):
   * problem+json with the code in camel case, for example {@code invalidHost}.
   *
   * @return the writer
   */
  public static EdgeProblems edgeProblems() {
    return ProblemFailureHandler::edge;
  }

  /**
   * Creates the router.
   *
   * @param vertx the Vert.x instance
   * @param resolver the resolver behind {@code /1.0/identifiers}
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, DidResolver resolver) {
    return createRouter(vertx, resolver, EdgeConfig.NONE);
  }

  /**
   * Creates the router behind the edge (rate limit by client address, in-flight cap; see {@link
   * ResolverEdge}).
   *
   * @param vertx the Vert.x instance
   * @param resolver the resolver behind {@code /1.0/identifiers}
   * @param edge the limits
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, DidResolver resolver, EdgeConfig edge) {
    return createRouter(vertx, resolver, new EdgeLimits(edge));
  }

  /**
   * Creates the router of one event loop behind an edge whose rate tables and in-flight cap are
   * shared with the routers of the other event loops (see {@link EdgeLimits}). Call it on the event
   * loop that will serve the router's requests: its event-loop delay check ticks there.
   *
   * @param vertx the Vert.x instance
   * @param resolver the resolver behind {@code /1.0/identifiers}
   * @param edge the process's rate tables and in-flight cap
   * @return a future of the router, failed when the contract cannot be loaded
   */
  public static Future<Router> createRouter(Vertx vertx, DidResolver resolver, EdgeLimits edge) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(resolver, "resolver");
    return vertx
        .fileSystem()
        .readFile(CONTRACT)
        .compose(
            document ->
                OpenAPIContract.from(vertx, validationContract(document))
                    .map(
                        contract -> {
                          RouterBuilder builder = RouterBuilder.create(vertx, contract);
                          builder.rootHandler(
                              BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
                          builder.rootHandler(new StrictJsonBodyHandler());
                          new IdentifiersRouter(resolver).mount(builder);
                          new OpenApiDocumentRouter(document).mount(builder);
                          Router router =
                              ResolverEdge.handler(edge).install(vertx, builder.createRouter());
                          ProblemFailureHandler failures = new ProblemFailureHandler();
                          router.route().failureHandler(failures);
                          AllowedMethods allowed = new AllowedMethods(contract.getRawContract());
                          for (int status : new int[] {400, 404, 413, 414, 431}) {
                            router.errorHandler(status, failures);
                          }
                          // 405 must say what is allowed (RFC 9110).
                          router.errorHandler(
                              405,
                              ctx -> {
                                String allow = allowed.allow(ctx.request().path());
                                if (allow != null) {
                                  ctx.response()
                                      .putHeader(io.vertx.core.http.HttpHeaders.ALLOW, allow);
                                }
                                failures.handle(ctx);
                              });
                          return router;
                        }));
  }
}
