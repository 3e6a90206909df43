/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.Credential;
import kr.consentledger.wallet.credential.VerifiableCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.did.VerificationMethod;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * Fuzz tests (Jazzer) for every public parser that takes untrusted input. The property is the one
 * the javadoc promises: each parser returns normally or throws {@link RejectedException}; anything
 * else (a NullPointerException, an IllegalArgumentException, an ArrayIndexOutOfBoundsException, a
 * Jackson exception, a StackOverflowError...) is a bug. What a parser returns must also be usable:
 * its accessors must not throw.
 *
 * <p>Without {@code JAZZER_FUZZ} (a plain {@code mvn test}) each test runs once per file in
 * {@code src/test/resources/kr/consentledger/wallet/ParsersFuzzTestInputs/<method>/}: the seeds and
 * every crash found so far. To fuzz one target:
 * {@code JAZZER_FUZZ=1 mvn -B test -pl wallet-sdk -Dtest=ParsersFuzzTest#didDocumentParse
 * -Djazzer.max_duration=90s}.
 *
 * <p>Inputs are bytes. A compact JWS is given either as it is (the input does not start with
 * {@code {}) or as its decoded parts, {@code header JSON \n payload JSON \n signature bytes}, which
 * the test encodes, so that the fuzzer can work on the JSON directly. Two values (a credential and
 * an anchor statement, or a credential and a maximum term) are separated by a zero byte.
 */
class ParsersFuzzTest {
  private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();

  /** A parser call that may be refused. */
  @FunctionalInterface
  private interface Parse<T> {
    T run() throws RejectedException;
  }

  /**
   * @return what the parser returned, or null if it threw a well-formed RejectedException
   */
  private static <T> T parsedOrRejected(Parse<T> parse) {
    try {
      return Objects.requireNonNull(parse.run(), "a parser returned null");
    } catch (RejectedException e) {
      if (e.reason() == null || e.getMessage() == null || e.getMessage().isEmpty()) {
        throw new AssertionError("a RejectedException without reason or message", e);
      }
      return null;
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  @FuzzTest
  void consentCredentialParse(byte[] data) {
    String jws = jws(data);
    ConsentCredential c = parsedOrRejected(() -> ConsentCredential.parse(jws));
    if (c != null) {
      useConsent(c, jws);
    }
  }

  @FuzzTest
  void consentCredentialParseWithMaxTerm(byte[] data) {
    byte[][] parts = split(data);
    String jws = jws(parts[0]);
    Duration maxTerm = maxTerm(parts[1]);
    ConsentCredential c = parsedOrRejected(() -> ConsentCredential.parse(jws, maxTerm));
    if (c != null) {
      useConsent(c, jws);
      check(
          Duration.between(c.validFrom(), c.validUntil()).compareTo(maxTerm) <= 0,
          "a credential longer than the maximum term was accepted");
    }
  }

  private static void useConsent(ConsentCredential c, String jws) {
    check(c.isIssued() && c.jws().equals(jws), "jws() is not the input");
    check(
        c.credentialHash().equals(ConsentCredential.hashOf(jws)),
        "credentialHash() is not the hash of the input");
    check(c.validFrom().isBefore(c.validUntil()), "validFrom is not before validUntil");
    Objects.requireNonNull(c.consentId());
    Objects.requireNonNull(c.keyId());
    check(
        !c.subject().equals(c.provider())
            && !c.subject().equals(c.recipient())
            && !c.provider().equals(c.recipient()),
        "subject, provider and recipient are not three DIDs");
    check(
        !c.purposes().isEmpty() && !c.dataCategories().isEmpty(), "no purpose or no data category");
    Objects.requireNonNull(c.transmission());
    Objects.requireNonNull(c.retentionPeriod());
    Objects.requireNonNull(c.legalBasis());
    Objects.requireNonNull(c.toJson());
    Objects.requireNonNull(c.toString());
    useCredential(c.credential());
    check(c.verifiableCredential().jws().equals(jws), "verifiableCredential() is not the input");
  }

  @FuzzTest
  void verifiableCredentialParse(byte[] data) {
    String jws = jws(data);
    VerifiableCredential vc = parsedOrRejected(() -> VerifiableCredential.parse(jws));
    if (vc != null) {
      check(vc.jws().equals(jws), "jws() is not the input");
      Objects.requireNonNull(vc.keyId());
      Objects.requireNonNull(vc.toEnvelopedJson());
      Objects.requireNonNull(vc.toString());
      useCredential(vc.credential());
    }
  }

  private static void useCredential(Credential c) {
    Objects.requireNonNull(c.issuer());
    c.id();
    c.types();
    c.validFrom();
    c.validUntil();
    c.credentialStatus();
    Objects.requireNonNull(c.credentialSubject());
    Objects.requireNonNull(c.toJson());
    Objects.requireNonNull(c.toString());
    Credential again = parsedOrRejected(() -> Credential.parse(c.toJson()));
    check(c.equals(again), "a credential does not round-trip through toJson()");
  }

  @FuzzTest
  void verifiablePresentationParse(byte[] data) {
    String jws = jws(data);
    VerifiablePresentation vp = parsedOrRejected(() -> VerifiablePresentation.parse(jws));
    if (vp != null) {
      check(vp.jws().equals(jws), "jws() is not the input");
      Objects.requireNonNull(vp.holder());
      Objects.requireNonNull(vp.keyId());
      vp.audience();
      vp.nonce();
      Objects.requireNonNull(vp.toJson());
      Objects.requireNonNull(vp.toString());
      for (VerifiableCredential vc : vp.credentials()) {
        useCredential(vc.credential());
      }
    }
  }

  @FuzzTest
  void didAuthParse(byte[] data) {
    String jws = jws(data);
    DidAuth.Token t = parsedOrRejected(() -> DidAuth.parse(jws));
    if (t != null) {
      check(t.jws().equals(jws), "jws() is not the input");
      check(
          t.expiresAt().isAfter(t.issuedAt())
              && Duration.between(t.issuedAt(), t.expiresAt()).compareTo(DidAuth.MAX_TTL) <= 0,
          "a token outside 1 to 300 seconds was accepted");
      check(t.keyId().startsWith(t.issuer() + "#"), "kid is not a DID URL of iss");
    }
  }

  @FuzzTest
  void consentStatementsParseAnchor(byte[] data) {
    String jws = jws(data);
    ConsentStatements.Anchor a = parsedOrRejected(() -> ConsentStatements.parseAnchor(jws));
    if (a != null) {
      check(a.jws().equals(jws), "jws() is not the input");
      check(a.validFrom().isBefore(a.validUntil()), "validFrom is not before validUntil");
      check(a.keyId().startsWith(a.subject() + "#"), "kid is not a DID URL of the subject");
      Objects.requireNonNull(a.statementHash());
    }
  }

  @FuzzTest
  void consentStatementsParseRevocation(byte[] data) {
    String jws = jws(data);
    ConsentStatements.Revocation r = parsedOrRejected(() -> ConsentStatements.parseRevocation(jws));
    if (r != null) {
      check(r.jws().equals(jws), "jws() is not the input");
      check(r.keyId().startsWith(r.subject() + "#"), "kid is not a DID URL of the subject");
      Objects.requireNonNull(r.statementHash());
    }
  }

  @FuzzTest
  void consentStatementsCheckAnchorMatches(byte[] data) {
    byte[][] parts = split(data);
    String credential = jws(parts[0]);
    String anchor = jws(parts[1]);
    ConsentStatements.Anchor a =
        parsedOrRejected(() -> ConsentStatements.checkAnchorMatches(credential, anchor));
    if (a != null) {
      ConsentCredential c = parsedOrRejected(() -> ConsentCredential.parse(credential));
      check(
          c != null
              && a.credentialHash().equals(c.credentialHash())
              && a.consentId().equals(c.consentId()),
          "an anchor statement that does not match its credential was accepted");
    }
  }

  @FuzzTest
  void receiptStatementsParseReceipt(byte[] data) {
    String jws = jws(data);
    ReceiptStatements.Receipt r = parsedOrRejected(() -> ReceiptStatements.parseReceipt(jws));
    if (r != null) {
      check(r.jws().equals(jws), "jws() is not the input");
      check(r.keyId().startsWith(r.provider() + "#"), "kid is not a DID URL of the provider");
      check(
          !r.categories().isEmpty() && r.categories().size() <= ReceiptStatements.MAX_CATEGORIES,
          "categories out of 1 to 50");
      Objects.requireNonNull(r.statementHash());
    }
  }

  @FuzzTest
  void didKey(byte[] data) {
    String did = new String(data, StandardCharsets.UTF_8);
    WalletPublicKey key = parsedOrRejected(() -> DidKey.publicKey(did));
    DidDocument doc = parsedOrRejected(() -> DidKey.resolve(did));
    check((key == null) == (doc == null), "publicKey and resolve disagree about " + did);
    if (key != null) {
      check(
          DidKey.create(key).equals(did),
          "a did:key that is not the canonical spelling of its key");
      useKey(key);
      useDocument(doc);
      check(doc.id().equals(did), "the document is not of the DID");
    }
  }

  @FuzzTest
  void didJwkResolve(byte[] data) {
    String did = new String(data, StandardCharsets.UTF_8);
    DidDocument doc = parsedOrRejected(() -> DidJwk.resolve(did));
    if (doc != null) {
      useDocument(doc);
      check(doc.id().equals(did), "the document is not of the DID");
      check(doc.verificationMethod("#0").isPresent(), "the document has no #0");
    }
  }

  @FuzzTest
  void didDocumentParse(byte[] data) {
    String json = new String(data, StandardCharsets.UTF_8);
    DidDocument doc = parsedOrRejected(() -> DidDocument.parse(json));
    if (doc != null) {
      useDocument(doc);
    }
  }

  private static void useDocument(DidDocument doc) {
    Objects.requireNonNull(doc.id());
    doc.controllers();
    for (VerificationMethod m : doc.verificationMethods()) {
      useKey(m.publicKey());
      check(doc.verificationMethod(m.id()).isPresent(), "a listed method cannot be looked up");
    }
    for (VerificationRelationship r : VerificationRelationship.values()) {
      for (String id : doc.relationship(r)) {
        doc.authorizes(id, r);
      }
    }
    doc.services();
    Objects.requireNonNull(doc.toString());
    DidDocument again = parsedOrRejected(() -> DidDocument.parse(doc.toJson()));
    check(doc.equals(again), "a DID document does not round-trip through toJson()");
  }

  private static void useKey(WalletPublicKey key) {
    Objects.requireNonNull(key.toJwk());
    Objects.requireNonNull(key.toMultibase());
    Objects.requireNonNull(key.thumbprint());
    check(
        key.equals(parsedOrRejected(() -> WalletPublicKey.fromJwk(key.toJwk()))),
        "a key does not round-trip as JWK");
    check(
        key.equals(parsedOrRejected(() -> WalletPublicKey.fromMultibase(key.toMultibase()))),
        "a key does not round-trip as multibase");
  }

  /**
   * @param data a compact JWS as text, or {@code header \n payload \n signature} when it starts with {@code {}
   * @return the compact JWS
   */
  static String jws(byte[] data) {
    if (data.length == 0 || data[0] != '{') {
      return new String(data, StandardCharsets.UTF_8);
    }
    int a = indexOf(data, (byte) '\n', 0);
    int b = a < 0 ? -1 : indexOf(data, (byte) '\n', a + 1);
    byte[] header = a < 0 ? data : Arrays.copyOfRange(data, 0, a);
    byte[] payload = a < 0 ? new byte[0] : Arrays.copyOfRange(data, a + 1, b < 0 ? data.length : b);
    byte[] signature = b < 0 ? new byte[64] : Arrays.copyOfRange(data, b + 1, data.length);
    return B64U.encodeToString(header)
        + "."
        + B64U.encodeToString(payload)
        + "."
        + B64U.encodeToString(signature);
  }

  /**
   * Returns the bytes before the first zero byte, and those after it (empty if none).
   *
   * @return the bytes before the first zero byte, and those after it (empty if none)
   */
  static byte[][] split(byte[] data) {
    int z = indexOf(data, (byte) 0, 0);
    return z < 0
        ? new byte[][] {data, new byte[0]}
        : new byte[][] {
          Arrays.copyOfRange(data, 0, z), Arrays.copyOfRange(data, z + 1, data.length)
        };
  }

  /**
   * @return a positive maximum term: the decimal seconds in {@code text}, else the default
   */
  private static Duration maxTerm(byte[] text) {
    try {
      long seconds = Long.parseLong(new String(text, StandardCharsets.UTF_8).trim());
      return seconds > 0 ? Duration.ofSeconds(seconds) : ConsentCredential.DEFAULT_MAX_TERM;
    } catch (NumberFormatException e) {
      return ConsentCredential.DEFAULT_MAX_TERM;
    }
  }

  private static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
