/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import kr.consentledger.consent.Challenge;
import kr.consentledger.consent.ChallengeStore;
import kr.consentledger.consent.ConsentState;
import kr.consentledger.consent.ConsentStatus;
import kr.consentledger.consent.ConsentStorage;
import kr.consentledger.consent.CredentialStore;
import kr.consentledger.consent.EventCheckpoint;
import kr.consentledger.consent.EventCheckpoints;
import kr.consentledger.consent.LedgerChange;
import kr.consentledger.consent.Outbox;
import kr.consentledger.consent.OutboxItem;
import kr.consentledger.consent.ReadModel;
import kr.consentledger.consent.StoredCredential;

/**
 * A fake {@link ConsentStorage} for unit tests: maps, with transactions that restore a snapshot
 * when the work fails. Single-threaded use only (one event loop).
 */
public final class InMemoryConsentStorage implements ConsentStorage {
  /** Everything stored; copied for rollback. */
  public static final class Data {
    public final TreeMap<String, StoredCredential> credentials = new TreeMap<>();
    public final TreeMap<String, ConsentState> states = new TreeMap<>();
    public final TreeMap<Long, OutboxItem> outbox = new TreeMap<>();
    public final TreeMap<Long, Instant> leases = new TreeMap<>();
    public final TreeMap<String, Challenge> challenges = new TreeMap<>();
    public final TreeMap<String, EventCheckpoint> checkpoints = new TreeMap<>();
    public final TreeMap<String, kr.consentledger.consent.ReceiptStore.Receipt> receipts =
        new TreeMap<>();
    public final java.util.TreeSet<String> nonces = new java.util.TreeSet<>();
    long nextId = 1;

    Data copy() {
      Data d = new Data();
      d.credentials.putAll(credentials);
      d.states.putAll(states);
      d.outbox.putAll(outbox);
      d.leases.putAll(leases);
      d.challenges.putAll(challenges);
      d.checkpoints.putAll(checkpoints);
      d.receipts.putAll(receipts);
      d.nonces.addAll(nonces);
      d.nextId = nextId;
      return d;
    }
  }

  private final Clock clock;
  private Data data = new Data();
  private final Stores stores;

  /** When set, the next store call fails with this, once. */
  private RuntimeException failNext;

  private int transactions;

  public InMemoryConsentStorage(Clock clock) {
    this.clock = clock;
    this.stores =
        new Stores(
            new Credentials(),
            new States(),
            new Items(),
            new Challenges(),
            new Checkpoints(),
            new Receipts(),
            new Nonces());
  }

  public Data data() {
    return data;
  }

  public int transactions() {
    return transactions;
  }

  /** Makes the next store call fail, to test rollback. */
  public void failNextCall(RuntimeException e) {
    failNext = e;
  }

  @Override
  public Stores stores() {
    return stores;
  }

  @Override
  public <T> Future<T> inTransaction(Function<Stores, Future<T>> work) {
    transactions++;
    Data snapshot = data.copy();
    Future<T> result;
    try {
      result = work.apply(stores);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.onFailure(e -> data = snapshot);
  }

  /** While true, every call fails as with a database that is down. */
  public volatile boolean down;

  private <T> Future<T> call(java.util.function.Supplier<T> f) {
    if (down) {
      return Future.failedFuture(new IllegalStateException("the database is down"));
    }
    if (failNext != null) {
      RuntimeException e = failNext;
      failNext = null;
      return Future.failedFuture(e);
    }
    return Future.succeededFuture(f.get());
  }

  private final class Credentials implements CredentialStore {
    @Override
    public Future<Boolean> insertIfAbsent(StoredCredential c) {
      return call(() -> data.credentials.putIfAbsent(c.consentId(), c) == null);
    }

    @Override
    public Future<Optional<StoredCredential>> find(String consentId) {
      return call(() -> Optional.ofNullable(data.credentials.get(consentId)));
    }

    @Override
    public Future<List<StoredCredential>> findBySubject(String subject, List<String> consentIds) {
      return call(
          () ->
              data.credentials.values().stream()
                  .filter(c -> c.subject().equals(subject) && consentIds.contains(c.consentId()))
                  .sorted(java.util.Comparator.comparing(StoredCredential::consentId))
                  .toList());
    }

    @Override
    public Future<Boolean> erase(String consentId) {
      return call(
          () -> {
            StoredCredential c = data.credentials.get(consentId);
            if (c == null || c.erased()) {
              return false;
            }
            data.credentials.put(
                consentId,
                new StoredCredential(
                    c.consentId(),
                    null,
                    c.credentialHash(),
                    c.subject(),
                    c.provider(),
                    c.recipient(),
                    true));
            return true;
          });
    }
  }

  private final class States implements ReadModel {
    @Override
    public Future<Boolean> insertIfAbsent(ConsentState s) {
      return call(() -> data.states.putIfAbsent(s.consentId(), s) == null);
    }

    @Override
    public Future<Optional<ConsentState>> find(String consentId) {
      return call(() -> Optional.ofNullable(data.states.get(consentId)));
    }

    @Override
    public Future<List<ConsentState>> findBySubject(String subject, int offset, int limit) {
      return call(
          () ->
              data.states.values().stream()
                  .filter(s -> s.terms().subject().equals(subject))
                  .sorted(java.util.Comparator.comparing(ConsentState::consentId))
                  .skip(offset)
                  .limit(limit)
                  .toList());
    }

    @Override
    public Future<Void> apply(LedgerChange c) {
      return call(
          () -> {
            ConsentState old = data.states.get(c.consentId());
            if (old != null && old.blockNumber() != null && old.blockNumber() > c.blockNumber()) {
              return null;
            }
            boolean withdrawn = c.status() == ConsentStatus.CONSENT_WITHDRAWN;
            data.states.put(
                c.consentId(),
                new ConsentState(
                    c.terms(),
                    c.credentialHash(),
                    c.status(),
                    null,
                    c.transactionId(),
                    c.blockNumber(),
                    withdrawn || old == null ? null : old.revocation(),
                    withdrawn || old == null ? null : old.revocationCode(),
                    clock.instant()));
            return null;
          });
    }

    @Override
    public Future<Void> markRejected(String consentId, String code, String transactionId) {
      return call(
          () -> {
            ConsentState s = data.states.get(consentId);
            if (s != null && s.status() == ConsentStatus.PENDING) {
              data.states.put(
                  consentId,
                  new ConsentState(
                      s.terms(),
                      s.credentialHash(),
                      ConsentStatus.REJECTED,
                      code,
                      transactionId,
                      s.blockNumber(),
                      s.revocation(),
                      s.revocationCode(),
                      clock.instant()));
            }
            return null;
          });
    }

    @Override
    public Future<Void> markRevocation(String consentId, String revocation, String code) {
      return call(
          () -> {
            ConsentState s = data.states.get(consentId);
            if (s != null && s.status() != ConsentStatus.CONSENT_WITHDRAWN) {
              data.states.put(
                  consentId,
                  new ConsentState(
                      s.terms(),
                      s.credentialHash(),
                      s.status(),
                      s.code(),
                      s.transactionId(),
                      s.blockNumber(),
                      revocation,
                      code,
                      clock.instant()));
            }
            return null;
          });
    }
  }

  private final class Items implements Outbox {
    @Override
    public Future<Long> add(
        OutboxItem.Kind kind, String consentId, String statement, String statementHash) {
      return call(
          () -> {
            long id = data.nextId++;
            Instant now = clock.instant();
            data.outbox.put(
                id,
                new OutboxItem(
                    id,
                    kind,
                    consentId,
                    statement,
                    statementHash,
                    OutboxItem.State.PENDING,
                    0,
                    null,
                    null,
                    now,
                    now));
            return id;
          });
    }

    @Override
    public Future<List<OutboxItem>> claim(OutboxItem.Kind kind, int max, Duration lease) {
      return call(
          () -> {
            Instant now = clock.instant();
            List<OutboxItem> out = new ArrayList<>();
            for (OutboxItem i : data.outbox.values()) {
              if (out.size() == max) {
                break;
              }
              boolean claimable =
                  i.state() == OutboxItem.State.PENDING
                      || i.state() == OutboxItem.State.SUBMITTED
                          && data.leases.get(i.id()).isBefore(now);
              // As PgOutbox: one anchor or revocation of a consent at a time, oldest first.
              boolean blocked =
                  kind != OutboxItem.Kind.RECEIPT
                      && data.outbox.values().stream()
                          .anyMatch(
                              b ->
                                  b.id() != i.id()
                                      && b.consentId().equals(i.consentId())
                                      && b.kind() != OutboxItem.Kind.RECEIPT
                                      && !b.state().isFinal()
                                      && (b.id() < i.id()
                                          || b.state() == OutboxItem.State.SUBMITTED
                                              && !data.leases.get(b.id()).isBefore(now)));
              if (i.kind() == kind && claimable && !blocked) {
                OutboxItem c =
                    with(
                        i,
                        OutboxItem.State.SUBMITTED,
                        i.attempts() + 1,
                        i.transactionId(),
                        i.code());
                data.leases.put(i.id(), now.plus(lease));
                out.add(c);
              }
            }
            out.forEach(c -> data.outbox.put(c.id(), c));
            out.sort(Comparator.comparingLong(OutboxItem::id));
            return out;
          });
    }

    @Override
    public Future<Void> recordTransaction(List<Long> ids, String transactionId) {
      return call(
          () -> {
            ids.forEach(
                id -> {
                  OutboxItem i = data.outbox.get(id);
                  data.outbox.put(id, with(i, i.state(), i.attempts(), transactionId, i.code()));
                });
            return null;
          });
    }

    @Override
    public Future<Void> complete(long id, OutboxItem.State state, String code) {
      return call(
          () -> {
            OutboxItem i = data.outbox.get(id);
            if (!i.state().isFinal()) {
              data.outbox.put(id, with(i, state, i.attempts(), i.transactionId(), code));
            }
            return null;
          });
    }

    @Override
    public Future<Void> release(List<Long> ids, String code) {
      return call(
          () -> {
            ids.forEach(
                id -> {
                  OutboxItem i = data.outbox.get(id);
                  if (i.state() == OutboxItem.State.SUBMITTED) {
                    data.outbox.put(
                        id,
                        with(i, OutboxItem.State.PENDING, i.attempts(), i.transactionId(), code));
                  }
                });
            return null;
          });
    }

    @Override
    public Future<Integer> releaseAllSubmitted() {
      return call(
          () -> {
            int n = 0;
            for (OutboxItem i : List.copyOf(data.outbox.values())) {
              if (i.state() == OutboxItem.State.SUBMITTED) {
                data.outbox.put(
                    i.id(),
                    with(i, OutboxItem.State.PENDING, i.attempts(), i.transactionId(), i.code()));
                n++;
              }
            }
            return n;
          });
    }

    @Override
    public Future<Long> countWaiting() {
      return call(() -> data.outbox.values().stream().filter(i -> !i.state().isFinal()).count());
    }

    @Override
    public Future<List<OutboxItem>> forConsent(String consentId) {
      return call(
          () ->
              data.outbox.values().stream().filter(i -> i.consentId().equals(consentId)).toList());
    }

    private OutboxItem with(
        OutboxItem i, OutboxItem.State state, int attempts, String tx, String code) {
      return new OutboxItem(
          i.id(),
          i.kind(),
          i.consentId(),
          i.statement(),
          i.statementHash(),
          state,
          attempts,
          tx,
          code,
          i.createdAt(),
          clock.instant());
    }
  }

  private final class Challenges implements ChallengeStore {
    @Override
    public Future<Void> save(Challenge c) {
      return call(
          () -> {
            data.challenges.put(c.value(), c);
            return null;
          });
    }

    @Override
    public Future<Optional<Challenge>> find(String value) {
      return call(() -> Optional.ofNullable(data.challenges.get(value)));
    }

    @Override
    public Future<Integer> deleteExpired(Instant now) {
      return call(
          () -> {
            int before = data.challenges.size();
            data.challenges.values().removeIf(c -> c.expiresAt().isBefore(now));
            return before - data.challenges.size();
          });
    }
  }

  private final class Checkpoints implements EventCheckpoints {
    @Override
    public Future<Optional<EventCheckpoint>> load(String listener) {
      return call(() -> Optional.ofNullable(data.checkpoints.get(listener)));
    }

    @Override
    public Future<Void> save(String listener, EventCheckpoint checkpoint) {
      return call(
          () -> {
            data.checkpoints.put(listener, checkpoint);
            return null;
          });
    }
  }

  private final class Receipts implements kr.consentledger.consent.ReceiptStore {
    @Override
    public Future<Void> record(Receipt receipt) {
      return call(
          () -> {
            data.receipts.putIfAbsent(receipt.receiptId(), receipt);
            return null;
          });
    }

    @Override
    public Future<java.util.List<Receipt>> forConsent(String consentId, int offset, int limit) {
      return call(
          () ->
              data.receipts.values().stream()
                  .filter(r -> r.consentId().equals(consentId))
                  .sorted(
                      java.util.Comparator.comparing(Receipt::recordedAt)
                          .thenComparing(Receipt::receiptId))
                  .skip(offset)
                  .limit(limit)
                  .toList());
    }

    @Override
    public Future<java.util.List<Receipt>> forSubject(String subject, int offset, int limit) {
      return call(
          () ->
              data.receipts.values().stream()
                  .filter(
                      r ->
                          data.states.containsKey(r.consentId())
                              && data.states.get(r.consentId()).terms().subject().equals(subject))
                  .sorted(java.util.Comparator.comparing(Receipt::recordedAt).reversed())
                  .skip(offset)
                  .limit(limit)
                  .toList());
    }
  }

  private final class Nonces implements kr.consentledger.consent.NonceStore {
    @Override
    public Future<Boolean> remember(String provider, String nonce) {
      return call(() -> data.nonces.add(provider + " " + nonce));
    }
  }
}
