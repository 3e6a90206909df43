/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.PostgresExtension;
import kr.consentledger.network.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The overload test of {@code ./dev overload}, short, asserting outcomes only (never a time):
 * offered twice the measured capacity, each service sheds some requests with a 429/503 problem+json
 * and Retry-After, answers no other 5xx, drops no connection, and its memory stays under a bound.
 * Each service runs in a JVM of its own with {@code -Xmx256m}. On a machine shared with other work
 * the measured capacity can be low; when twice it sheds nothing, the run is repeated at eight times
 * it.
 */
@ExtendWith({BlockedThreadWarnings.class, PostgresExtension.class})
class OverloadIT {
  static final double SECONDS = 4;
  static final long RSS_BOUND_KIB = 640 * 1024;
  static final long HEAP_BOUND_KIB = 256 * 1024;

  static void assertShedsCleanlyWithinBoundedMemory(Overload.Report report) {
    report.print(System.out);
    LoadGenerator.KindStats overload = report.overload().all;
    assertThat(overload.ok).as("admitted").isPositive();
    assertThat(overload.shed).as("shed with 429/503").isPositive();
    assertThat(overload.badShed).as("429/503 without problem+json, code or Retry-After").isZero();
    assertThat(overload.serverErrors).as("other 5xx").isZero();
    assertThat(overload.transportErrors).as("connection errors").isZero();
    assertThat(report.rssAfterKib()).as("RSS after, KiB").isPositive().isLessThan(RSS_BOUND_KIB);
    assertThat(report.heapAfterKib()).as("heap used after, KiB").isLessThan(HEAP_BOUND_KIB);
  }

  @Test
  void did_resolver_at_twice_its_capacity_sheds_with_problem_json_and_keeps_its_memory_bounded()
      throws Exception {
    Overload.Report report = Overload.resolver(SECONDS, Map.of());
    if (report.overload().all.shed == 0) {
      report.print(System.out);
      report = Overload.resolver(SECONDS, Map.of(), 8);
    }
    assertShedsCleanlyWithinBoundedMemory(report);
  }

  @Test
  void
      credential_verification_at_twice_its_capacity_sheds_with_problem_json_and_keeps_its_memory_bounded(
          TestDatabase db) throws Exception {
    Overload.Report report = Overload.consentService(db, SECONDS, Map.of());
    if (report.overload().all.shed == 0) {
      report.print(System.out);
      report = Overload.consentService(db, SECONDS, Map.of(), 8);
    }
    assertShedsCleanlyWithinBoundedMemory(report);
  }
}
