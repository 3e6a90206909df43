/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;

/** The cache of computed did:key / did:jwk documents, and each document encoded once. */
class LocalDidCacheTest {
  static final String DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
  static final String JWK_DID = DidJwk.create(WalletKeyPair.generate(KeyType.P256).publicKey());

  final AtomicInteger computed = new AtomicInteger();

  /** A did:key driver that counts the documents it computes. */
  LocalDidDriver counting(int cacheSize) {
    return new LocalDidDriver(
        "key",
        did -> {
          computed.incrementAndGet();
          return KeyDidDriver.document(did);
        },
        cacheSize) {};
  }

  static ResolutionResult resolve(LocalDidDriver driver, String did) {
    return driver.resolve(did, ResolutionOptions.latest()).result();
  }

  @Test
  void a_did_key_resolved_twice_is_computed_once_and_encoded_once() throws Exception {
    LocalDidDriver driver = counting(16);

    ResolutionResult first = resolve(driver, DID);
    Buffer firstBody = first.encodedDocument();
    ResolutionResult second = resolve(driver, DID);

    assertThat(computed).hasValue(1);
    // The same result, whose JSON text is encoded once (ResolutionResultEncodingTest).
    assertThat(second).isSameAs(first);
    assertThat(second.encodedDocument()).isEqualTo(firstBody);
    assertThat(firstBody.toString(StandardCharsets.UTF_8))
        .isEqualTo(KeyDidDriver.document(DID).encode());
    assertThat(second.encodedResult().toString(StandardCharsets.UTF_8)).isEqualTo(first.encode());
  }

  @Test
  void the_did_key_and_did_jwk_drivers_return_the_cached_result() {
    KeyDidDriver key = new KeyDidDriver();
    JwkDidDriver jwk = new JwkDidDriver();

    assertThat(resolve(key, DID)).isSameAs(resolve(key, DID));
    assertThat(resolve(jwk, JWK_DID)).isSameAs(resolve(jwk, JWK_DID));
    assertThat(key.cachedDocuments()).isEqualTo(1);
    assertThat(jwk.cachedDocuments()).isEqualTo(1);
  }

  @Test
  void the_cache_holds_no_more_than_its_size_however_many_dids_are_resolved() {
    LocalDidDriver driver = counting(8);

    for (int i = 0; i < 200; i++) {
      String did = DidKey.create(WalletKeyPair.generate(KeyType.ED25519).publicKey());
      assertThat(resolve(driver, did).didDocument().getString("id")).isEqualTo(did);
    }

    assertThat(computed).hasValue(200);
    assertThat(driver.cachedDocuments()).isLessThanOrEqualTo(8);
    assertThat(driver.cacheSize()).isEqualTo(8);
  }

  @Test
  void a_rejected_did_is_not_cached_and_is_rejected_every_time() {
    LocalDidDriver driver = counting(16);
    String bad = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWq";

    for (int i = 0; i < 3; i++) {
      assertThat(driver.resolve(bad, ResolutionOptions.latest()).cause())
          .isInstanceOf(ResolutionException.class);
    }

    assertThat(computed).hasValue(3);
    assertThat(driver.cachedDocuments()).isZero();
  }

  @Test
  void with_a_cache_size_of_zero_every_resolution_computes_the_document() {
    LocalDidDriver driver = counting(0);

    ResolutionResult first = resolve(driver, DID);
    ResolutionResult second = resolve(driver, DID);

    assertThat(computed).hasValue(2);
    assertThat(second).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void the_shared_encoded_document_cannot_be_changed_by_a_reader() {
    ResolutionResult result = resolve(new KeyDidDriver(), DID);
    Buffer body = result.encodedDocument();

    assertThatThrownBy(() -> body.setByte(0, (byte) 'x')).isInstanceOf(RuntimeException.class);
    body.appendString("x");

    assertThat(result.encodedDocument().toString(StandardCharsets.UTF_8))
        .isEqualTo(result.encodeDocument());
  }
}
