/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The services' HTTP(S) API through the JDK's client: JSON in and out, RFC 9457 problems turned
 * into {@link Refusal}s with the service's {@code code}. With a CA file, only certificates of that
 * CA are trusted (the local CA of {@code network/scripts/service-tls.sh}); without, the JDK's.
 */
final class ServiceHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;

  ServiceHttp(Path caPem) {
    HttpClient.Builder b =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
    if (caPem != null) {
      b.sslContext(trusting(caPem));
    }
    client = b.build();
  }

  private static SSLContext trusting(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new UsageError("--ca " + caPem + ": no certificate in the file");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException e) {
      throw new UsageError("--ca " + caPem + ": cannot be read (" + e.getMessage() + ")");
    } catch (GeneralSecurityException e) {
      throw new UsageError("--ca " + caPem + ": not a PEM certificate (" + e.getMessage() + ")");
    }
  }

  /**
   * Sends a request and returns the JSON answer (an empty object for a 204).
   *
   * @param method GET, POST or DELETE
   * @param uri the URL
   * @param body the JSON body, or null
   * @param authorization the {@code Authorization} header, or null
   * @param accept the {@code Accept} header
   * @return the answer's JSON
   * @throws Refusal for a 4xx or 5xx answer (its problem code), or when nothing answered
   */
  JsonNode send(String method, URI uri, JsonNode body, String authorization, String accept) {
    HttpResponse<String> answer =
        exchange(
            method,
            uri,
            body == null ? null : "application/json",
            body == null ? null : body.toString(),
            authorization,
            accept);
    return answer(answer);
  }

  /**
   * Sends a request with any body and returns the answer's text.
   *
   * @param method the HTTP method
   * @param uri the URL
   * @param contentType the body's media type, or null without a body
   * @param body the body, or null
   * @param accept the {@code Accept} header
   * @return the text of a 2xx answer
   * @throws Refusal for a 4xx or 5xx answer (its problem code), or when nothing answered
   */
  String sendText(String method, URI uri, String contentType, String body, String accept) {
    HttpResponse<String> answer = exchange(method, uri, contentType, body, null, accept);
    if (answer.statusCode() >= 200 && answer.statusCode() < 300) {
      return answer.body() == null ? "" : answer.body();
    }
    answer(answer);
    throw new IllegalStateException("unreachable");
  }

  private HttpResponse<String> exchange(
      String method,
      URI uri,
      String contentType,
      String body,
      String authorization,
      String accept) {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", accept);
    if (body != null) {
      r.header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      r.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    HttpResponse<String> answer;
    try {
      answer = client.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new Refusal("UNREACHABLE", "nothing answers at " + origin(uri) + ": " + why(e));
    } catch (HttpTimeoutException e) {
      throw new Refusal("TIMEOUT", origin(uri) + " did not answer within " + TIMEOUT);
    } catch (SSLException e) {
      throw new Refusal(
          "TLS_FAILED",
          "TLS with " + origin(uri) + " failed (" + why(e) + "); give the services' CA with --ca");
    } catch (IOException e) {
      throw new Refusal("UNREACHABLE", origin(uri) + ": " + why(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refusal("INTERRUPTED", "interrupted");
    }
    return answer;
  }

  private static JsonNode answer(HttpResponse<String> answer) {
    int status = answer.statusCode();
    String text = answer.body() == null ? "" : answer.body();
    if (status >= 200 && status < 300) {
      return text.isBlank() ? Output.object() : Output.parse(text);
    }
    // problem+json, or a resolution result (application/did-resolution) with its error.
    String type = answer.headers().firstValue("Content-Type").orElse("");
    JsonNode problem = null;
    if ((type.toLowerCase(Locale.ROOT).contains("json")
            || type.toLowerCase(Locale.ROOT).contains("did-resolution")
            || text.stripLeading().startsWith("{"))
        && !text.isBlank()) {
      try {
        problem = Output.parse(text);
      } catch (Refusal notJson) {
        problem = null;
      }
    }
    String code = "HTTP_" + status;
    String detail = text.isBlank() ? "HTTP " + status : abbreviate(text);
    if (problem != null && problem.isObject()) {
      if (problem.hasNonNull("code")) {
        code = problem.get("code").asText();
      } else if (problem.path("didResolutionMetadata").hasNonNull("error")) {
        code = problem.path("didResolutionMetadata").get("error").asText();
      } else if (problem.path("didDocumentMetadata").path("deactivated").asBoolean(false)) {
        // DID Resolution: a deactivated DID is a result (410), not an error.
        code = "deactivated";
        detail = "the DID was deactivated";
      }
      JsonNode d = problem.hasNonNull("detail") ? problem.get("detail") : problem.get("title");
      if (d == null) {
        d = problem.path("didResolutionMetadata").get("errorMessage");
      }
      if (d != null && !d.isNull()) {
        detail = d.asText();
      } else if (!"deactivated".equals(code)) {
        detail = "HTTP " + status;
      }
    }
    throw new Refusal(code, detail, status, problem);
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static String why(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static String abbreviate(String text) {
    String t = text.strip();
    return t.length() <= 200 ? t : t.substring(0, 200) + "…";
  }
}
