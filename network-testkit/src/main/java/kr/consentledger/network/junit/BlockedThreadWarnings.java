/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.junit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which Vert.x reported a blocked thread. Vert.x's {@code BlockedThreadChecker}
 * logs a warning ("Thread ... has been blocked for ... ms, time limit is ...") when an event loop
 * runs one task longer than its limit (2 s by default) or a worker longer than 60 s; the project
 * logs through SLF4J's simple backend, which writes to {@code System.err}. This extension puts a
 * tee in front of {@code System.err} (once per JVM; everything still reaches the original stream),
 * records each such line, and fails the test method that was running (in {@code afterEach}) or the
 * class (in {@code afterAll}, for warnings outside any test method).
 *
 * <p>The checker measures wall-clock time, so a thread that merely waits for a CPU looks blocked
 * too. A warning seen while the machine is oversubscribed (a one-minute load average above twice
 * its processors by default, see {@link #MAX_LOAD_PER_CPU}; read from {@code /proc/loadavg} when
 * the line is seen) is printed as a note with that load and does not fail the test: on such a
 * machine a 200 ms task on an event loop can take two seconds of wall time. On a machine that is
 * not oversubscribed every warning fails.
 *
 * <p>Use it on every test class that runs Vert.x in the test JVM:
 * {@code @ExtendWith(BlockedThreadWarnings.class)}. It sees the test JVM's output; a test that
 * starts a service as a process of its own passes each line of its output to {@link #scan}.
 */
public final class BlockedThreadWarnings
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  /** What a blocked-thread warning of Vert.x contains. */
  public static final String MARKER = "has been blocked for";

  /**
   * The system property with the load average per processor above which a warning is a note, not a
   * failure (default 2).
   */
  public static final String MAX_LOAD_PER_CPU = "consentledger.blockedThreads.maxLoadPerCpu";

  private static final Object LOCK = new Object();
  private static final List<String> WARNINGS = new ArrayList<>();
  private static final List<String> STARVED = new ArrayList<>();
  private static boolean installed;

  /** Installs the tee on {@code System.err} unless it already is; idempotent. */
  public static void install() {
    synchronized (LOCK) {
      if (installed) {
        return;
      }
      PrintStream original = System.err;
      System.setErr(new PrintStream(new Tee(original), true, StandardCharsets.UTF_8));
      installed = true;
    }
  }

  /**
   * Records a line of a service's output if it is a blocked-thread warning: for tests that start a
   * service as a process of their own and read its output.
   *
   * @param line a line of output
   */
  public static void scan(String line) {
    if (line.contains(MARKER)) {
      double load = loadAverage();
      int cpus = Runtime.getRuntime().availableProcessors();
      double perCpu = Double.parseDouble(System.getProperty(MAX_LOAD_PER_CPU, "2"));
      synchronized (LOCK) {
        if (load > perCpu * cpus) {
          STARVED.add(line.strip() + " [load average " + load + " on " + cpus + " processors]");
        } else {
          WARNINGS.add(line.strip());
        }
      }
    }
  }

  /** The one-minute load average, or 0 where {@code /proc/loadavg} cannot be read. */
  static double loadAverage() {
    try {
      String text =
          java.nio.file.Files.readString(
              java.nio.file.Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
      return Double.parseDouble(text.trim().split("\\s+", -1)[0]);
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Takes the warnings recorded so far and forgets them.
   *
   * @return the warning lines, oldest first
   */
  public static List<String> drain() {
    synchronized (LOCK) {
      List<String> out = List.copyOf(WARNINGS);
      WARNINGS.clear();
      return out;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    failOn(drain(), "before " + context.getDisplayName());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    failOn(drain(), "during " + context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    failOn(drain(), "in " + context.getDisplayName() + " outside its test methods");
  }

  private static void failOn(List<String> warnings, String where) {
    List<String> starved;
    synchronized (LOCK) {
      starved = List.copyOf(STARVED);
      STARVED.clear();
    }
    if (!starved.isEmpty()) {
      System.out.println(
          "note: "
              + starved.size()
              + " blocked-thread warning(s) "
              + where
              + " on an oversubscribed machine, not counted:\n"
              + String.join("\n", starved));
    }
    if (!warnings.isEmpty()) {
      throw new AssertionError(
          "Vert.x reported "
              + warnings.size()
              + " blocked thread(s) "
              + where
              + ":\n"
              + String.join("\n", warnings));
    }
  }

  /** Passes every byte on and scans whole lines for the marker. */
  private static final class Tee extends OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Tee(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      target.write(b);
      take(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      target.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        take(b[i]);
      }
    }

    @Override
    public void flush() {
      target.flush();
    }

    private void take(int b) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        scan(text);
      } else if (line.size() < 16_384) {
        line.write(b);
      }
    }
  }
}
