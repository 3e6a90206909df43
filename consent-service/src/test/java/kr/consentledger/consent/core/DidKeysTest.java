/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.junit.jupiter.api.Test;

/**
 * {@link DidKeys#verify}: the SDK's signature check, with its codes as the service's problem codes.
 */
class DidKeysTest {
  private static final WalletKeyPair KEY = WalletKeyPair.generate(KeyType.P256);
  private static final String DID = DidFabric.didFor(KEY.publicKey());
  private static final DidDocument DOC = DidFabric.newDocument(KEY.publicKey()).build();
  private static final String KID = DID + "#key-1";
  private static final String JWS =
      Wallet.sign("consent-anchor+jwt", null, new JsonObject().put("a", 1), KEY.signer(KID));

  private static ProblemCode codeOf(
      DidDocument doc, String kid, String jws, VerificationRelationship rel) {
    return catchThrowableOfType(ConsentException.class, () -> DidKeys.verify(doc, kid, jws, rel))
        .code();
  }

  @Test
  void a_statement_signed_by_a_key_under_the_relationship_verifies() {
    assertThatCode(() -> DidKeys.verify(DOC, KID, JWS, VerificationRelationship.ASSERTION_METHOD))
        .doesNotThrowAnyException();
  }

  @Test
  void a_kid_that_is_not_a_key_of_the_document_or_not_under_the_relationship_is_not_authorised() {
    DidDocument keyAgreementOnly =
        DidDocument.builder(DID)
            .addVerificationMethod(
                "#key-1", KEY.publicKey(), VerificationRelationship.KEY_AGREEMENT)
            .build();

    assertThat(codeOf(DOC, DID + "#key-2", JWS, VerificationRelationship.ASSERTION_METHOD))
        .isEqualTo(ProblemCode.NOT_AUTHORISED);
    assertThat(codeOf(keyAgreementOnly, KID, JWS, VerificationRelationship.ASSERTION_METHOD))
        .isEqualTo(ProblemCode.NOT_AUTHORISED);
  }

  @Test
  void a_changed_signature_another_key_type_and_text_that_is_not_a_jws_keep_their_codes() {
    int at = JWS.lastIndexOf('.') + 1;
    String changed =
        JWS.substring(0, at) + (JWS.charAt(at) == 'A' ? 'B' : 'A') + JWS.substring(at + 1);
    WalletKeyPair ed = WalletKeyPair.generate(KeyType.ED25519);
    DidDocument edDoc = DidFabric.newDocument(ed.publicKey()).build();
    String edKid = DidFabric.didFor(ed.publicKey()) + "#key-1";

    assertThat(codeOf(DOC, KID, changed, VerificationRelationship.ASSERTION_METHOD))
        .isEqualTo(ProblemCode.BAD_SIGNATURE);
    assertThat(codeOf(edDoc, edKid, JWS, VerificationRelationship.ASSERTION_METHOD))
        .isEqualTo(ProblemCode.UNSUPPORTED_ALGORITHM);
    assertThat(codeOf(DOC, KID, "not.a-jws", VerificationRelationship.ASSERTION_METHOD))
        .isEqualTo(ProblemCode.MALFORMED_JWT);
  }
}
