/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.DidResolver;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;
import kr.consentledger.resolver.driver.CachingDidDriver;
import kr.consentledger.resolver.driver.DidDocumentCache;
import kr.consentledger.resolver.driver.DidResolvers;
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
 * Throughput of resolving a cached did:fabric (routing, cache lookup, encoding the document) and a
 * did:key, each as the HTTP handler does it: {@code ...Encoded} methods take the result's memoised
 * JSON ({@link ResolutionResult#encodedResult()}, since the local cache and the encode-once
 * change), {@code ...Encode} methods encode it again on every call (as before them). Run it by
 * hand; no test asserts on its numbers:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main CachedResolutionBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CachedResolutionBenchmark {
  static final String DID = "did:fabric:7Tqg6BwSSWapxgUDm9KKgg";

  static final String KEY_DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

  DidResolver resolver;
  DidResolver local;

  /** Builds a resolver whose ledger is never reached after the first call. */
  @Setup
  public void setUp() {
    DidMethodDriver ledger =
        new DidMethodDriver() {
          @Override
          public String method() {
            return "fabric";
          }

          @Override
          public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
            JsonObject document =
                new JsonObject()
                    .put("id", did)
                    .put(
                        "verificationMethod",
                        new io.vertx.core.json.JsonArray()
                            .add(
                                new JsonObject()
                                    .put("id", did + "#key-1")
                                    .put("type", "JsonWebKey2020")
                                    .put("controller", did)
                                    .put(
                                        "publicKeyJwk",
                                        new JsonObject()
                                            .put("kty", "OKP")
                                            .put("crv", "Ed25519")
                                            .put(
                                                "x",
                                                "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"))));
            return Future.succeededFuture(ResolutionResult.of(document, new JsonObject()));
          }
        };
    DidDocumentCache cache = new DidDocumentCache(1000);
    cache.enable();
    resolver = DidResolvers.byMethod(java.util.List.of(new CachingDidDriver(ledger, cache)));
    resolver.resolve(DID, ResolutionOptions.latest());
    local = DidResolvers.local();
  }

  /** Resolves the cached DID and encodes its document again, as the HTTP handler did before. */
  @Benchmark
  public String resolveCachedAndEncode() {
    return resolver.resolve(DID, ResolutionOptions.latest()).result().encodeDocument();
  }

  /**
   * Resolves the cached did:fabric and takes its memoised resolution result JSON.
   *
   * @return the bytes' length
   */
  @Benchmark
  public int resolveCachedEncoded() {
    return resolver.resolve(DID, ResolutionOptions.latest()).result().encodedResult().length();
  }

  /**
   * Resolves a did:key and encodes the whole result (before the local cache: computed each time).
   *
   * @return the JSON text
   */
  @Benchmark
  public String resolveDidKeyAndEncode() {
    return local.resolve(KEY_DID, ResolutionOptions.latest()).result().encode();
  }

  /**
   * Resolves a did:key and takes its memoised resolution result JSON.
   *
   * @return the bytes' length
   */
  @Benchmark
  public int resolveDidKeyEncoded() {
    return local.resolve(KEY_DID, ResolutionOptions.latest()).result().encodedResult().length();
  }
}
