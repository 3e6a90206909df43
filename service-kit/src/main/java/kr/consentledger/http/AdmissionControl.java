/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A global cap on the requests being processed at once, from the moment a request is admitted until
 * its response is disposed (answered, or its connection closed), whatever it waits on meanwhile
 * (the database, the ledger, a worker thread). A request that finds every permit taken is refused
 * at once instead of queueing, so overload costs the refused callers a fast 503 and the admitted
 * ones keep their latency and the process its memory. Thread-safe.
 */
public final class AdmissionControl {
  private final int maxInFlight;
  private final Semaphore permits;
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong shed = new AtomicLong();

  /**
   * @param maxInFlight the most requests in process at once; 0 means no cap
   */
  public AdmissionControl(int maxInFlight) {
    if (maxInFlight < 0) {
      throw new IllegalArgumentException("maxInFlight must not be negative");
    }
    this.maxInFlight = maxInFlight;
    this.permits = maxInFlight == 0 ? null : new Semaphore(maxInFlight);
  }

  /**
   * Admits a request if a permit is free. Every {@code true} must be matched by one {@link
   * #release()}.
   *
   * @return whether the request may go on
   */
  public boolean tryEnter() {
    if (permits == null || permits.tryAcquire()) {
      admitted.incrementAndGet();
      return true;
    }
    shed.incrementAndGet();
    return false;
  }

  /** Gives back the permit of an admitted request. */
  public void release() {
    if (permits != null) {
      permits.release();
    }
  }

  /**
   * The cap.
   *
   * @return the most requests in process at once, 0 for none
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * The requests in process now.
   *
   * @return 0 when no cap is set
   */
  public int inFlight() {
    return permits == null ? 0 : maxInFlight - permits.availablePermits();
  }

  /**
   * How many requests were admitted since start.
   *
   * @return the count
   */
  public long admitted() {
    return admitted.get();
  }

  /**
   * How many requests were refused since start.
   *
   * @return the count
   */
  public long shed() {
    return shed.get();
  }
}
