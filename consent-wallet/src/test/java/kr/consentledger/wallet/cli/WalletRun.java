/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the wallet in-process with captured output, a store in a test folder, a fixed env. */
final class WalletRun {
  static final String PASSPHRASE = "correct horse battery";

  final Path dir;
  final Map<String, String> env = new HashMap<>();
  final Deque<String> typed = new ArrayDeque<>();
  Clock clock = Clock.systemUTC();

  /** The key derivation's cost: small, so that each command does not spend 0.3 s in PBKDF2. */
  int kdfIterations = 1_000;

  int code;
  String out;
  String err;

  WalletRun(Path dir) {
    this.dir = dir;
    env.put("CONSENT_WALLET_STORE", dir.resolve("keys.jwe").toString());
    env.put(ConsentWallet.PASSPHRASE_ENV, PASSPHRASE);
  }

  /** Runs one command line; returns this for its code and output. */
  WalletRun run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    code =
        ConsentWallet.run(
            args,
            new PrintWriter(o, true),
            new PrintWriter(e, true),
            env,
            q -> typed.isEmpty() ? null : typed.pop().toCharArray(),
            clock,
            kdfIterations);
    out = o.toString();
    err = e.toString();
    return this;
  }

  /** Runs with --json and returns the parsed output. */
  JsonNode json(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of(args));
    a.add(0, "--json");
    run(a.toArray(String[]::new));
    if (code != 0) {
      throw new AssertionError("exit " + code + ": " + err + out);
    }
    return new ObjectMapper().readTree(out);
  }

  /**
   * The arguments of {@code consent create} for a health check-up consent of {@code key}'s DID.
   *
   * @param key the key alias, or null (then {@code extra} says who signs)
   * @param provider the provider's DID
   * @param recipient the recipient's DID
   * @param extra further arguments
   * @return the command line
   */
  static String[] createConsent(String key, String provider, String recipient, String... extra) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "consent",
                "create",
                "--provider",
                provider,
                "--recipient",
                recipient,
                "--category",
                "health.checkup",
                "--purpose",
                "p"));
    if (key != null) {
      args.addAll(java.util.List.of("--key", key));
    }
    args.addAll(java.util.List.of(extra));
    return args.toArray(String[]::new);
  }
}
