/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A run's report: printed, and written as report.json, report.md and chart.png. */
final class BenchReport {
  final Map<String, Object> run = new LinkedHashMap<>();
  final List<ScenarioResult> scenarios = new ArrayList<>();

  /** Scenarios that could not run, with why. */
  final List<String> failures = new ArrayList<>();

  double rawLimitBefore = Double.NaN;
  double rawLimitAfter = Double.NaN;

  double rawLimit() {
    if (Double.isNaN(rawLimitAfter)) {
      return rawLimitBefore;
    }
    return (rawLimitBefore + rawLimitAfter) / 2;
  }

  /** Writes the three files into {@code dir}. */
  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> json = new LinkedHashMap<>(run);
    json.put(
        "rawLimitEd25519VerifyPerSecond",
        Map.of(
            "before",
            rawLimitBefore,
            "after",
            rawLimitAfter,
            "mean",
            rawLimit(),
            "threads",
            2,
            "messageBytes",
            1024));
    json.put("scenarios", scenarios);
    json.put("failures", failures);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .setVisibility(
            com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
            com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
        .writeValue(dir.resolve("report.json").toFile(), json);
    Files.writeString(dir.resolve("report.md"), markdown());
    chart(dir.resolve("chart.png"));
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# ./dev bench ").append(run.get("startedAt")).append("\n\n");
    run.forEach(
        (k, v) -> {
          if (!k.equals("startedAt")) {
            b.append("- ").append(k).append(": ").append(v).append('\n');
          }
        });
    b.append(
        f(
            "- raw limit (BouncyCastle Ed25519 verify, 1 KB, 2 threads): %.0f/s before, %.0f/s after, mean %.0f/s%n%n",
            rawLimitBefore, rawLimitAfter, rawLimit()));
    b.append(
        "| scenario | mode | s | req/s | ok | non-2xx (429/503, 4xx, 5xx, io) | p50 ms | p95 ms | p99 ms | max ms "
            + "| sig/req | ratio to raw limit | CPU-ms/op | load avg |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ScenarioResult r : scenarios) {
      for (ScenarioResult.Kind k : rows(r)) {
        b.append(
            f(
                "| %s | %s | %.0f | %.0f | %d | %d, %d, %d, %d | %.1f | %.1f | %.1f | %.1f | %s | %s | %s | %.2f→%.2f |%n",
                k.kind(),
                r.mode,
                r.seconds,
                k.perSecond(),
                k.ok(),
                k.shed(),
                k.clientErrors(),
                k.serverErrors(),
                k.transportErrors(),
                k.latency().p50(),
                k.latency().p95(),
                k.latency().p99(),
                k.latency().max(),
                k.equals(r.total) ? f("%.2f", r.signaturesPerRequest) : "",
                k.equals(r.total) ? pct(r.ratioToRawLimit) : "",
                k.equals(r.total) ? f("%.2f", r.cpuMsPerOperation) : "",
                r.loadAverageBefore,
                r.loadAverageAfter));
      }
    }
    boolean any = scenarios.stream().anyMatch(r -> !r.commits.isEmpty());
    if (any) {
      b.append(
          "\n| scenario | items | accepted | committed | committed/s (steady) | txs | items/tx | drain s "
              + "| submit→committed p50 ms | p95 ms | p99 ms | max ms |\n");
      b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (ScenarioResult r : scenarios) {
        for (ScenarioResult.Commits c : r.commits) {
          b.append(
              f(
                  "| %s | %s | %d | %d | %.1f | %d | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f |%n",
                  r.scenario,
                  c.kind(),
                  c.accepted(),
                  c.committed(),
                  c.committedPerSecondSteady(),
                  c.transactions(),
                  c.itemsPerTransaction(),
                  c.drainSeconds(),
                  c.submitToCommitted().p50(),
                  c.submitToCommitted().p95(),
                  c.submitToCommitted().p99(),
                  c.submitToCommitted().max()));
        }
      }
    }
    b.append("\nCPU seconds per process over each measured window:\n\n");
    perProcess(b, r -> r.cpuSeconds, true);
    if (scenarios.stream().anyMatch(r -> !r.jitSeconds.isEmpty())) {
      b.append(
          "\nOf those, seconds the JVMs' JIT compilers spent (a JVM compiles most in its first minutes: "
              + "see --system-warmup):\n\n");
      perProcess(b, r -> r.jitSeconds, false);
    }
    List<String> notes = new ArrayList<>();
    failures.forEach(f -> notes.add("FAILED " + f));
    scenarios.forEach(r -> notes.addAll(r.notes));
    if (!notes.isEmpty()) {
      b.append("\nNotes:\n\n");
      notes.forEach(n -> b.append("- ").append(n).append('\n'));
    }
    return b.toString();
  }

  /**
   * A table of seconds per process (the union of the scenarios' processes), one row per scenario.
   */
  private void perProcess(
      StringBuilder b, Function<ScenarioResult, Map<String, Double>> seconds, boolean total) {
    List<String> procs = new ArrayList<>();
    scenarios.forEach(
        r ->
            seconds
                .apply(r)
                .keySet()
                .forEach(
                    p -> {
                      if (!procs.contains(p)) {
                        procs.add(p);
                      }
                    }));
    b.append("| scenario | ")
        .append(String.join(" | ", procs))
        .append(total ? " | all |\n|---|" : " |\n|---|");
    procs.forEach(p -> b.append("---|"));
    b.append(total ? "---|\n" : "\n");
    for (ScenarioResult r : scenarios) {
      b.append("| ").append(r.scenario).append(" |");
      for (String p : procs) {
        Double v = seconds.apply(r).get(p);
        b.append(' ').append(v == null ? "–" : f("%.1f", v)).append(" |");
      }
      b.append(total ? f(" %.1f |%n", r.cpuTotal()) : "\n");
    }
  }

  private static List<ScenarioResult.Kind> rows(ScenarioResult r) {
    List<ScenarioResult.Kind> rows = new ArrayList<>();
    rows.add(r.total);
    if (r.kinds.size() > 1) {
      rows.addAll(r.kinds);
    }
    return rows;
  }

  private static String pct(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : f("%.1f%%", ratio * 100);
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** Throughput and p50/p99 latency per second, one panel per scenario. */
  void chart(Path file) throws IOException {
    CombinedDomainXYPlot combined =
        new CombinedDomainXYPlot(new NumberAxis("second of the measured window"));
    for (ScenarioResult r : scenarios) {
      XYSeries rate = new XYSeries(r.scenario + " answered/s");
      XYSeries p50 = new XYSeries("p50 ms");
      XYSeries p99 = new XYSeries("p99 ms");
      for (ScenarioResult.Second s : r.timeline) {
        rate.add(s.second(), s.ok());
        if (!Double.isNaN(s.p50())) {
          p50.add(s.second(), s.p50());
          p99.add(s.second(), s.p99());
        }
      }
      XYPlot plot =
          new XYPlot(
              new XYSeriesCollection(rate),
              null,
              new NumberAxis(r.scenario + " req/s"),
              new XYLineAndShapeRenderer(true, false));
      XYSeriesCollection lat = new XYSeriesCollection();
      lat.addSeries(p50);
      lat.addSeries(p99);
      plot.setDataset(1, lat);
      plot.setRangeAxis(1, new NumberAxis("latency ms"));
      plot.mapDatasetToRangeAxis(1, 1);
      plot.setRenderer(1, new XYLineAndShapeRenderer(true, false));
      combined.add(plot);
    }
    JFreeChart chart =
        new JFreeChart(
            "./dev bench " + run.get("startedAt"), JFreeChart.DEFAULT_TITLE_FONT, combined, true);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, Math.max(300, 260 * scenarios.size()));
  }
}
