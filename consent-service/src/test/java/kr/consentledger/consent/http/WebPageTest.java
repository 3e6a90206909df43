/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kr.consentledger.consent.testing.ApiFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web page's files under /app/: served beside the API with their security headers. */
class WebPageTest {
  private static ApiFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ApiFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static void assertSecured(HttpResponse<String> r) {
    WebPage.SECURITY_HEADERS.forEach(
        (name, value) -> assertThat(r.headers().firstValue(name)).as(name).hasValue(value));
  }

  @Test
  void the_page_is_served_under_app_with_a_strict_content_security_policy() throws Exception {
    HttpResponse<String> page = f.get("/app/", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html").contains("UTF-8"));
    assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
    assertSecured(page);
    assertThat(WebPage.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
  }

  @Test
  void modules_and_styles_are_served_with_their_types_and_the_same_headers() throws Exception {
    HttpResponse<String> app = f.get("/app/js/app.js", null);
    HttpResponse<String> css = f.get("/app/app.css", null);

    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
    assertSecured(app);
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
  }

  @Test
  void app_without_its_slash_redirects_to_the_page() throws Exception {
    HttpResponse<String> r = f.get("/app", null);

    assertThat(r.statusCode()).isEqualTo(308);
    assertThat(r.headers().firstValue("Location")).hasValue("/app/");
  }

  @Test
  void a_missing_file_is_a_problem_not_found_and_other_methods_are_refused() throws Exception {
    HttpResponse<String> missing = f.get("/app/js/nothing.js", null);
    HttpResponse<String> outside = f.get("/app/../pom.xml", null);
    HttpResponse<String> post = f.post("/app/", "{}");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(missing.body()).getString("code")).isEqualTo("NOT_FOUND");
    assertThat(outside.statusCode()).isEqualTo(404);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(new JsonObject(post.body()).getString("code")).isEqualTo("METHOD_NOT_ALLOWED");
  }

  @Test
  void the_api_is_unchanged_beside_the_page() throws Exception {
    HttpResponse<String> openapi = f.get("/openapi.yaml", null);
    HttpResponse<String> status =
        f.send(
            HttpRequest.newBuilder(f.uri("/consents/urn:uuid:6f1c3b0e-2f0a-4b7e-9f51-0c7d8a3e2b11"))
                .GET()
                .build());

    assertThat(openapi.statusCode()).isEqualTo(200);
    assertThat(openapi.body()).doesNotContain("/app/");
    assertThat(openapi.headers().firstValue("Content-Security-Policy")).isEmpty();
    assertThat(status.statusCode()).isEqualTo(404);
  }

  @Test
  void no_file_of_the_page_has_inline_script_style_or_event_handlers() throws IOException {
    Pattern inline =
        Pattern.compile(
            "<script(?![^>]*\\bsrc=)[^>]*>|\\sstyle=|\\son[a-z]+=|javascript:|innerHTML|eval\\(",
            Pattern.CASE_INSENSITIVE);
    Path root = Path.of("src/main/resources", WebPage.WEBROOT);
    List<Path> files;
    try (Stream<Path> all = Files.walk(root)) {
      files = all.filter(Files::isRegularFile).toList();
    }

    assertThat(files).extracting(p -> root.relativize(p).toString()).contains("index.html");
    for (Path file : files) {
      assertThat(inline.matcher(Files.readString(file, StandardCharsets.UTF_8)).find())
          .as(file.toString())
          .isFalse();
    }
  }
}
