/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import kr.consentledger.resolver.http.ResolverHttpApi;
import org.junit.jupiter.api.Test;

/**
 * consent-service's tests have did-resolver on their class path too (they start it as a process):
 * each service's OpenAPI description is found under its own name, and none at the root.
 */
class ContractResourcesTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = ContractResourcesTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void eachServiceFindsItsOwnContractOnAClassPathThatHasBoth() throws IOException {
    assertThat(resource(ConsentHttpApi.CONTRACT)).contains("operationId: submitConsent");
    assertThat(resource(ResolverHttpApi.CONTRACT))
        .contains("/1.0/identifiers/{did}")
        .doesNotContain("submitConsent");
    assertThat(ContractResourcesTest.class.getClassLoader().getResource("openapi.yaml")).isNull();
  }
}
