/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kr.consentledger.consent.Oid4vpRequestStore.Request;
import kr.consentledger.consent.Oid4vpRequestStore.Status;
import org.junit.jupiter.api.Test;

/**
 * OpenID4VP requests on a real PostgreSQL: kept for every instance, changed only from the state a
 * caller saw (so two instances never both answer or decide a request), capped, and purged once
 * expired.
 */
class PgOid4vpRequestStoreIT extends PgStorageFixture {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static Request created(Instant expiresAt) {
    return new Request(
        UUID.randomUUID().toString(),
        "did:key:zProvider",
        "did:key:zRecipient",
        List.of("health.checkup", "health.prescription"),
        "ServiceProvision",
        "nonce-1",
        "state-1",
        expiresAt,
        Status.CREATED,
        null,
        null,
        null,
        null);
  }

  @Test
  void a_request_is_kept_and_changes_only_from_the_state_its_caller_saw() throws Exception {
    PgOid4vpRequestStore store = new PgOid4vpRequestStore(storage.pool());
    PgOid4vpRequestStore otherInstance = new PgOid4vpRequestStore(storage.pool());
    Request r = created(NOW.plusSeconds(600));

    assertThat(await(store.insert(r, 10_000, NOW))).isTrue();
    Request signed = r.with(Status.PENDING, "h.p.s", null, null, null);
    boolean first = await(store.replace(Status.CREATED, signed));
    boolean again = await(otherInstance.replace(Status.CREATED, signed));
    Request answered = signed.with(Status.RESPONDED, null, "vp", null, null);
    boolean respondedOnce = await(otherInstance.replace(Status.PENDING, answered));
    boolean respondedTwice = await(store.replace(Status.PENDING, answered));
    Request decided = answered.with(Status.DECIDED, null, "vp", null, "{\"decision\":\"allow\"}");
    assertThat(await(store.replace(Status.RESPONDED, decided))).isTrue();

    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(respondedOnce).isTrue();
    assertThat(respondedTwice).isFalse();
    assertThat(await(otherInstance.find(r.id()))).contains(decided);
    assertThat(await(store.find(UUID.randomUUID().toString()))).isEmpty();
  }

  @Test
  void open_requests_are_capped_and_expired_ones_purged() throws Exception {
    PgOid4vpRequestStore store = new PgOid4vpRequestStore(storage.pool());
    await(store.purge(Instant.parse("2100-01-01T00:00:00Z")));
    Request lapsed = created(NOW.minusSeconds(1));
    Request open = created(NOW.plusSeconds(600));

    assertThat(await(store.insert(lapsed, 1, NOW))).isTrue();
    assertThat(await(store.insert(open, 1, NOW))).as("the lapsed one does not count").isTrue();
    assertThat(await(store.insert(created(NOW.plusSeconds(600)), 1, NOW))).isFalse();
    assertThat(await(store.purge(NOW))).isEqualTo(1);
    assertThat(await(store.find(lapsed.id()))).isEmpty();
    assertThat(await(store.find(open.id()))).isPresent();
  }
}
