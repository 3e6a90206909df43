/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.DidResolvers;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;

/** W3C Bitstring Status List v1.0: the list, its entries and its credential. */
class BitstringStatusListTest {
  /** The specification's example {@code encodedList} (section 2.2): 131,072 entries, all 0. */
  static final String SPEC_ENCODED_LIST =
      "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

  private static final String LIST = "https://consent.example.kr/status-lists/1";

  @Test
  void the_specifications_example_list_expands_to_131072_entries_all_zero() throws Exception {
    BitstringStatusList list = BitstringStatusList.decode(SPEC_ENCODED_LIST);

    assertThat(list.length()).isEqualTo(131_072);
    assertThat(list.toBytes()).containsOnly((byte) 0);
    assertThat(list.get(94_567)).isFalse();
    assertThat(BitstringStatusList.decode(list.encode()).toBytes()).isEqualTo(list.toBytes());
  }

  @Test
  void index_zero_is_the_left_most_bit_and_the_last_index_the_right_most() throws Exception {
    BitstringStatusList list = BitstringStatusList.create(BitstringStatusList.MIN_LENGTH);
    list.set(0, true).set(9, true).set(131_071, true);

    byte[] bytes = list.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 0x80);
    assertThat(bytes[1]).isEqualTo((byte) 0x40);
    assertThat(bytes[16_383]).isEqualTo((byte) 0x01);
    BitstringStatusList back = BitstringStatusList.decode(list.encode());
    assertThat(back.get(0)).isTrue();
    assertThat(back.get(1)).isFalse();
    assertThat(back.get(9)).isTrue();
    assertThat(back.get(131_071)).isTrue();
    assertThat(list.encode()).startsWith("uH4sI");
    back.set(9, false);
    assertThat(back.get(9)).isFalse();
  }

  @Test
  void a_list_shorter_than_16_kb_is_a_length_error_and_an_index_outside_a_range_error()
      throws Exception {
    String shortList = "u" + b64u(gzip(new byte[16_383]));

    assertThatThrownBy(() -> BitstringStatusList.decode(shortList))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATUS_LIST_LENGTH_ERROR));
    BitstringStatusList list = BitstringStatusList.decode(SPEC_ENCODED_LIST);
    assertThatThrownBy(() -> list.get(131_072))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATUS_RANGE_ERROR));
    assertThatThrownBy(() -> BitstringStatusList.create(1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_encoded_list_without_the_multibase_prefix_or_not_gzip_is_malformed() {
    for (String bad :
        new String[] {
          SPEC_ENCODED_LIST.substring(1),
          "u" + b64u(new byte[] {1, 2, 3}),
          "u!!!",
          SPEC_ENCODED_LIST + "=",
          "u" + b64u(gzipZeros(BitstringStatusList.MAX_LENGTH / 8 + 1))
        }) {
      assertThatThrownBy(() -> BitstringStatusList.decode(bad))
          .as(bad.length() > 40 ? bad.substring(0, 40) : bad)
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATUS_MALFORMED_VALUE));
    }
  }

  @Test
  void an_entry_is_written_as_the_specification_shows_and_read_back() throws Exception {
    StatusListEntry entry = StatusListEntry.revocation(LIST, 94_567);

    assertThat(entry.toJson().toString())
        .isEqualTo(
            "{\"id\":\""
                + LIST
                + "#94567\",\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\","
                + "\"statusListIndex\":\"94567\",\"statusListCredential\":\""
                + LIST
                + "\"}");
    assertThat(StatusListEntry.fromJson(entry.toJson())).isEqualTo(entry);
    var noIndex = entry.toJson().put("statusListIndex", "0x10");
    assertThatThrownBy(() -> StatusListEntry.fromJson(noIndex))
        .hasMessageContaining("statusListIndex");
    var listId = entry.toJson().put("id", LIST);
    assertThatThrownBy(() -> StatusListEntry.fromJson(listId)).hasMessageContaining("id");
    var sized = entry.toJson().put("statusSize", 2);
    assertThatThrownBy(() -> StatusListEntry.fromJson(sized)).hasMessageContaining("statusSize");
  }

  @Test
  void a_signed_list_gives_the_status_of_a_revoked_and_a_valid_entry_and_refuses_another_list()
      throws Exception {
    WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519);
    String did = DidKey.create(key.publicKey());
    Signer signer = key.signer(did + "#" + key.publicKey().toMultibase());
    BitstringStatusList bits = BitstringStatusList.create(BitstringStatusList.MIN_LENGTH);
    bits.set(42, true);
    StatusListCredential issued =
        StatusListCredential.issue(
            LIST, did, "revocation", bits, Instant.parse("2026-12-04T10:00:00.5Z"), signer);
    Verifier verifier =
        Verifier.builder()
            .resolver(DidResolvers.local())
            .clock(Clock.fixed(Instant.parse("2026-12-04T10:00:01Z"), ZoneOffset.UTC))
            .build();

    String jws = issued.credential().jws();
    assertThat(issued.credential().credential().validFrom())
        .contains(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(verifier.checkStatus(StatusListEntry.revocation(LIST, 42), jws))
        .isEqualTo(new StatusListCredential.Status(1, "revocation", false));
    assertThat(verifier.checkStatus(StatusListEntry.revocation(LIST, 43), jws))
        .isEqualTo(new StatusListCredential.Status(0, "revocation", true));
    assertThatThrownBy(() -> verifier.checkStatus(StatusListEntry.revocation(LIST + "0", 42), jws))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATUS_VERIFICATION_ERROR));
    assertThatThrownBy(() -> verifier.checkStatus(new StatusListEntry("suspension", 42, LIST), jws))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATUS_VERIFICATION_ERROR));
    String tampered = jws.substring(0, jws.length() - 2) + (jws.endsWith("AA") ? "BA" : "AA");
    assertThatThrownBy(() -> verifier.checkStatus(StatusListEntry.revocation(LIST, 42), tampered))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATUS_VERIFICATION_ERROR));
  }

  @Test
  void the_consent_builder_writes_both_status_entries_and_the_parser_reads_the_list_entry()
      throws Exception {
    WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519);
    String did = DidKey.create(key.publicKey());
    Signer signer = key.signer(did + "#" + key.publicKey().toMultibase());
    ConsentCredential consent = consent(did).statusListEntry(LIST, 7).build().issue(signer);

    ConsentCredential parsed = ConsentCredential.parse(consent.jws());
    assertThat(parsed.statusListEntry()).contains(StatusListEntry.revocation(LIST, 7));
    assertThat(parsed.credential().credentialStatus().orElseThrow())
        .startsWith("[{\"consentId\"")
        .contains("\"type\":\"BitstringStatusListEntry\"");
    assertThat(consent(did).build().statusListEntry()).isEmpty();
  }

  @Test
  void a_consent_credential_whose_status_array_breaks_the_rules_is_an_invalid_credential()
      throws Exception {
    WalletKeyPair key = WalletKeyPair.generate(KeyType.ED25519);
    String did = DidKey.create(key.publicKey());
    Signer signer = key.signer(did + "#" + key.publicKey().toMultibase());
    String valid = consent(did).statusListEntry(LIST, 7).build().toJson();
    String entry = StatusListEntry.revocation(LIST, 7).toJson().toString();
    String consentEntry =
        Json.parseObject(consent(did).build().toJson())
            .orElseThrow()
            .get("credentialStatus")
            .toString();
    String[] broken = {
      "[" + entry + "]",
      "[" + consentEntry + "," + entry + "," + entry + "]",
      "[" + consentEntry + "," + entry.replace("revocation", "suspension") + "]",
      "[" + consentEntry + "," + entry.replace("\"7\"", "\"07\"") + "]",
      "[" + consentEntry + ",{\"type\":\"SomethingElse\"}]",
    };
    for (String status : broken) {
      var json = Json.parseObject(valid).orElseThrow();
      json.set("credentialStatus", Json.parse(status).orElseThrow());
      String jws = VerifiableCredential.issue(Credential.parse(json.toString()), signer).jws();
      assertThatThrownBy(() -> ConsentCredential.parse(jws))
          .as(status)
          .isInstanceOfSatisfying(
              RejectedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_CREDENTIAL);
                assertThat(e.getMessage()).contains("credentialStatus");
              });
    }
  }

  private static ConsentCredentialBuilder consent(String did) {
    Instant from = Instant.parse("2026-11-22T00:00:00Z");
    Instant until = Instant.parse("2027-05-22T00:00:00Z");
    return ConsentCredential.builder()
        .subject(did, null, null)
        .provider("did:fabric:L3iALVCCAkg61mFqx2Xfcy", null)
        .recipient("did:fabric:JF1LV3XPAv1f1HtHBBVJ7v", null)
        .validFrom(from)
        .validUntil(until)
        .purpose("p", "ServiceProvision", true)
        .dataCategory("health.checkup", true)
        .transmission(ConsentCredential.Transmission.oneTime(until))
        .retentionPeriod("P1Y")
        .legalBasis("PIPA Art. 35-2")
        .withdrawal("wallet", null)
        .statusBaseUrl("https://consent.example.kr/consents");
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] gzipZeros(int n) {
    try {
      return gzip(new byte[n]);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64u(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
