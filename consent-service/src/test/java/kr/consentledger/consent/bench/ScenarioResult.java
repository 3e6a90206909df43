/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one scenario of a run measured (the figures of the report's row). */
final class ScenarioResult {
  /** Latency percentiles in milliseconds. */
  record Latency(long count, double p50, double p95, double p99, double max) {
    static Latency of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Latency(
          h.getTotalCount(),
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(95) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getMaxValue() / 1000.0);
    }
  }

  /** Requests of one kind. */
  record Kind(
      String kind,
      long sent,
      long ok,
      long shed,
      long clientErrors,
      long serverErrors,
      long transportErrors,
      Map<Integer, Long> statuses,
      double perSecond,
      Latency latency) {}

  /** Submit→committed of the accepted requests of one kind, from the chaincode events. */
  record Commits(
      String kind,
      long accepted,
      long committed,
      long committedInWindow,
      double committedPerSecondSteady,
      long transactions,
      double itemsPerTransaction,
      double drainSeconds,
      Latency submitToCommitted) {}

  /** One second of the measured window. */
  record Second(int second, long ok, double p50, double p99) {}

  String scenario;
  String mode;
  double seconds;
  boolean inputsExhausted;
  long prepared;
  double prepareSeconds;
  double signaturesPerRequest;
  long denied;
  long unexpectedBodies;
  Kind total;
  final List<Kind> kinds = new ArrayList<>();
  final List<Commits> commits = new ArrayList<>();
  final Map<String, Double> cpuSeconds = new LinkedHashMap<>();

  /** Seconds each JVM's JIT compilers spent during the window (a part of {@link #cpuSeconds}). */
  final Map<String, Double> jitSeconds = new LinkedHashMap<>();

  double cpuMsPerOperation;
  double loadAverageBefore;
  double loadAverageAfter;
  double ratioToRawLimit = Double.NaN;
  final List<Second> timeline = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  double cpuTotal() {
    return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
