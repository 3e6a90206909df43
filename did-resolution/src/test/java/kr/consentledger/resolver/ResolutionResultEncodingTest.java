/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResolutionResultEncodingTest {
  static final String DID = "did:example:123";

  final ResolutionResult result =
      ResolutionResult.of(new JsonObject().put("id", DID), new JsonObject().put("versionId", "1"));

  @Test
  void the_document_and_the_result_are_each_encoded_once_however_often_they_are_sent() {
    byte[] document = result.documentBytes();
    byte[] whole = result.resultBytes();

    for (int i = 0; i < 3; i++) {
      result.encodedDocument();
      result.encodedResult();
    }

    assertThat(result.documentBytes()).isSameAs(document);
    assertThat(result.resultBytes()).isSameAs(whole);
  }

  @Test
  void the_encoded_forms_are_the_encode_methods_text() {
    assertThat(result.encodedDocument().toString(StandardCharsets.UTF_8))
        .isEqualTo(result.encodeDocument());
    assertThat(result.encodedResult().toString(StandardCharsets.UTF_8)).isEqualTo(result.encode());
    assertThat(new JsonObject(result.encodedResult()).getJsonObject("didDocument").getString("id"))
        .isEqualTo(DID);
  }

  @Test
  void a_result_without_a_document_has_no_encoded_document() {
    ResolutionResult error = ResolutionResult.ofError(ResolutionError.NOT_FOUND, "no such DID");

    assertThat(error.encodedDocument()).isNull();
    assertThat(
            new JsonObject(error.encodedResult())
                .getJsonObject("didResolutionMetadata")
                .getString("error"))
        .isEqualTo("notFound");
  }
}
