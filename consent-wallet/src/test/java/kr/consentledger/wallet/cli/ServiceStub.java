/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small in-process HTTP server standing in for consent-service and the resolver: answers are set
 * per "METHOD path" (query included), every request is recorded.
 */
final class ServiceStub implements AutoCloseable {
  record Request(String method, String path, String authorization, String body) {}

  record Answer(int status, String contentType, String body) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final Map<String, Answer> answers = new ConcurrentHashMap<>();

  /** Answers computed per request, by "METHOD path"; they win over {@link #answers}. */
  final Map<String, Function<Request, Answer>> handlers = new ConcurrentHashMap<>();

  /** The next index {@code POST /status-list-reservations} reserves. */
  final AtomicLong nextIndex = new AtomicLong(94567);

  private final HttpServer server;

  ServiceStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    answer(
        "POST /auth/challenges",
        201,
        "{\"challenge\":\""
            + "Y2hhbGxlbmdlLWNoYWxsZW5nZS1jaGFsbGVuZ2UtMzI"
            + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
    handlers.put(
        "POST /status-list-reservations",
        r -> {
          if (r.authorization() == null) {
            return new Answer(
                401, "application/problem+json", "{\"code\":\"UNAUTHENTICATED\",\"detail\":\"x\"}");
          }
          long i = nextIndex.getAndIncrement();
          String list = url() + "/status-lists/1";
          return new Answer(
              201,
              "application/json",
              "{\"credentialStatus\":{\"id\":\""
                  + list
                  + "#"
                  + i
                  + "\",\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\","
                  + "\"statusListIndex\":\""
                  + i
                  + "\",\"statusListCredential\":\""
                  + list
                  + "\"},\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
        });
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(String key, int status, String json) {
    answers.put(key, new Answer(status, "application/json", json));
  }

  void problem(String key, int status, String code, String detail) {
    answers.put(
        key,
        new Answer(
            status,
            "application/problem+json",
            "{\"type\":\"https://consentledger.kr/problems/x\",\"title\":\"t\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\",\"code\":\""
                + code
                + "\"}"));
  }

  Request last(String method, String pathPrefix) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      Request r = requests.get(i);
      if (r.method().equals(method) && r.path().startsWith(pathPrefix)) {
        return r;
      }
    }
    throw new AssertionError("no " + method + " " + pathPrefix + " in " + requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (ex.getRequestURI().getRawQuery() != null) {
      path += "?" + ex.getRequestURI().getRawQuery();
    }
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request =
        new Request(
            ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"), body);
    requests.add(request);
    Function<Request, Answer> handler = handlers.get(ex.getRequestMethod() + " " + path);
    Answer a =
        handler != null ? handler.apply(request) : answers.get(ex.getRequestMethod() + " " + path);
    if (a == null) {
      a =
          new Answer(
              404, "application/problem+json", "{\"code\":\"NOT_FOUND\",\"detail\":\"stub\"}");
    }
    ex.getResponseHeaders().add("Content-Type", a.contentType());
    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
    if (a.status() == 204) {
      ex.sendResponseHeaders(204, -1);
    } else {
      ex.sendResponseHeaders(a.status(), bytes.length);
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
