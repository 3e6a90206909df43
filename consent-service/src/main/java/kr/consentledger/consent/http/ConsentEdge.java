/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.EdgeHandler;
import kr.consentledger.http.EdgeLimits;
import kr.consentledger.http.RateLimiter;
import kr.consentledger.http.ServerTls;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * consent-service's edge ({@link EdgeHandler}): routes whose OpenAPI operation declares {@code
 * security} (DID-auth) are limited per authenticated DID, every other route per client address;
 * problems {@code RATE_LIMITED} (429) and {@code OVERLOADED} (503), both with {@code Retry-After}.
 */
public final class ConsentEdge {
  /** The environment variables' prefix. */
  public static final String PREFIX = "CONSENT";

  /**
   * The defaults: per client address 100 requests a second with bursts of 200, per authenticated
   * DID 50 a second with bursts of 100, 100,000 callers tracked per table, 64 requests in process
   * at once, shedding while the event loop is 30 ms behind, plain HTTP.
   */
  public static final EdgeConfig DEFAULTS =
      new EdgeConfig(
          new RateLimiter.Limit(100, 200),
          new RateLimiter.Limit(50, 100),
          100_000,
          64,
          30,
          ServerTls.PLAIN);

  private ConsentEdge() {}

  static EdgeHandler handler(EdgeLimits limits, OpenAPIContract contract, Buffer document) {
    Set<String> secured = securedOperations(document);
    return new EdgeHandler(
        limits,
        problem(ProblemCode.RATE_LIMITED),
        problem(ProblemCode.OVERLOADED),
        ctx -> secured.contains(operationId(contract, ctx)));
  }

  private static EdgeHandler.Problem problem(ProblemCode code) {
    return new EdgeHandler.Problem(code.type(), code.title(), code.name());
  }

  private static String operationId(OpenAPIContract contract, RoutingContext ctx) {
    try {
      Operation op = contract.findOperation(ctx.normalizedPath(), ctx.request().method());
      return op == null ? null : op.getOperationId();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The operation ids whose operation (or the document) declares a non-empty security requirement.
   */
  static Set<String> securedOperations(Buffer yaml) {
    Object parsed =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(yaml.toString(StandardCharsets.UTF_8));
    Set<String> ids = new HashSet<>();
    if (!(parsed instanceof Map<?, ?> map)) {
      return ids;
    }
    @SuppressWarnings("unchecked")
    JsonObject doc = new JsonObject((Map<String, Object>) map);
    JsonArray global = doc.getJsonArray("security", new JsonArray());
    JsonObject paths = doc.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && op.getString("operationId") != null) {
          JsonArray security = op.getJsonArray("security", global);
          if (!security.isEmpty()) {
            ids.add(op.getString("operationId"));
          }
        }
      }
    }
    return ids;
  }
}
