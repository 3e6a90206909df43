package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.KeyType;
import kr.consentledger.wallet.WalletKeyPair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JwsSignaturesTest {

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "P256", "SECP256K1"})
  void verifies_each_algorithm_and_refuses_a_changed_signature_or_another_key_type(KeyType type) {
    WalletKeyPair key = WalletKeyPair.generate(type);
    String jws = Wallet.sign("consent-anchor+jwt", null, new JsonObject().put("a", 1), key.signer("did:key:x#x"));
    int at = jws.lastIndexOf('.') + 1;
    String changed = jws.substring(0, at) + (jws.charAt(at) == 'A' ? 'B' : 'A') + jws.substring(at + 1);
    KeyType other = type == KeyType.ED25519 ? KeyType.P256 : KeyType.ED25519;

    assertThatCode(() -> JwsSignatures.verify(jws, key.publicKey())).doesNotThrowAnyException();
    assertThatThrownBy(() -> JwsSignatures.verify(changed, key.publicKey()))
        .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.code())
            .isEqualTo(ProblemCode.BAD_SIGNATURE));
    assertThatThrownBy(() -> JwsSignatures.verify(jws, WalletKeyPair.generate(other).publicKey()))
        .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.code())
            .isEqualTo(ProblemCode.UNSUPPORTED_ALGORITHM));
    assertThatThrownBy(() -> JwsSignatures.verify(jws, WalletKeyPair.generate(type).publicKey()))
        .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.code())
            .isEqualTo(ProblemCode.BAD_SIGNATURE));
  }
}
