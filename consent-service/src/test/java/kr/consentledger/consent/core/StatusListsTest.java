/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.StatusListStore;
import kr.consentledger.consent.boot.StatusListConfig;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.StatusListCredential;
import kr.consentledger.wallet.credential.StatusListEntry;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.Verifier;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status lists' use cases over an in-memory store: binding, publishing, the operator key. */
class StatusListsTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  private static final String BASE = "https://consent.example.kr";

  /** Indexes in memory, as the PostgreSQL adapter keeps them. */
  static final class MemoryStore implements StatusListStore {
    record Row(String subject, Instant expiresAt, String consentId) {}

    final Map<Integer, Row> rows = new HashMap<>();
    final List<Integer> withdrawn = new ArrayList<>();

    @Override
    public Future<Reservation> reserve(
        String subject, Instant now, Instant expiresAt, IntUnaryOperator randomIndex) {
      int index;
      do {
        index = randomIndex.applyAsInt(131_072);
      } while (rows.containsKey(index));
      rows.put(index, new Row(subject, expiresAt, null));
      return Future.succeededFuture(new Reservation(1, index, expiresAt));
    }

    @Override
    public Future<Claim> bind(
        int listId, int index, String subject, String consentId, Instant now) {
      Row r = rows.get(index);
      if (listId != 1 || r == null || !r.subject().equals(subject)) {
        return Future.succeededFuture(Claim.NOT_RESERVED);
      }
      if (r.consentId() != null) {
        return Future.succeededFuture(
            r.consentId().equals(consentId) ? Claim.BOUND : Claim.NOT_RESERVED);
      }
      if (!r.expiresAt().isAfter(now)) {
        return Future.succeededFuture(Claim.EXPIRED);
      }
      rows.put(index, new Row(subject, r.expiresAt(), consentId));
      return Future.succeededFuture(Claim.BOUND);
    }

    @Override
    public Future<Optional<ListState>> state(int listId) {
      return Future.succeededFuture(
          listId == 1
              ? Optional.of(new ListState(1, 131_072, "revocation", List.copyOf(withdrawn)))
              : Optional.empty());
    }
  }

  private final MemoryStore store = new MemoryStore();
  private final WalletKeyPair operatorKey = WalletKeyPair.generate(KeyType.ED25519);
  private final StatusLists.Operator operator =
      new StatusListConfig(operatorKey, null, Duration.ofMinutes(30), false).operator();
  private final WalletKeyPair subjectKey = WalletKeyPair.generate(KeyType.ED25519);
  private final String subject = DidKey.create(subjectKey.publicKey());
  private final Signer signer = subjectKey.signer(subject + "#" + subject.substring(8));

  private StatusLists lists(Instant now, boolean required) {
    return new StatusLists(
        store,
        operator,
        Clock.fixed(now, ZoneOffset.UTC),
        BASE + "/",
        Duration.ofMinutes(30),
        required);
  }

  private ConsentCredential consent(StatusListEntry entry) throws Exception {
    var b =
        ConsentCredential.builder()
            .subject(subject, null, null)
            .provider("did:fabric:L3iALVCCAkg61mFqx2Xfcy", null)
            .recipient("did:fabric:JF1LV3XPAv1f1HtHBBVJ7v", null)
            .validFrom(NOW)
            .validUntil(NOW.plus(Duration.ofDays(30)))
            .purpose("p", "ServiceProvision", true)
            .dataCategory("health.checkup", true)
            .transmission(ConsentCredential.Transmission.oneTime(NOW.plus(Duration.ofDays(30))))
            .retentionPeriod("P1Y")
            .legalBasis("PIPA Art. 35-2")
            .withdrawal("wallet", null)
            .statusBaseUrl(BASE + "/consents");
    if (entry != null) {
      b.statusListEntry(entry.statusListCredential(), entry.statusListIndex());
    }
    return b.build().issue(signer);
  }

  private static ProblemCode code(Future<?> f) {
    assertThat(f.failed()).as("failed").isTrue();
    return ((ConsentException) f.cause()).code();
  }

  @Test
  void a_reservation_binds_once_to_its_subjects_consent_and_lapses_unused() throws Exception {
    StatusLists lists = lists(NOW, false);
    StatusLists.Reserved r = lists.reserve(subject).result();
    assertThat(r.entry().statusListCredential()).isEqualTo(BASE + "/status-lists/1");
    assertThat(r.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));

    ConsentCredential first = consent(r.entry());
    assertThat(lists.bind(first).succeeded()).isTrue();
    assertThat(lists.bind(first).succeeded()).as("the same consent again").isTrue();
    assertThat(code(lists.bind(consent(r.entry()))))
        .isEqualTo(ProblemCode.STATUS_ENTRY_NOT_RESERVED);
    assertThat(code(lists.bind(consent(StatusListEntry.revocation(BASE + "/other/1", 1)))))
        .isEqualTo(ProblemCode.STATUS_ENTRY_NOT_RESERVED);

    StatusLists.Reserved lapsing = lists.reserve(subject).result();
    assertThat(code(lists(NOW.plus(Duration.ofMinutes(31)), false).bind(consent(lapsing.entry()))))
        .isEqualTo(ProblemCode.STATUS_RESERVATION_EXPIRED);
    assertThat(lists.bind(consent(null)).succeeded()).isTrue();
    assertThat(code(lists(NOW, true).bind(consent(null))))
        .isEqualTo(ProblemCode.INVALID_CREDENTIAL);
  }

  @Test
  void the_list_is_signed_by_the_operator_and_resigned_only_when_a_bit_changes() throws Exception {
    StatusLists lists = lists(NOW, false);
    StatusLists.Published before = lists.publish(1).result();
    assertThat(lists.publish(1).result().etag()).isEqualTo(before.etag());
    store.withdrawn.add(42);
    StatusLists.Published after = lists.publish(1).result();

    assertThat(after.etag()).isNotEqualTo(before.etag()).startsWith("\"").endsWith("\"");
    VerifiableCredential vc = VerifiableCredential.parse(after.jws());
    Verifier.verifyCredential(vc, operator.document());
    assertThat(vc.credential().issuer()).isEqualTo(operator.did()).startsWith("did:fabric:");
    StatusListCredential list = StatusListCredential.parse(vc);
    assertThat(list.statusOf(StatusListEntry.revocation(BASE + "/status-lists/1", 42)).valid())
        .isFalse();
    assertThat(list.statusOf(StatusListEntry.revocation(BASE + "/status-lists/1", 41)).valid())
        .isTrue();
    assertThat(code(lists.publish(2))).isEqualTo(ProblemCode.STATUS_LIST_NOT_FOUND);
  }

  @Test
  void the_operator_key_is_read_from_a_private_jwk_file(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("operators.jwk");
    Files.writeString(file, operatorKey.toPrivateJwk() + "\n");
    StatusListConfig config =
        StatusListConfig.fromEnvironment(
            Map.of(
                "CONSENT_STATUS_LIST_KEY_FILE",
                file.toString(),
                "CONSENT_PUBLIC_URL",
                BASE,
                "CONSENT_STATUS_RESERVATION_MINUTES",
                "5",
                "CONSENT_STATUS_LIST_REQUIRED",
                "true"));

    assertThat(config.operator().did()).isEqualTo(operator.did());
    assertThat(config.operator().signer().keyId()).isEqualTo(operator.did() + "#key-1");
    assertThat(config.publicUrl()).isEqualTo(BASE);
    assertThat(config.reservationTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.required()).isTrue();
    Files.writeString(file, "not a key");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                StatusListConfig.fromEnvironment(
                    Map.of("CONSENT_STATUS_LIST_KEY_FILE", file.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONSENT_STATUS_LIST_KEY_FILE");
  }
}
