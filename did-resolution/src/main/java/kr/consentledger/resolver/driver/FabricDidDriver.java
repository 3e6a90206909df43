/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;
import kr.consentledger.resolver.Did;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;

/**
 * Resolves {@code did:fabric:<base58btc id>} from the ledger's {@code dids} contract. The blocking
 * gateway calls run on the given worker executor, never on an event loop.
 */
public final class FabricDidDriver implements DidMethodDriver {
  private static final Pattern VERSION_ID = Pattern.compile("[0-9a-fA-F]{1,128}");
  private static final int MAX_ID_LENGTH = 128;
  private static final Pattern BASE58BTC =
      Pattern.compile("[1-9A-HJ-NP-Za-km-z]{1," + MAX_ID_LENGTH + "}");

  private final WorkerExecutor executor;
  private final DidLedger ledger;

  /**
   * @param executor the named worker pool for ledger calls; owned by the caller
   * @param ledger the ledger
   */
  public FabricDidDriver(WorkerExecutor executor, DidLedger ledger) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public String method() {
    return "fabric";
  }

  @Override
  public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
    try {
      check(did, options);
    } catch (ResolutionException e) {
      return Future.failedFuture(e);
    }
    return executor
        .executeBlocking(() -> call(did, options), false)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                return parse(did, ar.result());
              }
              return Future.failedFuture(map(ar.cause(), options));
            });
  }

  private static void check(String did, ResolutionOptions options) throws ResolutionException {
    Did parsed = Did.parse(did);
    String id = parsed.methodSpecificId();
    if (!parsed.method().equals("fabric")) {
      throw new ResolutionException(ResolutionError.INVALID_DID, "DID rejected: not a did:fabric");
    }
    if (!BASE58BTC.matcher(id).matches()) {
      throw new ResolutionException(
          ResolutionError.INVALID_DID,
          "did:fabric rejected: the id must be 1 to " + MAX_ID_LENGTH + " base58btc characters");
    }
    if (options.versionId() != null && options.versionTime() != null) {
      throw new ResolutionException(
          ResolutionError.INVALID_OPTIONS, "versionId and versionTime cannot be used together");
    }
    if (options.versionId() != null && !VERSION_ID.matcher(options.versionId()).matches()) {
      throw new ResolutionException(
          ResolutionError.INVALID_OPTIONS, "versionId must be hexadecimal");
    }
  }

  private byte[] call(String did, ResolutionOptions options) throws DidLedgerException {
    if (options.versionId() != null) {
      return ledger.resolveVersion(did, options.versionId());
    }
    if (options.versionTime() != null) {
      return ledger.resolveAt(
          did,
          DateTimeFormatter.ISO_INSTANT.format(
              options.versionTime().truncatedTo(ChronoUnit.SECONDS)));
    }
    return ledger.resolve(did);
  }

  private static Future<ResolutionResult> parse(String did, byte[] bytes) {
    try {
      JsonObject record = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
      JsonObject document = record.getJsonObject("didDocument");
      if (document == null || !did.equals(document.getString("id"))) {
        return Future.failedFuture(
            new ResolutionException(
                ResolutionError.INTERNAL_ERROR,
                "the ledger returned no DID document for this DID",
                null,
                null));
      }
      return Future.succeededFuture(
          ResolutionResult.of(document, record.getJsonObject("didDocumentMetadata")));
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(
          new ResolutionException(
              ResolutionError.INTERNAL_ERROR, "the ledger returned malformed JSON", null, e));
    }
  }

  private static Throwable map(Throwable failure, ResolutionOptions options) {
    if (failure instanceof DidLedgerException e && e.code() != null) {
      return switch (e.code()) {
        case "DID_NOT_FOUND" ->
            new ResolutionException(
                ResolutionError.NOT_FOUND, "the DID is not on the ledger", null, e);
        case "VERSION_NOT_FOUND" ->
            new ResolutionException(
                ResolutionError.NOT_FOUND, "the DID has no such version", null, e);
        case "INVALID_ARGUMENT" ->
            new ResolutionException(
                options.isLatest() ? ResolutionError.INVALID_DID : ResolutionError.INVALID_OPTIONS,
                options.isLatest()
                    ? "the ledger rejected the DID"
                    : "the ledger rejected the DID or the version options",
                null,
                e);
        default -> unavailable(failure);
      };
    }
    return unavailable(failure);
  }

  private static ResolutionException unavailable(Throwable failure) {
    return new ResolutionException(
        ResolutionError.INTERNAL_ERROR, "the ledger could not be queried", null, failure);
  }
}
