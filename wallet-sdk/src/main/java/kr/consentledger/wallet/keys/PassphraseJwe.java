/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import java.util.Arrays;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;

/**
 * A compact JWE wrapped with a passphrase, PBES2-HS512+A256KW and A256GCM, as the key store file
 * and the private key export are written: one place for the algorithms, the PBKDF2 cost's range and
 * the wiping of the passphrase's bytes.
 */
final class PassphraseJwe {
  /** The lowest PBKDF2 cost accepted (tests); what the wallet writes is its store's default. */
  static final int MIN_ITERATIONS = 1_000;

  private PassphraseJwe() {}

  /**
   * Checks a PBKDF2 cost.
   *
   * @throws IllegalArgumentException outside {@link #MIN_ITERATIONS} to nimbus's largest
   */
  static void checkIterations(int iterations) {
    if (!iterationsAllowed(iterations)) {
      throw new IllegalArgumentException(
          "iterations: between "
              + MIN_ITERATIONS
              + " and "
              + PasswordBasedDecrypter.MAX_ALLOWED_ITERATION_COUNT);
    }
  }

  /** Whether a PBKDF2 cost is within the range that is written and read. */
  static boolean iterationsAllowed(int iterations) {
    return iterations >= MIN_ITERATIONS
        && iterations <= PasswordBasedDecrypter.MAX_ALLOWED_ITERATION_COUNT;
  }

  /**
   * Checks a passphrase's length.
   *
   * @param name what it is called in the message ("password", "passphrase")
   * @throws IllegalArgumentException when shorter than 8 characters
   */
  static void checkPassphrase(char[] passphrase, String name) {
    if (passphrase.length < 8) {
      throw new IllegalArgumentException(name + ": at least 8 characters");
    }
  }

  /** Whether a JWE header names this wrapping. */
  static boolean isPassphraseWrapped(JWEHeader header) {
    return JWEAlgorithm.PBES2_HS512_A256KW.equals(header.getAlgorithm())
        && EncryptionMethod.A256GCM.equals(header.getEncryptionMethod());
  }

  /**
   * Encrypts a payload.
   *
   * @param payload the bytes to wrap
   * @param contentType the header's {@code cty}
   * @param passphrase the passphrase
   * @param iterations the PBKDF2 cost, already checked
   * @return the compact JWE
   * @throws JOSEException when the encryption fails
   */
  static String encrypt(byte[] payload, String contentType, char[] passphrase, int iterations)
      throws JOSEException {
    byte[] pw = WalletKeyStore.utf8(passphrase);
    try {
      JWEObject jwe =
          new JWEObject(
              new JWEHeader.Builder(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A256GCM)
                  .contentType(contentType)
                  .build(),
              new Payload(payload));
      jwe.encrypt(new PasswordBasedEncrypter(pw, 16, iterations));
      return jwe.serialize();
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  /**
   * Decrypts a parsed JWE whose header was checked.
   *
   * @param jwe the JWE
   * @param passphrase the passphrase
   * @param rejected the message when the passphrase is wrong or the bytes were altered
   * @return the payload's bytes
   * @throws RejectedException {@link RejectionReason#WRONG_PASSWORD} with {@code rejected}
   */
  static byte[] decrypt(JWEObject jwe, char[] passphrase, String rejected)
      throws RejectedException {
    byte[] pw = WalletKeyStore.utf8(passphrase);
    try {
      jwe.decrypt(new PasswordBasedDecrypter(pw));
    } catch (JOSEException e) {
      throw new RejectedException(RejectionReason.WRONG_PASSWORD, rejected, e);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    return jwe.getPayload().toBytes();
  }
}
