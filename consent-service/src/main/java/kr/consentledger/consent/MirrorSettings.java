/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import kr.consentledger.service.Env;

/**
 * How provider verifications read the ledger: from the in-memory mirror (the default) or live, and
 * the mirror's freshness bound and sizes. Read once at start-up.
 *
 * @param liveByDefault true to read the ledger live for every verification ({@code
 *     CONSENT_VERIFY_LEDGER_READ=live}); a request can still ask for either
 * @param maxLag the mirror serves only state it has shown to be at most this far behind the peer's
 *     height ({@code CONSENT_MIRROR_MAX_LAG_MS})
 * @param maxLagBlocks also serve while a height probe no older than {@code maxLag} is at most this
 *     many blocks ahead of the mirror; 0 = only the time bound ({@code
 *     CONSENT_MIRROR_MAX_LAG_BLOCKS})
 * @param probeInterval the least time between two height probes ({@code CONSENT_MIRROR_PROBE_MS})
 * @param refreshWait how long a verification that finds the mirror stale waits for a refresh before
 *     it is answered 503 {@code MIRROR_STALE} ({@code CONSENT_MIRROR_REFRESH_WAIT_MS})
 * @param maxConsents the most consent records kept ({@code CONSENT_MIRROR_MAX_CONSENTS})
 * @param maxDids the most participants, and the most DID documents, kept ({@code
 *     CONSENT_MIRROR_MAX_DIDS})
 */
public record MirrorSettings(
    boolean liveByDefault,
    Duration maxLag,
    long maxLagBlocks,
    Duration probeInterval,
    Duration refreshWait,
    int maxConsents,
    int maxDids) {

  /** The defaults: mirror reads, 1 s bound, probes at most every 200 ms, 500 ms refresh wait. */
  public static final MirrorSettings DEFAULTS =
      new MirrorSettings(
          false,
          Duration.ofSeconds(1),
          0,
          Duration.ofMillis(200),
          Duration.ofMillis(500),
          100_000,
          20_000);

  /** Checks ranges. */
  public MirrorSettings {
    Objects.requireNonNull(maxLag, "maxLag");
    Objects.requireNonNull(probeInterval, "probeInterval");
    Objects.requireNonNull(refreshWait, "refreshWait");
    if (maxLag.toMillis() < 1 || probeInterval.toMillis() < 1 || refreshWait.isNegative()) {
      throw new IllegalArgumentException(
          "maxLag and probeInterval must be at least 1 ms, refreshWait not negative");
    }
    if (probeInterval.compareTo(maxLag) > 0) {
      throw new IllegalArgumentException(
          "the probe interval must not be longer than the maximum lag");
    }
    if (maxLagBlocks < 0 || maxConsents < 1 || maxDids < 1) {
      throw new IllegalArgumentException("maxLagBlocks must not be negative, the sizes at least 1");
    }
  }

  /**
   * Reads the settings from environment variables (see README.md).
   *
   * @param env the environment
   * @return the settings
   * @throws IllegalArgumentException naming the variable that is malformed
   */
  public static MirrorSettings fromEnvironment(Map<String, String> env) {
    String read = env.getOrDefault("CONSENT_VERIFY_LEDGER_READ", "mirror").trim();
    if (!read.isEmpty() && !read.equals("mirror") && !read.equals("live")) {
      throw new IllegalArgumentException(
          "CONSENT_VERIFY_LEDGER_READ must be mirror or live, not \"" + read + "\"");
    }
    MirrorSettings d = DEFAULTS;
    return new MirrorSettings(
        read.equals("live"),
        Duration.ofMillis(
            Env.integer(
                env, "CONSENT_MIRROR_MAX_LAG_MS", d.maxLag.toMillis(), 0, Integer.MAX_VALUE)),
        Env.integer(env, "CONSENT_MIRROR_MAX_LAG_BLOCKS", d.maxLagBlocks, 0, Integer.MAX_VALUE),
        Duration.ofMillis(
            Env.integer(
                env, "CONSENT_MIRROR_PROBE_MS", d.probeInterval.toMillis(), 0, Integer.MAX_VALUE)),
        Duration.ofMillis(
            Env.integer(
                env,
                "CONSENT_MIRROR_REFRESH_WAIT_MS",
                d.refreshWait.toMillis(),
                0,
                Integer.MAX_VALUE)),
        (int) Env.integer(env, "CONSENT_MIRROR_MAX_CONSENTS", d.maxConsents, 0, Integer.MAX_VALUE),
        (int) Env.integer(env, "CONSENT_MIRROR_MAX_DIDS", d.maxDids, 0, Integer.MAX_VALUE));
  }
}
