/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import java.util.Locale;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.DidRegistrar;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.did.DidOperation;

/**
 * The DID registrar a wallet uses for did:fabric: it reads the signed operation (the SDK's parser:
 * JOSE rules, shape), checks that it is the operation the caller asked for, and relays it to the
 * ledger, where the chaincode verifies it against the DID's own keys. The service adds no authority
 * of its own: whoever holds the operation could submit it.
 */
public final class DidRegistrations {
  private final DidRegistrar registrar;

  /**
   * Creates the use case.
   *
   * @param registrar the ledger's registrar, or null when no ledger is configured (every
   *     registration then answers {@code SERVICE_UNAVAILABLE})
   */
  public DidRegistrations(DidRegistrar registrar) {
    this.registrar = registrar;
  }

  /**
   * A committed registration.
   *
   * @param did the DID the operation was about
   * @param registered what the ledger answered
   */
  public record Result(String did, DidRegistrar.Registered registered) {}

  /**
   * Registers an operation.
   *
   * @param expected the operation the caller asked for ({@code /1.0/create} is {@code CREATE})
   * @param jws the signed operation
   * @param did the DID the caller named, or null
   * @return the committed result, or a failed future with a {@link ConsentException}
   */
  public Future<Result> register(DidRegistrar.Operation expected, String jws, String did) {
    DidOperation op;
    try {
      op = DidOperation.parse(jws);
    } catch (RejectedException e) {
      return Future.failedFuture(Rejections.problem(e));
    }
    if (!op.type().name().equals(expected.name())) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.INVALID_STATEMENT,
              "the operation is a "
                  + op.type().name().toLowerCase(Locale.ROOT)
                  + ", not a "
                  + expected.name().toLowerCase(Locale.ROOT)));
    }
    if (did != null && !did.equals(op.did())) {
      return Future.failedFuture(
          new ConsentException(
              ProblemCode.STATEMENT_MISMATCH, "the request's did is not the operation's did"));
    }
    if (registrar == null) {
      return Future.failedFuture(
          new ConsentException(ProblemCode.SERVICE_UNAVAILABLE, "no ledger is configured"));
    }
    return registrar
        .submit(expected, jws)
        .map(r -> new Result(op.did(), r))
        .recover(e -> Future.failedFuture(problem(e)));
  }

  /**
   * The service's problem for a ledger failure: the chaincode's refusal under its code, anything
   * else as the ledger not answering.
   *
   * @param failure what the registrar failed with
   * @return the problem
   */
  static ConsentException problem(Throwable failure) {
    if (failure instanceof ConsentException e) {
      return e;
    }
    if (failure instanceof LedgerException e
        && e.kind() == LedgerException.Kind.CHAINCODE_REFUSED) {
      return new ConsentException(chaincodeCode(e.code()), e.getMessage());
    }
    return new ConsentException(
        ProblemCode.SERVICE_UNAVAILABLE, "the ledger did not answer; try again");
  }

  /**
   * Every code the {@code dids} contract refuses an operation with, as the service spells it.
   *
   * @param code the chaincode's code
   * @return the service's code; INTERNAL_ERROR for a code no operation can cause (a service bug)
   */
  static ProblemCode chaincodeCode(String code) {
    return switch (code == null ? "" : code) {
      case "MALFORMED_JWS" -> ProblemCode.MALFORMED_JWT;
      case "UNSUPPORTED_ALGORITHM" -> ProblemCode.UNSUPPORTED_ALGORITHM;
      case "UNSUPPORTED_HEADER" -> ProblemCode.UNSUPPORTED_HEADER;
      case "WRONG_TYPE" -> ProblemCode.WRONG_TYPE;
      case "INVALID_OPERATION",
          "INVALID_DOCUMENT",
          "INVALID_DID",
          "DID_MISMATCH",
          "INVALID_STATEMENT" ->
          ProblemCode.INVALID_STATEMENT;
      case "DID_ALREADY_EXISTS" -> ProblemCode.DID_ALREADY_EXISTS;
      case "DID_NOT_FOUND" -> ProblemCode.DID_NOT_FOUND;
      case "VERSION_MISMATCH" -> ProblemCode.VERSION_MISMATCH;
      case "DID_DEACTIVATED", "DEACTIVATED" -> ProblemCode.DID_DEACTIVATED;
      case "NOT_AUTHORISED", "NOT_CONTROLLER", "UNKNOWN_KEY" -> ProblemCode.NOT_AUTHORISED;
      case "BAD_SIGNATURE" -> ProblemCode.BAD_SIGNATURE;
      case "UNKNOWN_DID" -> ProblemCode.UNKNOWN_DID;
      case "ARGUMENT_TOO_LONG" -> ProblemCode.PAYLOAD_TOO_LARGE;
      default -> ProblemCode.INTERNAL_ERROR;
    };
  }
}
