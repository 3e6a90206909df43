/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import kr.consentledger.consent.ConsentEventFeed;
import kr.consentledger.consent.ConsentLedger;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.core.PresentationVerifier;

/**
 * The consent service's own meters, on the registry {@code /metrics} exposes:
 *
 * <ul>
 *   <li>{@code consent_outbox_depth} and {@code consent_outbox_oldest_age_seconds}: the outbox
 *       items not yet completed and the age of the oldest, read every few seconds ({@link
 *       #outbox});
 *   <li>{@code consent_outbox_batch_size} (by {@code kind}): statements per ledger transaction;
 *   <li>{@code consent_outbox_commit_seconds} (by {@code kind}, {@code outcome}): from the
 *       submission of a transaction to its commit status;
 *   <li>{@code consent_event_feed_lag_blocks}: the chain height the ledger mirror has seen, less
 *       one, less the block of the last event the read model applied; {@code
 *       consent_event_feed_connected}: 1 while the event stream is open;
 *   <li>{@code consent_verifications_total} (by {@code decision}, {@code reason}): {@code POST
 *       /verifications} decisions, the reason being the first failed check's code ({@code none} for
 *       an allow).
 * </ul>
 *
 * <p>Every tag value comes from a closed set (kinds, outcomes, check codes), and meters are cached
 * by it, so recording allocates nothing per request.
 */
public final class ConsentMetrics {
  private final MeterRegistry registry;
  private final Map<OutboxItem.Kind, DistributionSummary> batchSizes =
      new EnumMap<>(OutboxItem.Kind.class);
  private final Map<OutboxItem.Kind, Timer> committed = new EnumMap<>(OutboxItem.Kind.class);
  private final Map<OutboxItem.Kind, Timer> failed = new EnumMap<>(OutboxItem.Kind.class);
  private final Map<String, Counter> denials = new ConcurrentHashMap<>();
  private final Counter allowed;
  private volatile long depth;
  private volatile double oldestSeconds;
  private volatile long appliedBlock = -1;
  private volatile boolean feedOpen;
  private final LongSupplier chainHeight;

  /**
   * Registers the meters.
   *
   * @param registry the registry
   * @param chainHeight the number of blocks of the channel as far as the service knows (the ledger
   *     mirror's height), -1 when unknown
   */
  public ConsentMetrics(MeterRegistry registry, LongSupplier chainHeight) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.chainHeight = Objects.requireNonNull(chainHeight, "chainHeight");
    for (OutboxItem.Kind kind : OutboxItem.Kind.values()) {
      String tag = kind.name().toLowerCase(java.util.Locale.ROOT);
      batchSizes.put(
          kind,
          DistributionSummary.builder("consent.outbox.batch.size")
              .description("Statements per ledger transaction")
              .tag("kind", tag)
              .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500)
              .register(registry));
      committed.put(kind, commitTimer(tag, "committed"));
      failed.put(kind, commitTimer(tag, "failed"));
    }
    Gauge.builder("consent.outbox.depth", this, m -> m.depth)
        .description("Outbox items pending or submitted")
        .register(registry);
    Gauge.builder("consent.outbox.oldest.age", this, m -> m.oldestSeconds)
        .description("Age of the oldest outbox item not completed")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("consent.event.feed.lag", this, ConsentMetrics::lag)
        .description("Blocks between the chain height and the last event applied")
        .baseUnit("blocks")
        .register(registry);
    Gauge.builder("consent.event.feed.connected", this, m -> m.feedOpen ? 1 : 0)
        .description("1 while the chaincode event stream is open")
        .register(registry);
    allowed = verification("allow", "none");
  }

  private Timer commitTimer(String kind, String outcome) {
    return Timer.builder("consent.outbox.commit")
        .description("From the submission of a ledger transaction to its commit status")
        .tags("kind", kind, "outcome", outcome)
        .register(registry);
  }

  private Counter verification(String decision, String reason) {
    return Counter.builder("consent.verifications")
        .description("POST /verifications decisions")
        .tags("decision", decision, "reason", reason)
        .register(registry);
  }

  private double lag() {
    long height = chainHeight.getAsLong();
    long applied = appliedBlock;
    return height < 0 || applied < 0 ? Double.NaN : Math.max(0, height - 1 - applied);
  }

  /**
   * Records the outbox and the event feed's position, read from the database.
   *
   * @param waiting items pending or submitted
   * @param oldestAgeSeconds the oldest one's age, 0 when none
   * @param checkpointBlock the block of the last event the read model applied, -1 for none
   */
  public void outbox(long waiting, double oldestAgeSeconds, long checkpointBlock) {
    depth = waiting;
    oldestSeconds = oldestAgeSeconds;
    appliedBlock = checkpointBlock;
  }

  /**
   * Counts a decision of {@code POST /verifications}.
   *
   * @param result the decision
   */
  public void decision(PresentationVerifier.Result result) {
    if (result.allowed()) {
      allowed.increment();
      return;
    }
    String reason = "unknown";
    for (PresentationVerifier.Check check : result.checks()) {
      if (!check.passed() && check.code() != null) {
        reason = check.code();
        break;
      }
    }
    denials.computeIfAbsent(reason, r -> verification("deny", r)).increment();
  }

  /**
   * Whether the chaincode event stream is open.
   *
   * @return true while it is
   */
  public boolean feedConnected() {
    return feedOpen;
  }

  /**
   * The ledger with its batch sizes and submit-to-commit times measured.
   *
   * @param ledger the ledger
   * @return the measured ledger
   */
  public ConsentLedger metered(ConsentLedger ledger) {
    Objects.requireNonNull(ledger, "ledger");
    return new ConsentLedger() {
      @Override
      public Future<Submitted> submit(OutboxItem.Kind kind, List<String> statements) {
        long started = System.nanoTime();
        batchSizes.get(kind).record(statements.size());
        return ledger.submit(kind, statements).map(s -> new Timed(s, kind, started));
      }

      @Override
      public Future<BatchResult> awaitCommit(Submitted submitted) {
        if (!(submitted instanceof Timed timed)) {
          return ledger.awaitCommit(submitted);
        }
        return ledger
            .awaitCommit(timed.inner())
            .onComplete(
                done ->
                    (done.succeeded() ? committed : failed)
                        .get(timed.kind())
                        .record(System.nanoTime() - timed.started(), TimeUnit.NANOSECONDS));
      }
    };
  }

  private record Timed(ConsentLedger.Submitted inner, OutboxItem.Kind kind, long started)
      implements ConsentLedger.Submitted {
    @Override
    public String transactionId() {
      return inner.transactionId();
    }
  }

  /**
   * The event feed, with whether its stream is open tracked ({@link #feedConnected}): open from a
   * successful {@code open} until the stream fails, ends or is closed.
   *
   * @param feed the feed
   * @return the tracked feed
   */
  public ConsentEventFeed tracked(ConsentEventFeed feed) {
    Objects.requireNonNull(feed, "feed");
    return from -> {
      ConsentEventFeed.Stream stream = feed.open(from);
      feedOpen = true;
      return new ConsentEventFeed.Stream() {
        @Override
        public boolean hasNext() {
          try {
            boolean more = stream.hasNext();
            feedOpen = more;
            return more;
          } catch (RuntimeException e) {
            feedOpen = false;
            throw e;
          }
        }

        @Override
        public ConsentEventFeed.Event next() {
          return stream.next();
        }

        @Override
        public void close() {
          feedOpen = false;
          stream.close();
        }
      };
    };
  }
}
