/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import kr.consentledger.consent.pg.PgDatabase;
import kr.consentledger.network.gateway.GatewayEndpoint;
import kr.consentledger.network.gateway.GatewayTimeouts;
import kr.consentledger.network.gateway.LedgerTarget;
import kr.consentledger.service.Env;

/**
 * The service's configuration, parsed once at start-up and passed through constructors.
 *
 * @param host the address to listen on
 * @param port the HTTP port; 0 picks a free one
 * @param database the PostgreSQL database
 * @param ledger the ledger, or null to run without one (nothing is anchored and only did:key and
 *     did:jwk subjects resolve)
 * @param maxTerm the longest validity window a credential may have
 * @param batchSize the most statements per ledger transaction (1 to 500)
 * @param outboxInterval how often the outbox is polled
 * @param outboxLease how long a claimed outbox item is held before it may be claimed again
 * @param ledgerWorkers the size of the worker pool for blocking gateway calls
 * @param outboxCommitHold fault injection for crash tests: how long the outbox waits after a batch
 *     is submitted before it awaits the commit; zero in production
 * @param pipeline the outbox's window and linger, and the backlog's bounds
 */
public record ConsentServiceConfig(
    String host,
    int port,
    PgDatabase database,
    Ledger ledger,
    Duration maxTerm,
    int batchSize,
    Duration outboxInterval,
    Duration outboxLease,
    int ledgerWorkers,
    Duration outboxCommitHold,
    Pipeline pipeline) {

  /** The configuration with the default pipeline. */
  public ConsentServiceConfig(
      String host,
      int port,
      PgDatabase database,
      Ledger ledger,
      Duration maxTerm,
      int batchSize,
      Duration outboxInterval,
      Duration outboxLease,
      int ledgerWorkers,
      Duration outboxCommitHold) {
    this(
        host,
        port,
        database,
        ledger,
        maxTerm,
        batchSize,
        outboxInterval,
        outboxLease,
        ledgerWorkers,
        outboxCommitHold,
        Pipeline.DEFAULT);
  }

  /** The configuration without fault injection. */
  public ConsentServiceConfig(
      String host,
      int port,
      PgDatabase database,
      Ledger ledger,
      Duration maxTerm,
      int batchSize,
      Duration outboxInterval,
      Duration outboxLease,
      int ledgerWorkers) {
    this(
        host,
        port,
        database,
        ledger,
        maxTerm,
        batchSize,
        outboxInterval,
        outboxLease,
        ledgerWorkers,
        Duration.ZERO);
  }

  /** Checks ranges. */
  public ConsentServiceConfig {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(outboxCommitHold, "outboxCommitHold");
    if (outboxCommitHold.isNegative()) {
      throw new IllegalArgumentException("outboxCommitHold must not be negative");
    }
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(maxTerm, "maxTerm");
    Objects.requireNonNull(outboxInterval, "outboxInterval");
    Objects.requireNonNull(outboxLease, "outboxLease");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (maxTerm.isNegative() || maxTerm.isZero()) {
      throw new IllegalArgumentException("maxTerm must be positive");
    }
    if (batchSize < 1 || batchSize > 500) {
      throw new IllegalArgumentException("batchSize must be 1 to 500, not " + batchSize);
    }
    if (outboxInterval.toMillis() < 1 || outboxLease.toMillis() < 1) {
      throw new IllegalArgumentException("outboxInterval and outboxLease must be at least 1 ms");
    }
    if (ledgerWorkers < 1) {
      throw new IllegalArgumentException("ledgerWorkers must be at least 1");
    }
  }

  /**
   * The outbox pipeline and its admission control.
   *
   * @param window the most ledger transactions in flight at once (1 to 256)
   * @param linger how long a signal waits for a batch to fill before the outbox claims what is
   *     waiting; zero claims at once
   * @param maxBacklog the most outbox items waiting before new consents, revocations and
   *     verifications are refused with 503 OVERLOADED; 0 = no bound
   * @param maxBacklogWait the longest expected wait (backlog ÷ measured drain rate) before they are
   *     refused; zero = no time bound
   */
  public record Pipeline(int window, Duration linger, long maxBacklog, Duration maxBacklogWait) {
    /** 8 in flight, 20 ms linger, at most 20,000 items waiting, no time bound. */
    public static final Pipeline DEFAULT =
        new Pipeline(8, Duration.ofMillis(20), 20_000, Duration.ZERO);

    /** Checks ranges. */
    public Pipeline {
      Objects.requireNonNull(linger, "linger");
      Objects.requireNonNull(maxBacklogWait, "maxBacklogWait");
      if (window < 1 || window > 256) {
        throw new IllegalArgumentException("CONSENT_OUTBOX_WINDOW must be 1 to 256, not " + window);
      }
      if (linger.isNegative() || maxBacklog < 0 || maxBacklogWait.isNegative()) {
        throw new IllegalArgumentException(
            "CONSENT_OUTBOX_LINGER_MS, CONSENT_MAX_BACKLOG and CONSENT_MAX_BACKLOG_SECONDS must not be negative");
      }
    }
  }

  /**
   * The ledger (its chaincode's {@code consents}, {@code dids}, {@code participants} and {@code
   * receipts} contracts are used).
   *
   * @param target where the ledger is
   * @param eventsStartBlock the block the event listener starts at before it has a checkpoint
   */
  public record Ledger(LedgerTarget target, long eventsStartBlock) {
    /** Checks components. */
    public Ledger {
      Objects.requireNonNull(target, "target");
      if (eventsStartBlock < 0) {
        throw new IllegalArgumentException("eventsStartBlock must not be negative");
      }
    }

    /**
     * The ledger from its parts.
     *
     * @param endpoint the gateway peer and client identity
     * @param timeouts the gateway deadlines
     * @param channel the channel
     * @param chaincode the chaincode name
     * @param eventsStartBlock the block the event listener starts at before it has a checkpoint
     * @param eventRetryDelay the pause before reopening a failed event stream
     */
    public Ledger(
        GatewayEndpoint endpoint,
        GatewayTimeouts timeouts,
        String channel,
        String chaincode,
        long eventsStartBlock,
        Duration eventRetryDelay) {
      this(
          new LedgerTarget(endpoint, timeouts, channel, chaincode, eventRetryDelay),
          eventsStartBlock);
    }

    /**
     * Returns the gateway peer and client identity.
     *
     * @return the gateway peer and client identity
     */
    public GatewayEndpoint endpoint() {
      return target.endpoint();
    }

    /**
     * Returns the gateway deadlines.
     *
     * @return the gateway deadlines
     */
    public GatewayTimeouts timeouts() {
      return target.timeouts();
    }

    /**
     * Returns the channel.
     *
     * @return the channel
     */
    public String channel() {
      return target.channel();
    }

    /**
     * Returns the chaincode name.
     *
     * @return the chaincode name
     */
    public String chaincode() {
      return target.chaincode();
    }

    /**
     * Returns the pause before reopening a failed event stream.
     *
     * @return the pause before reopening a failed event stream
     */
    public Duration eventRetryDelay() {
      return target.eventRetryDelay();
    }
  }

  /** CONSENT_PG_TLS_CA: the PostgreSQL server's TLS CA (PEM), or null for no TLS. */
  private static Path pgTlsCa(Map<String, String> env) {
    String file = Env.text(env, "CONSENT_PG_TLS_CA", "");
    if (file.isEmpty()) {
      return null;
    }
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("CONSENT_PG_TLS_CA: no readable file " + file);
    }
    return path;
  }

  /**
   * Reads the configuration from environment variables (see README.md).
   *
   * @param env the environment, for example {@code System.getenv()}
   * @return the configuration
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static ConsentServiceConfig fromEnvironment(Map<String, String> env) {
    Ledger ledger =
        LedgerTarget.fromEnvironment(env)
            .map(t -> new Ledger(t, Env.integer(env, "CONSENT_EVENTS_START_BLOCK", 0)))
            .orElse(null);
    PgDatabase database =
        new PgDatabase(
            Env.text(env, "CONSENT_PG_HOST", "127.0.0.1"),
            (int) Env.integer(env, "CONSENT_PG_PORT", 5432),
            Env.text(env, "CONSENT_PG_DATABASE", "consent"),
            Env.text(env, "CONSENT_PG_USER", "postgres"),
            env.getOrDefault("CONSENT_PG_PASSWORD", ""),
            (int) Env.integer(env, "CONSENT_PG_POOL_SIZE", 8),
            pgTlsCa(env));
    return new ConsentServiceConfig(
        Env.text(env, "CONSENT_HOST", "127.0.0.1"),
        (int) Env.integer(env, "CONSENT_PORT", 8090),
        database,
        ledger,
        Duration.ofDays(Env.integer(env, "CONSENT_MAX_TERM_DAYS", 365)),
        (int) Env.integer(env, "CONSENT_BATCH_SIZE", 100),
        Duration.ofMillis(Env.integer(env, "CONSENT_OUTBOX_INTERVAL_MS", 1000)),
        Duration.ofSeconds(Env.integer(env, "CONSENT_OUTBOX_LEASE_SECONDS", 120)),
        (int) Env.integer(env, "CONSENT_LEDGER_WORKERS", 4),
        Duration.ofMillis(Env.integer(env, "CONSENT_FAULT_COMMIT_HOLD_MS", 0)),
        new Pipeline(
            (int) Env.integer(env, "CONSENT_OUTBOX_WINDOW", Pipeline.DEFAULT.window()),
            Duration.ofMillis(
                Env.integer(env, "CONSENT_OUTBOX_LINGER_MS", Pipeline.DEFAULT.linger().toMillis())),
            Env.integer(env, "CONSENT_MAX_BACKLOG", Pipeline.DEFAULT.maxBacklog()),
            Duration.ofSeconds(Env.integer(env, "CONSENT_MAX_BACKLOG_SECONDS", 0))));
  }
}
