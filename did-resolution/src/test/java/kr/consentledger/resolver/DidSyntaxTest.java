/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** DID syntax at the length limit (W3C DID Core §3.1), on a thread with a small stack. */
class DidSyntaxTest {
  /** Runs on a 256 KiB stack, smaller than an event-loop thread's, and returns what it threw. */
  private static Throwable onSmallStack(Runnable r) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                r.run();
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "small-stack",
            256 * 1024);
    t.start();
    t.join();
    return thrown.get();
  }

  @Test
  void a_did_of_the_maximum_length_parses_without_running_out_of_stack() throws Exception {
    String longest = "did:example:" + "a".repeat(Did.MAX_LENGTH - "did:example:".length());
    String escaped = "did:example:" + "%41".repeat((Did.MAX_LENGTH - "did:example:".length()) / 3);

    Throwable thrown =
        onSmallStack(
            () -> {
              try {
                assertThat(Did.parse(longest).toString()).isEqualTo(longest);
                assertThat(Did.parse(escaped).toString()).isEqualTo(escaped);
              } catch (ResolutionException e) {
                throw new AssertionError(e);
              }
            });

    assertThat(thrown).isNull();
    assertThatThrownBy(() -> Did.parse(longest + "a"))
        .isInstanceOfSatisfying(
            ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID));
    assertThatThrownBy(() -> Did.parse("did:example:a%4"))
        .isInstanceOfSatisfying(
            ResolutionException.class,
            e -> assertThat(e.error()).isEqualTo(ResolutionError.INVALID_DID));
  }
}
