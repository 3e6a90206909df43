/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A refusal: the consent service, the resolver or the wallet itself said no. The command ends with
 * exit code 1 and {@code error: CODE: detail} on standard error.
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;
  private final transient JsonNode problem;

  Refusal(String code, String detail) {
    this(code, detail, 0, null);
  }

  Refusal(String code, String detail, int status, JsonNode problem) {
    super(detail);
    this.code = code;
    this.status = status;
    this.problem = problem;
  }

  /** The stable code: the service's problem code, or the wallet's own. */
  String code() {
    return code;
  }

  /** The HTTP status, or 0 when no service answered. */
  int status() {
    return status;
  }

  /** The problem+json the service answered, or null. */
  JsonNode problem() {
    return problem;
  }
}
