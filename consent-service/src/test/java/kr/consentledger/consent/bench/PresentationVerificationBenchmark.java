/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.consent.core.DidKeys;
import kr.consentledger.consent.core.PresentationVerifier;
import kr.consentledger.consent.testing.FakeRegistry;
import kr.consentledger.consent.testing.FakeResolver;
import kr.consentledger.consent.testing.Wallet;
import kr.consentledger.wallet.consent.ReceiptStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of one provider verification in process: every check of {@link PresentationVerifier}
 * (three signatures: the presentation's P-256, the credential's and the receipt's Ed25519; the
 * consent rules, the receipt's shape), with DID resolution, the registry and the nonce store
 * answered from memory. The network and PostgreSQL round trips of a real verification are not in
 * it. Run it by hand (README, "Measured figures"); no test asserts on its numbers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class PresentationVerificationBenchmark {
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  PresentationVerifier verifier;
  PresentationVerifier.Request request;

  /** One consent, one presentation by the recipient, one receipt; nonces always count as new. */
  @Setup
  public void setUp() throws Exception {
    Wallet subject = new Wallet();
    Wallet provider = new Wallet();
    Wallet recipient = new Wallet();
    FakeResolver resolver = new FakeResolver();
    FakeRegistry registry = new FakeRegistry();
    for (Wallet w : List.of(subject, provider, recipient)) {
      resolver.register(w.document);
    }
    registry.register(provider.did, "provider");
    registry.register(recipient.did, "recipient");
    ConsentCredential consent = subject.consentCredential(provider.did, recipient.did, NOW);
    registry.consents.put(
        consent.consentId(),
        new RegistryLedger.LedgerConsent(
            consent.consentId(),
            consent.credentialHash(),
            provider.did,
            recipient.did,
            "ConsentGiven"));
    String vp =
        VerifiablePresentation.builder()
            .holder(recipient.did)
            .credential(consent.verifiableCredential())
            .audience(provider.did)
            .nonce("bench")
            .sign(recipient.authSigner())
            .jws();
    List<String> categories = List.of("health.checkup");
    String receipt =
        ReceiptStatements.receipt(
            null,
            consent.consentId(),
            provider.did,
            recipient.did,
            categories,
            ReceiptStatements.presentationHash(vp),
            provider.assertionSigner());
    verifier =
        new PresentationVerifier(
            new DidKeys(resolver),
            registry,
            (p, n) -> Future.succeededFuture(true),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofDays(365));
    request =
        new PresentationVerifier.Request(
            provider.did, vp, recipient.did, categories, "ServiceProvision", receipt);
    if (!verify().allowed()) {
      throw new IllegalStateException("the benchmark's presentation must be allowed");
    }
  }

  /** One whole verification. */
  @Benchmark
  public PresentationVerifier.Result verify() throws Exception {
    return verifier
        .verify(request)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
