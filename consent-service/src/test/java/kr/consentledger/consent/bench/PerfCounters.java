/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a HotSpot JVM's performance counters from its {@code hsperfdata} file (the memory-mapped
 * file {@code jstat} reads: {@code /tmp/hsperfdata_<user>/<pid>}), without attaching to it. Only
 * what the benchmark needs: the time its JIT compilers have spent.
 */
final class PerfCounters {
  private static final int MAGIC = 0xcafec0c0;

  private PerfCounters() {}

  /**
   * Seconds the JIT compilers of the JVM {@code pid} have spent so far ({@code java.ci.totalTime} ÷
   * {@code sun.os.hrt.frequency}), or -1 when the process is no HotSpot JVM or publishes no
   * counters.
   */
  static double compileSeconds(long pid) {
    Path file = file(pid);
    if (file == null) {
      return -1;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
      if (b.limit() < 32 || b.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
        return -1;
      }
      b.order(b.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      int entry = b.getInt(24);
      int count = b.getInt(28);
      long total = -1;
      long frequency = -1;
      for (int i = 0; i < count && entry + 20 <= b.limit(); i++) {
        int length = b.getInt(entry);
        if (length <= 0) {
          break;
        }
        String name = name(b, entry + b.getInt(entry + 4));
        int vector = b.getInt(entry + 8);
        byte type = b.get(entry + 12);
        if (vector == 0 && type == 'J') {
          if (name.equals("java.ci.totalTime")) {
            total = b.getLong(entry + b.getInt(entry + 16));
          } else if (name.equals("sun.os.hrt.frequency")) {
            frequency = b.getLong(entry + b.getInt(entry + 16));
          }
        }
        entry += length;
      }
      return total < 0 || frequency <= 0 ? -1 : (double) total / frequency;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static Path file(long pid) {
    try {
      String exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
      if (!exe.endsWith("/java")) {
        return null;
      }
      String user = Files.getOwner(Path.of("/proc/" + pid)).getName();
      // HotSpot on Linux writes it under /tmp whatever java.io.tmpdir says (a process in another
      // mount namespace would not be found).
      Path f = Path.of("/tmp", "hsperfdata_" + user, Long.toString(pid));
      return Files.isRegularFile(f) ? f : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String name(ByteBuffer b, int at) {
    int end = at;
    while (end < b.limit() && b.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - at];
    b.get(at, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
