/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.core.AuditService;
import kr.consentledger.consent.core.DidAuthenticator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The auditor API, every route with DID-auth as an active registered auditor. History and party
 * activity export as JSON (the default) or CSV ({@code ?format=csv} or {@code Accept: text/csv}).
 */
final class AuditRouter {
  static final String CSV = "text/csv; charset=utf-8";

  /** The path of the integrity jobs; a job is this plus its id. */
  static final String JOBS = "/audit/integrity/";

  private static final String[] HISTORY_COLUMNS = {
    "consentId",
    "event",
    "status",
    "transactionId",
    "blockNumber",
    "timestamp",
    "signers",
    "receiptId",
    "provider",
    "recipient",
    "categories",
    "statementHash"
  };
  private static final String[] PARTY_COLUMNS = {
    "consentId",
    "entry",
    "roles",
    "status",
    "subject",
    "provider",
    "recipient",
    "receiptId",
    "categories",
    "time",
    "transactionId",
    "blockNumber"
  };

  private final AuditService service;
  private final DidAuthenticator authenticator;

  AuditRouter(AuditService service, DidAuthenticator authenticator) {
    this.service = service;
    this.authenticator = authenticator;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("getConsentHistory").addHandler(this::consentHistory);
    builder.getRoute("getPartyHistory").addHandler(this::partyHistory);
    builder.getRoute("getTransactionProof").addHandler(this::proof);
    builder.getRoute("checkIntegrity").addHandler(this::integrity);
    builder.getRoute("getIntegrityJob").addHandler(this::integrityJob);
    builder.getRoute("getIntegrityReport").addHandler(this::integrityReport);
  }

  /** The authenticated caller and the service, or the failure (401 before 503). */
  private Future<String> caller(RoutingContext ctx) {
    return authenticator
        .authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(
            did ->
                service == null
                    ? Future.failedFuture(
                        new ConsentException(
                            ProblemCode.SERVICE_UNAVAILABLE, "no ledger is configured for audits"))
                    : Future.succeededFuture(did));
  }

  private void consentHistory(RoutingContext ctx) {
    String consentId = ctx.pathParam("consentId");
    int page;
    int size;
    try {
      page = integer(ctx.queryParams().get("page"), 0, "page");
      size = integer(ctx.queryParams().get("size"), AuditService.MAX_PAGE_SIZE, "size");
    } catch (ConsentException e) {
      ctx.fail(e);
      return;
    }
    respond(
        ctx,
        caller(ctx)
            .compose(did -> service.consentHistory(did, consentId, page, size))
            .onSuccess(
                h ->
                    ctx.response()
                        .putHeader("X-Total-Count", String.valueOf(h.getInteger("total")))),
        "consent-history.csv",
        HISTORY_COLUMNS,
        h -> {
          List<JsonObject> rows = new ArrayList<>();
          h.getJsonArray("entries")
              .forEach(e -> rows.add(((JsonObject) e).copy().put("consentId", consentId)));
          return rows;
        });
  }

  private void partyHistory(RoutingContext ctx) {
    String did = ctx.pathParam("did");
    Instant from;
    Instant to;
    int page;
    int size;
    try {
      from = instant(ctx.queryParams().get("from"), Instant.EPOCH, "from");
      to = instant(ctx.queryParams().get("to"), Instant.now().plusSeconds(1), "to");
      page = integer(ctx.queryParams().get("page"), 0, "page");
      size = integer(ctx.queryParams().get("size"), 100, "size");
    } catch (ConsentException e) {
      ctx.fail(e);
      return;
    }
    respond(
        ctx,
        caller(ctx)
            .compose(caller -> service.partyHistory(caller, did, from, to, page, size))
            .onSuccess(
                h -> ctx.response().putHeader("X-Total-Count", String.valueOf(h.getLong("total")))),
        "party-history.csv",
        PARTY_COLUMNS,
        h -> {
          List<JsonObject> rows = new ArrayList<>();
          for (Object o : h.getJsonArray("consents")) {
            JsonObject c = (JsonObject) o;
            rows.add(c.copy().put("entry", "consent").put("time", c.getString("updatedAt")));
            for (Object r : c.getJsonArray("receipts", new JsonArray())) {
              rows.add(
                  ((JsonObject) r)
                      .copy()
                      .put("entry", "receipt")
                      .put("consentId", c.getString("consentId"))
                      .put("roles", c.getJsonArray("roles"))
                      .put("subject", c.getString("subject"))
                      .put("time", ((JsonObject) r).getString("recordedAt")));
            }
          }
          return rows;
        });
  }

  /** Answers JSON, or CSV with one row per object from {@code rows}, a column per member. */
  private static void respond(
      RoutingContext ctx,
      Future<JsonObject> result,
      String filename,
      String[] columns,
      Function<JsonObject, List<JsonObject>> rows) {
    boolean csv = wantsCsv(ctx);
    result
        .onSuccess(
            body -> {
              if (csv) {
                csv(ctx, filename, columns, rows.apply(body));
              } else {
                ConsentsRouter.json(ctx, 200, body);
              }
            })
        .onFailure(ctx::fail);
  }

  private void proof(RoutingContext ctx) {
    String txId = ctx.pathParam("txId");
    caller(ctx)
        .compose(did -> service.proof(did, txId))
        .onSuccess(p -> ConsentsRouter.json(ctx, 200, p))
        .onFailure(ctx::fail);
  }

  /** Starts the integrity job: 202 with the job and its Location. */
  private void integrity(RoutingContext ctx) {
    caller(ctx)
        .compose(service::startIntegrity)
        .onSuccess(
            job -> {
              String location = JOBS + job.jobId();
              ctx.response().putHeader(HttpHeaders.LOCATION, location);
              ConsentsRouter.json(ctx, 202, job.toJson(location));
            })
        .onFailure(ctx::fail);
  }

  private void integrityJob(RoutingContext ctx) {
    String jobId = ctx.pathParam("jobId");
    caller(ctx)
        .compose(did -> service.integrityJob(did, jobId))
        .onSuccess(job -> ConsentsRouter.json(ctx, 200, job.toJson(JOBS + job.jobId())))
        .onFailure(ctx::fail);
  }

  /** One page of a job's mismatches, with a Link to the next page. */
  private void integrityReport(RoutingContext ctx) {
    String jobId = ctx.pathParam("jobId");
    String after = ctx.queryParams().get("after");
    int size;
    try {
      size = integer(ctx.queryParams().get("size"), 100, "size");
    } catch (ConsentException e) {
      ctx.fail(e);
      return;
    }
    caller(ctx)
        .compose(did -> service.integrityReport(did, jobId, after, size))
        .onSuccess(
            page -> {
              String next = page.getString("next");
              if (next != null) {
                ctx.response()
                    .putHeader(
                        "Link",
                        "<"
                            + JOBS
                            + jobId
                            + "/mismatches?size="
                            + size
                            + "&after="
                            + URLEncoder.encode(next, StandardCharsets.UTF_8)
                            + ">; rel=\"next\"");
              }
              ConsentsRouter.json(ctx, 200, page);
            })
        .onFailure(ctx::fail);
  }

  static boolean wantsCsv(RoutingContext ctx) {
    String format = ctx.queryParams().get("format");
    if (format != null) {
      return "csv".equals(format);
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.toLowerCase(Locale.ROOT).startsWith("text/csv");
  }

  private static void csv(
      RoutingContext ctx, String filename, String[] columns, List<JsonObject> rows) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer =
        new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(columns).get())) {
      for (JsonObject row : rows) {
        List<String> cells = new ArrayList<>(columns.length);
        for (String column : columns) {
          Object value = row.getValue(column);
          cells.add(value instanceof JsonArray a ? joined(a) : text(value));
        }
        printer.printRecord(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, CSV)
        .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
        .end(out.toString());
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  private static String joined(JsonArray values) {
    if (values == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    values.forEach(v -> parts.add(String.valueOf(v)));
    return String.join(" ", parts);
  }

  private static Instant instant(String value, Instant absent, String name) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ConsentException(
          ProblemCode.VALIDATION_FAILED,
          name + " must be an RFC 3339 UTC time such as 2026-11-22T00:00:00Z");
    }
  }

  static int integer(String value, int absent, String name) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ConsentException(ProblemCode.VALIDATION_FAILED, name + " must be an integer");
    }
  }
}
