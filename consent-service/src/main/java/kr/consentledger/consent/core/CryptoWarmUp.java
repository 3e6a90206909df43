/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the consent checks once at start-up, on a worker thread, with a throw-away did:key
 * credential: the first request would otherwise load and compile the JOSE, BouncyCastle and
 * wallet-SDK classes on the event loop, which took 1 to 1.4 s on this project's machine and more
 * than Vert.x's 2 s limit when the machine was busy (a blocked-thread warning, which fails the
 * integration tests). Nothing is stored; a failure is only logged.
 */
public final class CryptoWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(CryptoWarmUp.class);

  private CryptoWarmUp() {}

  /**
   * Verifies one Ed25519 and one P-256 credential with its anchor statement, on a worker.
   *
   * @param vertx the Vert.x instance
   * @param verifier the service's verifier
   * @return done, whatever the outcome
   */
  public static Future<Void> run(Vertx vertx, ConsentVerifier verifier) {
    return vertx
        .executeBlocking(
            () -> {
              for (KeyType type : new KeyType[] {KeyType.ED25519, KeyType.P256}) {
                WalletKeyPair key = WalletKeyPair.generate(type);
                String did = DidKey.create(key.publicKey());
                Signer signer = key.signer(did + "#" + did.substring("did:key:".length()));
                String other = DidKey.create(WalletKeyPair.generate(KeyType.ED25519).publicKey());
                String third = DidKey.create(WalletKeyPair.generate(KeyType.ED25519).publicKey());
                Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                ConsentCredential c =
                    ConsentCredential.builder()
                        .subject(did, "Warm-up", "mailto:warm-up@example.kr")
                        .provider(other, "Warm-up")
                        .recipient(third, "Warm-up")
                        .validFrom(from)
                        .validUntil(from.plus(1, ChronoUnit.DAYS))
                        .purpose("warm-up", "ServiceProvision", true)
                        .dataCategory("health.checkup", true)
                        .transmission(
                            ConsentCredential.Transmission.oneTime(from.plus(1, ChronoUnit.DAYS)))
                        .retentionPeriod("P1D")
                        .legalBasis("PIPA Art. 35-2")
                        .withdrawal("wallet", null)
                        .statusBaseUrl("https://consent.example.kr/consents")
                        .build()
                        .issue(signer);
                verifier
                    .verifyGrant(c.jws(), ConsentStatements.anchor(c, signer))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
              }
              return null;
            },
            false)
        .otherwise(
            e -> {
              LOG.info(
                  "crypto warm-up did not complete ({}); the first request will be slower",
                  e.toString());
              return null;
            })
        .mapEmpty();
  }
}
