/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import kr.consentledger.http.testing.FuzzApi;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.junit.BlockedThreadWarnings;
import kr.consentledger.network.junit.FabricNetworkExtension;
import kr.consentledger.resolver.boot.DidResolverVerticle;
import kr.consentledger.resolver.boot.ResolverConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * schemathesis (network/scripts/fuzz-api.sh, every check) over did-resolver's OpenAPI document,
 * against the resolver on the real network (did:fabric from the ledger): no 5xx, every status as
 * declared, schema-violating data refused. At most 20 s of fuzzing ({@code
 * CONSENT_LEDGER_FUZZ_SECONDS} overrides it).
 */
@ExtendWith({BlockedThreadWarnings.class, FabricNetworkExtension.class})
class ApiFuzzIT {
  @Test
  void schemathesis_finds_no_server_error_and_no_undeclared_status(NetworkInfo info)
      throws Exception {
    ResolverConfig config = DidResolutionIT.onNetwork(info);
    Vertx vertx = Vertx.vertx();
    try {
      DidResolverVerticle verticle = new DidResolverVerticle(config);
      vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);

      int exit = FuzzApi.run("http://127.0.0.1:" + verticle.actualPort(), "20");

      assertThat(exit).as("schemathesis exit code (its report is in the test output)").isZero();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
