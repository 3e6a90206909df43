/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DidCommandTest {
  @TempDir Path dir;

  @Test
  void didCreateGivesTheKeysDidKeyAndDidJwkAndDidShowListsThem() throws Exception {
    WalletRun w = new WalletRun(dir);
    JsonNode key = w.json("keys", "create", "alice");

    JsonNode byKey = w.json("did", "create", "--key", "alice");
    JsonNode byJwk = w.json("did", "create", "--key", "alice", "--method", "jwk");

    assertThat(byKey.get("did").asText()).isEqualTo(key.get("didKey").asText());
    assertThat(byJwk.get("did").asText()).isEqualTo(key.get("didJwk").asText());
    assertThat(byJwk.at("/didDocument/id").asText()).isEqualTo(byJwk.get("did").asText());
    JsonNode listed = w.json("did", "show");
    assertThat(listed.get("dids")).hasSize(2);
    w.run("did", "show");
    assertThat(w.out).contains("alice", "key", "jwk", byKey.get("did").asText());
  }

  @Test
  void didShowPrintsTheDocumentOfADidKeyOrDidJwk() throws Exception {
    WalletRun w = new WalletRun(dir);
    JsonNode key = w.json("keys", "create", "alice");
    String did = key.get("didKey").asText();

    JsonNode doc = w.json("did", "show", did);

    assertThat(doc.toString()).isEqualTo(Output.parse(DidKey.resolve(did).toJson()).toString());
    String jwk = key.get("didJwk").asText();
    assertThat(w.json("did", "show", jwk).toString())
        .isEqualTo(Output.parse(DidJwk.resolve(jwk).toJson()).toString());
  }

  @Test
  void anInvalidDidKeyIsRefusedWithTheSdksCode() throws Exception {
    WalletRun w = new WalletRun(dir);

    w.run("did", "show", "did:key:zNotAKey");

    assertThat(w.code).isEqualTo(1);
    assertThat(w.err).startsWith("error: UNSUPPORTED_KEY_TYPE:");
  }

  @Test
  void didShowOfAnotherMethodSendsTheUserToResolve() {
    WalletRun w = new WalletRun(dir);

    w.run("did", "show", "did:fabric:3nnuwrWM2keSbKbqNdJbFB");

    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("did resolve");
  }

  @Test
  void aChangeOfADidFabricNotInTheWalletOrOfADidKeyIsAUsageError() {
    WalletRun w = new WalletRun(dir);
    for (String command : new String[] {"rotate", "deactivate"}) {
      w.run("did", command, "did:fabric:3nnuwrWM2keSbKbqNdJbFB");
      assertThat(w.code).isEqualTo(2);
      assertThat(w.err).contains("not one of this wallet's DIDs");
    }
    w.run("did", "update", "did:fabric:3nnuwrWM2keSbKbqNdJbFB", "--remove-service", "#s");
    assertThat(w.code).isEqualTo(2);
    assertThat(w.err).contains("not one of this wallet's DIDs");
    for (String command : new String[] {"update", "rotate", "deactivate"}) {
      w.run("did", command, "did:key:z6MkgQx6XbN68cDgeR9oEkinYuh5JGqyzKhQttzCzmvizt4H");
      assertThat(w.code).isEqualTo(2);
      assertThat(w.err).contains("cannot be updated");
    }
  }
}
