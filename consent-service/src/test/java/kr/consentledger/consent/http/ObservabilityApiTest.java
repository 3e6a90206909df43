/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import kr.consentledger.consent.ConsentEventFeed;
import kr.consentledger.consent.ConsentLedger;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.core.PresentationVerifier;
import kr.consentledger.consent.ops.ConsentMetrics;
import kr.consentledger.consent.testing.ApiFixture;
import kr.consentledger.http.EdgeConfig;
import kr.consentledger.http.RateLimiter;
import kr.consentledger.http.ServerTls;
import kr.consentledger.service.ServiceMetrics;
import org.junit.jupiter.api.Test;

/** /health/live, /health/ready and /metrics of the consent service, with fakes behind them. */
class ObservabilityApiTest {

  @Test
  void ready_is_up_while_every_check_is_and_503_down_naming_the_check_that_is_not()
      throws Exception {
    try (ApiFixture api = new ApiFixture()) {
      AtomicBoolean connected = new AtomicBoolean(true);
      api.observability.readiness("gateway", connected::get, "the gateway peer is not connected");
      HttpResponse<String> up = api.get("/health/ready", null);
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(new JsonObject(up.body()))
          .isEqualTo(
              new JsonObject(
                  "{\"status\":\"UP\",\"checks\":[{\"id\":\"gateway\",\"status\":\"UP\"}]}"));

      connected.set(false);
      HttpResponse<String> down = api.get("/health/ready", null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(down.body()))
          .isEqualTo(
              new JsonObject(
                  "{\"status\":\"DOWN\",\"checks\":[{\"id\":\"gateway\",\"status\":\"DOWN\","
                      + "\"data\":{\"reason\":\"the gateway peer is not connected\"}}]}"));
      assertThat(api.get("/health/live", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_check_that_never_answers_is_down_after_its_timeout_and_shows_no_exception_text()
      throws Exception {
    try (ApiFixture api = new ApiFixture()) {
      api.observability.readiness("postgresql", p -> {});
      api.observability.readiness("boom", p -> p.fail(new IllegalStateException("secret detail")));
      HttpResponse<String> down = api.get("/health/ready", null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"postgresql\"").doesNotContain("secret detail");
    }
  }

  @Test
  void probes_pass_the_edge_when_the_address_is_over_its_limit_and_the_in_flight_cap_is_zero()
      throws Exception {
    EdgeConfig edge =
        new EdgeConfig(
            new RateLimiter.Limit(1, Duration.ofHours(1), 1),
            RateLimiter.Limit.OFF,
            100,
            0,
            0,
            ServerTls.PLAIN);
    try (ApiFixture api = new ApiFixture(edge)) {
      assertThat(api.get("/openapi.yaml", null).statusCode()).isEqualTo(200);
      assertThat(api.get("/openapi.yaml", null).statusCode()).isEqualTo(429);
      for (int i = 0; i < 5; i++) {
        assertThat(api.get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/health/ready", null).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void metrics_show_the_outbox_the_event_feed_and_verification_decisions_by_reason()
      throws Exception {
    try (ApiFixture api = new ApiFixture()) {
      api.metrics.outbox(42, 7.5, 10);
      api.metrics.decision(
          new PresentationVerifier.Result(
              "urn:uuid:1",
              List.of(new PresentationVerifier.Check("signature", true, null, null)),
              null));
      api.metrics.decision(
          new PresentationVerifier.Result(
              "urn:uuid:1",
              List.of(
                  new PresentationVerifier.Check("signature", true, null, null),
                  new PresentationVerifier.Check("purpose", false, "PURPOSE_MISMATCH", "x")),
              null));
      HttpResponse<String> r = api.get("/metrics", null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("consent_outbox_depth 42.0")
          .contains("consent_outbox_oldest_age_seconds 7.5")
          .contains("consent_event_feed_connected 0.0")
          .contains("consent_verifications_total{decision=\"allow\",reason=\"none\"} 1.0")
          .contains(
              "consent_verifications_total{decision=\"deny\",reason=\"PURPOSE_MISMATCH\"} 1.0");
    }
  }

  @Test
  void the_event_feed_lag_is_the_chain_height_less_one_less_the_applied_block() {
    PrometheusMeterRegistry registry = ServiceMetrics.newRegistry();
    ConsentMetrics metrics = new ConsentMetrics(registry, () -> 25);
    assertThat(registry.get("consent.event.feed.lag").gauge().value()).isNaN();
    metrics.outbox(0, 0, 20);
    assertThat(registry.get("consent.event.feed.lag").gauge().value()).isEqualTo(4.0);
    metrics.outbox(0, 0, 24);
    assertThat(registry.get("consent.event.feed.lag").gauge().value()).isZero();
  }

  @Test
  void the_metered_ledger_records_batch_sizes_and_submit_to_commit_times_by_kind() {
    PrometheusMeterRegistry registry = ServiceMetrics.newRegistry();
    ConsentMetrics metrics = new ConsentMetrics(registry, () -> -1);
    ConsentLedger ledger =
        metrics.metered(
            new ConsentLedger() {
              @Override
              public Future<Submitted> submit(OutboxItem.Kind kind, List<String> statements) {
                return Future.succeededFuture(() -> "tx1");
              }

              @Override
              public Future<BatchResult> awaitCommit(Submitted submitted) {
                assertThat(submitted.transactionId()).isEqualTo("tx1");
                return Future.succeededFuture(new BatchResult("tx1", 3, List.of()));
              }
            });
    ConsentLedger.Submitted submitted =
        ledger.submit(OutboxItem.Kind.ANCHOR, List.of("a", "b", "c")).await();
    assertThat(submitted.transactionId()).isEqualTo("tx1");
    assertThat(ledger.awaitCommit(submitted).await().blockNumber()).isEqualTo(3);
    assertThat(registry.get("consent.outbox.batch.size").tag("kind", "anchor").summary().count())
        .isEqualTo(1);
    assertThat(
            registry.get("consent.outbox.batch.size").tag("kind", "anchor").summary().totalAmount())
        .isEqualTo(3.0);
    assertThat(
            registry
                .get("consent.outbox.commit")
                .tags("kind", "anchor", "outcome", "committed")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void the_tracked_event_feed_is_connected_from_open_until_the_stream_fails_or_closes()
      throws Exception {
    ConsentMetrics metrics = new ConsentMetrics(ServiceMetrics.newRegistry(), () -> -1);
    AtomicBoolean fail = new AtomicBoolean();
    ConsentEventFeed feed =
        metrics.tracked(
            from ->
                new ConsentEventFeed.Stream() {
                  final Iterator<ConsentEventFeed.Event> none =
                      List.<ConsentEventFeed.Event>of().iterator();

                  @Override
                  public boolean hasNext() {
                    if (fail.get()) {
                      throw new IllegalStateException("peer gone");
                    }
                    return true;
                  }

                  @Override
                  public ConsentEventFeed.Event next() {
                    return none.next();
                  }

                  @Override
                  public void close() {}
                });
    assertThat(metrics.feedConnected()).isFalse();
    ConsentEventFeed.Stream stream = feed.open(null);
    assertThat(metrics.feedConnected()).isTrue();
    assertThat(stream.hasNext()).isTrue();
    assertThat(metrics.feedConnected()).isTrue();
    fail.set(true);
    assertThatThrownBy(stream::hasNext).isInstanceOf(IllegalStateException.class);
    assertThat(metrics.feedConnected()).isFalse();
    feed.open(null).close();
    assertThat(metrics.feedConnected()).isFalse();
  }
}
