/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.testing;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import kr.consentledger.consent.RegistryLedger;

/** A fake participant registry and consent status, answering from maps. */
public class FakeRegistry implements RegistryLedger {
  public final Map<String, Participant> participants = new HashMap<>();
  public final Map<String, LedgerConsent> consents = new HashMap<>();

  /** How many times a consent's record was read. */
  public final java.util.concurrent.atomic.AtomicInteger consentReads =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Registers an active participant. */
  public void register(String did, String role) {
    participants.put(did, new Participant(did, role, "active"));
  }

  @Override
  public Future<Optional<Participant>> participant(String did) {
    return Future.succeededFuture(Optional.ofNullable(participants.get(did)));
  }

  @Override
  public Future<Optional<LedgerConsent>> consent(String consentId) {
    consentReads.incrementAndGet();
    return Future.succeededFuture(Optional.ofNullable(consents.get(consentId)));
  }
}
