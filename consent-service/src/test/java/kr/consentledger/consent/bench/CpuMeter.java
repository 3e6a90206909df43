/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of the system's processes from {@code /proc}: for each process the run folder's {@code
 * pids/} names (network.sh and services.sh start each in a session of its own; a supervised
 * service's JVM, the pid in {@code supervisor/<name>.child}, is a child of its supervisor), user
 * plus system time of that process and of every live descendant (PostgreSQL's backends, which make
 * sessions of their own, included); and this JVM's own, as the load generator's. Processes that
 * ended between two samples are not counted.
 */
final class CpuMeter {
  static final String GENERATOR = "generator";
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private final Path runDir;

  /**
   * @param runDir the run folder, or null to measure the generator only
   */
  CpuMeter(Path runDir) {
    this.runDir = runDir;
  }

  /** CPU seconds so far by process name (plus {@link #GENERATOR}), in a fixed order. */
  Map<String, Double> sample() {
    return sample(false);
  }

  /**
   * Seconds the JIT compilers of each JVM among the processes (and the generator's) have spent so
   * far, from the JVM's own counter {@code java.ci.totalTime} in its {@code hsperfdata} file; JVMs
   * that publish none are left out.
   */
  Map<String, Double> jitSample() {
    return sample(true);
  }

  private Map<String, Double> sample(boolean jit) {
    Map<String, Double> out = new LinkedHashMap<>();
    Map<String, Long> sessions = new TreeMap<>();
    if (runDir != null && Files.isDirectory(runDir.resolve("pids"))) {
      try (DirectoryStream<Path> pids = Files.newDirectoryStream(runDir.resolve("pids"), "*.pid")) {
        for (Path p : pids) {
          String name = p.getFileName().toString().replaceFirst("\\.pid$", "");
          try {
            sessions.put(name, Long.parseLong(Files.readString(p).trim()));
          } catch (IOException | NumberFormatException e) {
            // gone or half-written: not counted
          }
        }
      } catch (IOException e) {
        // no pids: nothing but the generator
      }
    }
    Map<Long, long[]> procs = new java.util.HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : dirs) {
        long[] f = stat(proc.resolve("stat"));
        if (f != null) {
          procs.put(Long.parseLong(proc.getFileName().toString()), f);
        }
      }
    } catch (IOException e) {
      // no /proc: no figures
    }
    sessions.forEach(
        (name, root) -> {
          double ticks = 0;
          double compile = 0;
          boolean jvm = false;
          for (Map.Entry<Long, long[]> p : procs.entrySet()) {
            if (descends(p.getKey(), root, procs)) {
              ticks += p.getValue()[1];
              if (jit) {
                double c = PerfCounters.compileSeconds(p.getKey());
                if (c >= 0) {
                  compile += c;
                  jvm = true;
                }
              }
            }
          }
          if (!jit) {
            out.put(name, ticks / TICKS_PER_SECOND);
          } else if (jvm) {
            out.put(name, compile);
          }
        });
    if (jit) {
      double self = PerfCounters.compileSeconds(ProcessHandle.current().pid());
      if (self >= 0) {
        out.put(GENERATOR, self);
      }
    } else {
      long[] self = stat(Path.of("/proc/self/stat"));
      out.put(GENERATOR, self == null ? 0.0 : self[1] / TICKS_PER_SECOND);
    }
    return out;
  }

  /** Whether {@code pid} is {@code root} or one of its descendants. */
  private static boolean descends(long pid, long root, Map<Long, long[]> procs) {
    for (int depth = 0; pid > 1 && depth < 64; depth++) {
      if (pid == root) {
        return true;
      }
      long[] f = procs.get(pid);
      if (f == null) {
        return false;
      }
      pid = f[0];
    }
    return false;
  }

  /** The parent pid and utime + stime ticks of one process, or null when it is gone. */
  private static long[] stat(Path file) {
    try {
      String s = Files.readString(file);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // After the command: state(0) ppid(1) pgrp(2) session(3) ... utime(11) stime(12)
      return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The difference of two samples, process by process. */
  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new LinkedHashMap<>();
    after.forEach((k, v) -> d.put(k, Math.max(0, v - before.getOrDefault(k, 0.0))));
    return d;
  }

  /** The 1-minute load average, or -1. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
