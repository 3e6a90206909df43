/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kr.consentledger.consent.ConsentLedger;
import kr.consentledger.consent.LedgerException;
import kr.consentledger.consent.OutboxItem;

/**
 * A fake {@link ConsentLedger} with the chaincode's idempotency: the same anchor (consent id and
 * credential hash) or the same revocation again is {@code unchanged}. Failures can be queued to
 * simulate MVCC conflicts and timeouts; statements can be marked for rejection.
 */
public final class FakeLedger implements ConsentLedger {
  /** One transaction the fake received. */
  public record Call(OutboxItem.Kind kind, List<String> statements) {}

  public final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  public final Map<String, String> anchoredHash = new HashMap<>();
  public final Map<String, String> revokedBy = new HashMap<>();
  public final Map<String, String> rejectCodes = new HashMap<>();
  public final Map<String, String> refuseBatchCodes = new HashMap<>();
  private final Deque<LedgerException> failures = new ArrayDeque<>();
  private final Deque<LedgerException> submitFailures = new ArrayDeque<>();
  private long block = 10;
  private int tx;

  /** Makes the next commit fail with this exception. */
  public void failNextCommit(LedgerException e) {
    failures.add(e);
  }

  /** Runs after each submit: a test's fault injection between submit and commit. */
  public Runnable afterSubmit = () -> {};

  /** Makes the next submit (endorsement) fail with this exception. */
  public void failNextSubmit(LedgerException e) {
    submitFailures.add(e);
  }

  /**
   * Makes the chaincode refuse, as a whole, every batch that holds a statement about this consent,
   * as it refuses a batch argument it cannot read.
   */
  public void refuseBatchContaining(String consentId, String code) {
    refuseBatchCodes.put(consentId, code);
  }

  /** Makes statements about this consent rejected with the code. */
  public void reject(String consentId, String code) {
    rejectCodes.put(consentId, code);
  }

  private record FakeSubmitted(String transactionId, OutboxItem.Kind kind, List<String> statements)
      implements Submitted {}

  @Override
  public synchronized Future<Submitted> submit(OutboxItem.Kind kind, List<String> statements) {
    calls.add(new Call(kind, List.copyOf(statements)));
    if (!submitFailures.isEmpty()) {
      return Future.failedFuture(submitFailures.poll());
    }
    for (String statement : statements) {
      String code = refuseBatchCodes.get(payload(statement).getString("consentId"));
      if (code != null) {
        return Future.failedFuture(
            new LedgerException(
                LedgerException.Kind.CHAINCODE_REFUSED,
                code,
                null,
                "chaincode response 500, " + code + ": refused",
                null));
      }
    }
    FakeSubmitted submitted = new FakeSubmitted("tx" + (++tx), kind, List.copyOf(statements));
    afterSubmit.run();
    return Future.succeededFuture(submitted);
  }

  /** A commit the fake holds until the test releases it. */
  private record Held(Context context, Promise<BatchResult> promise, FakeSubmitted submitted) {}

  private final List<Held> held = new ArrayList<>();
  private volatile boolean holdCommits;
  private int maxHeld;

  /** While true, commits wait until {@link #releaseCommits} (several transactions in flight). */
  public synchronized void holdCommits(boolean hold) {
    holdCommits = hold;
  }

  /** How many commits are held now. */
  public synchronized int held() {
    return held.size();
  }

  /** The most commits that were held at once. */
  public synchronized int maxHeld() {
    return maxHeld;
  }

  /** The transaction ids of the held commits, oldest first. */
  public synchronized List<String> heldTransactions() {
    return held.stream().map(h -> h.submitted().transactionId()).toList();
  }

  /** Commits the held transactions (in order), answering on the contexts that wait for them. */
  public void releaseCommits() {
    List<Held> now;
    synchronized (this) {
      now = List.copyOf(held);
      held.clear();
    }
    for (Held h : now) {
      Future<BatchResult> result = commit(h.submitted());
      Runnable answer = () -> result.onComplete(h.promise());
      if (h.context() == null) {
        answer.run();
      } else {
        h.context().runOnContext(v -> answer.run());
      }
    }
  }

  /**
   * A crash between submit and commit: the held transactions commit on the ledger (their effect is
   * there) but nobody is told.
   */
  public void commitHeldSilently() {
    List<Held> now;
    synchronized (this) {
      now = List.copyOf(held);
      held.clear();
    }
    now.forEach(h -> commit(h.submitted()));
  }

  @Override
  public Future<BatchResult> awaitCommit(Submitted submitted) {
    FakeSubmitted s = (FakeSubmitted) submitted;
    synchronized (this) {
      if (holdCommits) {
        Promise<BatchResult> promise = Promise.promise();
        held.add(new Held(Vertx.currentContext(), promise, s));
        maxHeld = Math.max(maxHeld, held.size());
        return promise.future();
      }
    }
    return commit(s);
  }

  private synchronized Future<BatchResult> commit(FakeSubmitted s) {
    if (!failures.isEmpty()) {
      return Future.failedFuture(failures.poll());
    }
    block++;
    List<ItemResult> results = new ArrayList<>();
    for (String statement : s.statements()) {
      JsonObject p = payload(statement);
      String id = p.getString("consentId");
      String hash = p.getString("credentialHash");
      if (rejectCodes.containsKey(id)) {
        results.add(new ItemResult(id, Outcome.REJECTED, rejectCodes.get(id)));
      } else if (s.kind() == OutboxItem.Kind.RECEIPT) {
        String old = revokedBy.putIfAbsent(p.getString("receiptId"), statement);
        results.add(new ItemResult(id, old == null ? Outcome.RECORDED : Outcome.UNCHANGED, null));
      } else if (s.kind() == OutboxItem.Kind.ANCHOR) {
        String old = anchoredHash.putIfAbsent(id, hash);
        results.add(
            old == null
                ? new ItemResult(id, Outcome.ANCHORED, null)
                : old.equals(hash)
                    ? new ItemResult(id, Outcome.UNCHANGED, null)
                    : new ItemResult(id, Outcome.REJECTED, "CONSENT_EXISTS"));
      } else {
        String old = revokedBy.putIfAbsent(id, statement);
        results.add(
            old == null
                ? new ItemResult(id, Outcome.REVOKED, null)
                : old.equals(statement)
                    ? new ItemResult(id, Outcome.UNCHANGED, null)
                    : new ItemResult(id, Outcome.REJECTED, "ALREADY_REVOKED"));
      }
    }
    return Future.succeededFuture(new BatchResult(s.transactionId(), block, results));
  }

  private static JsonObject payload(String jws) {
    return new JsonObject(
        new String(
            Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
            java.nio.charset.StandardCharsets.UTF_8));
  }
}
