/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The problem codes the OpenAPI description documents: {@code x-problem-codes} of each operation,
 * {@code x-check-codes} of the verification, and {@code info.x-problem-codes-every-operation}.
 */
public final class DocumentedCodes {
  /** One operation of the description. */
  public record Operation(
      String id, String method, Pattern path, Set<String> problemCodes, Set<String> checkCodes) {}

  private final List<Operation> operations;
  private final Set<String> everyOperation;

  private DocumentedCodes(List<Operation> operations, Set<String> everyOperation) {
    this.operations = operations;
    this.everyOperation = everyOperation;
  }

  /**
   * Reads consent-service's description from the class path.
   *
   * @return its documented codes
   */
  @SuppressWarnings("unchecked")
  public static DocumentedCodes load() {
    Map<String, Object> doc;
    try (InputStream in =
        DocumentedCodes.class
            .getClassLoader()
            .getResourceAsStream(kr.consentledger.consent.http.ConsentHttpApi.CONTRACT)) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> info = (Map<String, Object>) doc.get("info");
    Set<String> every =
        new LinkedHashSet<>((List<String>) info.get("x-problem-codes-every-operation"));
    List<Operation> ops = new ArrayList<>();
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    for (Map.Entry<String, Object> path : paths.entrySet()) {
      Pattern pattern =
          Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\."));
      for (Map.Entry<String, Object> m : ((Map<String, Object>) path.getValue()).entrySet()) {
        if (!(m.getValue() instanceof Map<?, ?> op) || !op.containsKey("operationId")) {
          continue;
        }
        ops.add(
            new Operation(
                (String) op.get("operationId"),
                m.getKey().toUpperCase(Locale.ROOT),
                pattern,
                codes(op.get("x-problem-codes")),
                codes(op.get("x-check-codes"))));
      }
    }
    return new DocumentedCodes(ops, every);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> codes(Object list) {
    return list == null ? null : new LinkedHashSet<>((List<String>) list);
  }

  /**
   * Returns every operation.
   *
   * @return the operations, in the description's order
   */
  public List<Operation> operations() {
    return operations;
  }

  /**
   * Returns the codes any operation may answer.
   *
   * @return {@code info.x-problem-codes-every-operation}
   */
  public Set<String> everyOperation() {
    return everyOperation;
  }

  /**
   * Returns the operation a response answered.
   *
   * @param response a response of the service
   * @return the operation whose method and path template match its request
   * @throws AssertionError when none matches
   */
  public Operation operationOf(HttpResponse<?> response) {
    String method = response.request().method();
    String path = response.request().uri().getPath();
    return operations.stream()
        .filter(o -> o.method().equals(method) && o.path().matcher(path).matches())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no operation for " + method + " " + path));
  }

  /**
   * Returns the codes documented for a response's operation, including those of every operation.
   *
   * @param response a response of the service
   * @return the codes it may carry
   */
  public Set<String> documentedFor(HttpResponse<?> response) {
    Set<String> all = new LinkedHashSet<>(everyOperation);
    all.addAll(operationOf(response).problemCodes());
    return all;
  }

  /**
   * Returns every documented code by operation id.
   *
   * @return operation id to its problem codes
   */
  public Map<String, Set<String>> byOperation() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    operations.forEach(o -> out.put(o.id(), o.problemCodes()));
    return out;
  }
}
