/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.core.CheckCode;
import kr.consentledger.consent.testing.DocumentedCodes;
import org.junit.jupiter.api.Test;

/**
 * The codes the OpenAPI description documents per operation are real codes, and every code the
 * service can answer is documented somewhere. Which request gives which code is checked against
 * these lists by {@link ProblemCodesTest} and the verifier's own test.
 */
class DocumentedCodesTest {
  /** Codes of the chaincode the service never answers as a problem (a rejected item's code). */
  private static final Set<String> LEDGER_ONLY =
      Set.of("MALFORMED_JWS", "INVALID_ARGUMENT", "ARGUMENT_TOO_LONG", "BATCH_TOO_LARGE");

  private final DocumentedCodes documented = DocumentedCodes.load();

  @Test
  void every_operation_lists_its_problem_codes_and_each_is_a_code_of_the_service() {
    Set<String> known = names(ProblemCode.values());
    assertThat(documented.operations()).isNotEmpty();
    documented
        .operations()
        .forEach(
            o -> {
              assertThat(o.problemCodes()).as(o.id() + " has x-problem-codes").isNotNull();
              assertThat(known).as(o.id()).containsAll(o.problemCodes());
            });
    assertThat(known).containsAll(documented.everyOperation());
  }

  @Test
  void every_code_of_the_service_is_documented_for_some_operation() {
    Set<String> listed = new HashSet<>(documented.everyOperation());
    documented.operations().forEach(o -> listed.addAll(o.problemCodes()));
    Set<String> missing = names(ProblemCode.values());
    missing.removeAll(listed);
    missing.removeAll(LEDGER_ONLY);
    assertThat(missing).isEmpty();
  }

  @Test
  void the_verification_lists_every_check_code() {
    Set<String> checkCodes =
        documented.operations().stream()
            .filter(o -> o.id().equals("verifyPresentationForTransmission"))
            .findFirst()
            .orElseThrow()
            .checkCodes();
    assertThat(checkCodes).containsAll(names(CheckCode.values()));
    Set<String> known = names(ProblemCode.values());
    known.addAll(names(CheckCode.values()));
    assertThat(known).containsAll(checkCodes);
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(HashSet::new));
  }
}
