/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds a service's router from its OpenAPI 3.1 description on the class path: every request
 * validated against it, the body size limited, strict JSON bodies, the service's operations behind
 * its {@link EdgeHandler}, {@code /openapi.yaml}, {@code /health/live}, {@code /health/ready} and
 * {@code /metrics} served ({@link Observability}: the description must declare their operations
 * {@code getLiveness}, {@code getReadiness} and {@code getMetrics}), and one failure handler for
 * every error (405 with {@code Allow}, RFC 9110).
 *
 * <p>The work-around: vertx-openapi 5.0 refuses response media types other than JSON and {@code
 * vnd.*+json} ({@code application/problem+json}, {@code application/did+json}, {@code
 * application/yaml} are neither) and security schemes it cannot check itself, while responses are
 * not validated here and DID-auth is checked by the services. So the contract given to the
 * validator has its responses' {@code content} and its security requirements and schemes removed
 * ({@link #validationContract}), and so has a request body that is only a form ({@code
 * application/x-www-form-urlencoded}, which 5.0 refuses too: the handler reads it); the served
 * document is the unchanged one. vertx-openapi 5.1 can register media types ({@code
 * OpenAPIContractBuilder.mediaTypeRegistry}), but the Vert.x 5.1 stack is not complete here (no
 * vertx-pg-client 5.1 can be resolved), so the services stay on the parent pom's Vert.x 5.0 and
 * keep the work-around.
 */
public final class OpenApiRouters {
  private static final String FORM = "application/x-www-form-urlencoded";

  private OpenApiRouters() {}

  /** What a service mounts on the router builder. */
  @FunctionalInterface
  public interface Operations {
    /**
     * Mounts the service's operations.
     *
     * @param contract the validator's contract
     * @param document the description as it is served
     * @param builder the router builder, with the body handlers already in place
     * @return the edge to put in front of every route
     */
    EdgeHandler mount(OpenAPIContract contract, Buffer document, RouterBuilder builder);
  }

  /**
   * A service's HTTP API: its OpenAPI description, its body limit and its failure handler.
   *
   * @param contractPath the class-path location of the OpenAPI description
   * @param bodyLimit the largest request body accepted, in bytes
   * @param failures makes the service's failure handler, one for each router
   */
  public record Api(
      String contractPath, long bodyLimit, Supplier<? extends Handler<RoutingContext>> failures) {
    /** Checks the components. */
    public Api {
      Objects.requireNonNull(contractPath, "contractPath");
      Objects.requireNonNull(failures, "failures");
      if (bodyLimit <= 0) {
        throw new IllegalArgumentException("bodyLimit must be positive");
      }
    }

    /**
     * Creates a router of this API. Call it on the event loop that will serve the router's
     * requests.
     *
     * @param vertx the Vert.x instance
     * @param operations mounts the service's operations
     * @return a future of the router, failed when the contract cannot be loaded
     */
    public Future<Router> router(Vertx vertx, Operations operations) {
      return router(vertx, operations, null);
    }

    /**
     * Creates a router of this API with the service's health and metrics routes ({@link
     * Observability}). Call it on the event loop that will serve the router's requests.
     *
     * @param vertx the Vert.x instance
     * @param operations mounts the service's operations
     * @param observability the health checks and the registry {@code /metrics} exposes, shared by
     *     every event loop's router; null for routes that are always up over an empty registry
     * @return a future of the router, failed when the contract cannot be loaded
     */
    public Future<Router> router(Vertx vertx, Operations operations, Observability observability) {
      return create(vertx, contractPath, bodyLimit, operations, failures.get(), observability);
    }
  }

  /**
   * Creates the router (see {@link Api#router(Vertx, Operations, Observability)}).
   *
   * @param vertx the Vert.x instance
   * @param contractPath the class-path location of the OpenAPI description
   * @param bodyLimit the largest request body accepted, in bytes
   * @param operations mounts the service's operations
   * @param failures the service's failure handler, for every route and error status
   * @param observability the health checks and the registry, or null for routes that are always up
   *     over a registry of their own
   * @return a future of the router, failed when the contract cannot be loaded
   */
  private static Future<Router> create(
      Vertx vertx,
      String contractPath,
      long bodyLimit,
      Operations operations,
      Handler<RoutingContext> failures,
      Observability observability) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(failures, "failures");
    return vertx
        .fileSystem()
        .readFile(contractPath)
        .compose(
            document ->
                OpenAPIContract.from(vertx, validationContract(document))
                    .map(
                        contract ->
                            router(
                                vertx,
                                contract,
                                document,
                                bodyLimit,
                                operations,
                                failures,
                                observability == null
                                    ? Observability.create(vertx)
                                    : observability)));
  }

  private static Router router(
      Vertx vertx,
      OpenAPIContract contract,
      Buffer document,
      long bodyLimit,
      Operations operations,
      Handler<RoutingContext> failures,
      Observability observability) {
    // The body handler reads the body first, so the validator must take it from the context.
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    builder.rootHandler(new StrictJsonBodyHandler());
    RequestLog.nameRoutes(builder);
    EdgeHandler edge = operations.mount(contract, document, builder);
    new OpenApiDocumentRouter(document).mount(builder);
    observability.mount(builder);
    Router router = RequestLog.install(edge.install(vertx, builder.createRouter()));
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 404, 413, 414, 415, 431}) {
      router.errorHandler(status, failures);
    }
    // 405 must say what is allowed (RFC 9110).
    AllowedMethods allowed = new AllowedMethods(contract.getRawContract());
    router.errorHandler(
        405,
        ctx -> {
          String allow = allowed.allow(ctx.request().path());
          if (allow != null) {
            ctx.response().putHeader(HttpHeaders.ALLOW, allow);
          }
          failures.handle(ctx);
        });
    return router;
  }

  /**
   * The contract given to the validator: the description without its responses' {@code content} and
   * without security requirements and schemes (see the class comment).
   *
   * @param yaml the description as it is served
   * @return the validator's contract
   * @throws IllegalStateException when the description is not a YAML mapping
   */
  static JsonObject validationContract(Buffer yaml) {
    Object parsed =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(yaml.toString(StandardCharsets.UTF_8));
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalStateException("the OpenAPI description is not a YAML mapping");
    }
    @SuppressWarnings("unchecked")
    JsonObject contract = new JsonObject((Map<String, Object>) map).copy();
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation) {
          stripContent(operation.getJsonObject("responses"));
          operation.remove("security");
          stripFormBody(operation);
        }
      }
    }
    JsonObject components = contract.getJsonObject("components", new JsonObject());
    stripContent(components.getJsonObject("responses"));
    components.remove("securitySchemes");
    return contract;
  }

  /**
   * Removes a request body that is only {@code application/x-www-form-urlencoded} (for example an
   * OpenID4VP {@code direct_post} response URI), a media type vertx-openapi 5.0 refuses: the
   * operation's handler reads and checks the form itself.
   */
  private static void stripFormBody(JsonObject operation) {
    if (operation.getValue("requestBody") instanceof JsonObject body
        && body.getValue("content") instanceof JsonObject content
        && content.size() == 1
        && content.containsKey(FORM)) {
      operation.remove("requestBody");
    }
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
}
