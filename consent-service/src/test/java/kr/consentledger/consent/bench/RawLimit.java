/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The yardstick of a run: BouncyCastle Ed25519 verifications of one signed 1 KB message, on two
 * threads, per second, measured on the same machine in the same run as the scenarios.
 */
final class RawLimit {
  private RawLimit() {}

  /**
   * Verifications per second on {@code threads} threads over {@code seconds} (after a third as long
   * of warm-up).
   */
  static double measure(int threads, double seconds) throws InterruptedException {
    SecureRandom random = new SecureRandom();
    Ed25519KeyPairGenerator gen = new Ed25519KeyPairGenerator();
    gen.init(new Ed25519KeyGenerationParameters(random));
    AsymmetricCipherKeyPair pair = gen.generateKeyPair();
    byte[] message = new byte[1024];
    random.nextBytes(message);
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, (Ed25519PrivateKeyParameters) pair.getPrivate());
    signer.update(message, 0, message.length);
    byte[] signature = signer.generateSignature();
    Ed25519PublicKeyParameters pub = (Ed25519PublicKeyParameters) pair.getPublic();
    run(threads, seconds / 3, message, signature, pub);
    return run(threads, seconds, message, signature, pub);
  }

  private static double run(
      int threads, double seconds, byte[] message, byte[] signature, Ed25519PublicKeyParameters pub)
      throws InterruptedException {
    LongAdder count = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                Ed25519Signer verifier = new Ed25519Signer();
                while (!stop.get()) {
                  verifier.init(false, pub);
                  verifier.update(message, 0, message.length);
                  if (!verifier.verifySignature(signature)) {
                    throw new IllegalStateException("the raw-limit signature must verify");
                  }
                  count.increment();
                }
              },
              "raw-limit-" + i);
      workers.add(t);
    }
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    for (Thread t : workers) {
      t.join();
    }
    return count.sum() / ((System.nanoTime() - start) / 1e9);
  }
}
