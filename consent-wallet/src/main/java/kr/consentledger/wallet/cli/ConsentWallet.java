/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.consent.DidAuth;
import kr.consentledger.wallet.did.DidJwk;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;
import kr.consentledger.wallet.keys.WalletKeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code consent-wallet}: a data subject's or a tester's wallet on the command line, on the wallet
 * SDK. Keys live in the SDK's encrypted key store; DIDs are {@code did:key} and {@code did:jwk} of
 * those keys; consents are signed here and submitted to the consent service, which is called over
 * HTTPS with DID authentication (CONSENT-PROTOCOL.md §7).
 *
 * <p>Every command prints readable text, or JSON with {@code --json}. Exit codes: 0 done, 1 refused
 * (by the consent service, the resolver or the wallet: {@code error: CODE: detail} on standard
 * error), 2 wrong usage.
 */
@Command(
    name = "consent-wallet",
    mixinStandardHelpOptions = true,
    version = "consent-wallet 0.1.0",
    description = "A command-line wallet for the consent ledger: keys, DIDs, consents.",
    subcommands = {KeysCommand.class, DidCommand.class, ConsentCommand.class, PresentCommand.class})
public final class ConsentWallet {
  /** The passphrase variable. */
  static final String PASSPHRASE_ENV = "CONSENT_WALLET_PASSPHRASE";

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print JSON instead of readable text.")
  boolean json;

  @Option(
      names = "--store",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "The encrypted key store. Default: $CONSENT_WALLET_STORE, else"
              + " ~/.consent-wallet/keys.jwe. Consents made here are kept beside it, in consents/.")
  Path store;

  @Option(
      names = "--passphrase-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "Read the key store's passphrase from the first line of FILE. Otherwise from"
              + " $CONSENT_WALLET_PASSPHRASE, else asked on the terminal. Never an argument.")
  Path passphraseFile;

  @Option(
      names = "--service",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "The consent service. Default: $CONSENT_WALLET_SERVICE, else https://127.0.0.1:7200.")
  String service;

  @Option(
      names = "--resolver",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "The DID resolver's identifiers URL. Default: $CONSENT_WALLET_RESOLVER, else"
              + " https://127.0.0.1:7190/1.0/identifiers/.")
  String resolver;

  @Option(
      names = "--ca",
      scope = ScopeType.INHERIT,
      paramLabel = "PEM",
      description =
          "Trust only this CA for HTTPS (./dev up's: <run folder>/services/tls/ca.crt)."
              + " Default: $CONSENT_WALLET_CA, else the JDK's trusted CAs.")
  Path ca;

  final Map<String, String> env;
  final Function<String, char[]> prompt;
  final Clock clock;
  private ServiceHttp http;

  ConsentWallet(Map<String, String> env, Function<String, char[]> prompt, Clock clock) {
    this.env = Objects.requireNonNull(env, "env");
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            System.getenv()));
  }

  /**
   * Runs the command line; a passphrase that is not in a file or the environment is asked on the
   * terminal.
   *
   * @param args the arguments
   * @param out where results go
   * @param err where errors go
   * @param env the environment variables to read ({@code CONSENT_WALLET_*})
   * @return the exit code: 0 done, 1 refused, 2 wrong usage
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return run(args, out, err, env, ConsentWallet::ask, Clock.systemUTC());
  }

  static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      Function<String, char[]> prompt,
      Clock clock) {
    CommandLine cli = new CommandLine(new ConsentWallet(env, prompt, clock));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          ConsentWallet root = (ConsentWallet) line.getCommandSpec().root().userObject();
          return root.failed(e, line);
        });
    return cli.execute(args);
  }

  private int failed(Exception e, CommandLine line) {
    PrintWriter err = line.getErr();
    if (e instanceof Refusal r) {
      err.println("error: " + r.code() + ": " + r.getMessage());
      if (json && r.problem() != null) {
        line.getOut().println(Output.json(r.problem()));
      }
      return 1;
    }
    if (e instanceof RejectedException r) {
      err.println("error: " + r.reason() + ": " + r.getMessage());
      return 1;
    }
    if (e instanceof UsageError || e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
      err.println("(see " + line.getCommandSpec().qualifiedName() + " --help)");
      return 2;
    }
    if (e instanceof WalletException) {
      err.println("error: WALLET: " + e.getMessage());
      return 1;
    }
    err.println("error: " + e);
    return 1;
  }

  // Java 17: System.console() is null when standard input or output is not a terminal.
  @SuppressWarnings("SystemConsoleNull")
  private static char[] ask(String question) {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    return console.readPassword("%s", question);
  }

  // ---- what the commands share ----

  /** Prints a result: {@code node} with --json, else {@code text}. */
  int emit(CommandLine line, JsonNode node, String text) {
    line.getOut().println(json ? Output.json(node) : text);
    return 0;
  }

  Path storePath() {
    if (store != null) {
      return store;
    }
    String s = env.get("CONSENT_WALLET_STORE");
    if (s != null && !s.isBlank()) {
      return Path.of(s);
    }
    return Path.of(System.getProperty("user.home"), ".consent-wallet", "keys.jwe");
  }

  /** The folder beside the key store where the wallet keeps its consents and DIDs. */
  Path home() {
    return storePath().toAbsolutePath().getParent();
  }

  /**
   * The key store's passphrase.
   *
   * @param creating a new store: asked twice on a terminal
   */
  char[] passphrase(boolean creating) {
    if (passphraseFile != null) {
      try {
        String first =
            Files.readAllLines(passphraseFile, StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
        return first.toCharArray();
      } catch (IOException e) {
        throw new UsageError("--passphrase-file " + passphraseFile + ": " + e.getMessage());
      }
    }
    String fromEnv = env.get(PASSPHRASE_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    char[] typed = prompt.apply("Key store passphrase: ");
    if (typed == null) {
      throw new UsageError(
          "no passphrase: give --passphrase-file, set "
              + PASSPHRASE_ENV
              + ", or run in a terminal");
    }
    if (creating) {
      char[] again = prompt.apply("Again: ");
      if (again == null || !Arrays.equals(typed, again)) {
        throw new UsageError("the two passphrases differ");
      }
      Arrays.fill(again, '\0');
    }
    return typed;
  }

  /** Loads the key store; a missing one is a refusal ({@code NO_KEY_STORE}). */
  WalletKeyStore loadStore(char[] pass) throws WalletException, RejectedException {
    Path file = storePath();
    if (!Files.exists(file)) {
      throw new Refusal(
          "NO_KEY_STORE", "no key store at " + file + ": make a key with `keys create <alias>`");
    }
    return WalletKeyStore.load(file, pass);
  }

  /** A key of the store, by alias. */
  WalletKeyPair key(String alias) throws WalletException, RejectedException {
    char[] pass = passphrase(false);
    try {
      return loadStore(pass)
          .get(alias)
          .orElseThrow(
              () -> new Refusal("UNKNOWN_KEY_ALIAS", "no key \"" + alias + "\" in " + storePath()));
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  /** The DID of a key by method ({@code key} or {@code jwk}). */
  static String did(WalletKeyPair key, String method) {
    return switch (method) {
      case "key" -> DidKey.create(key.publicKey());
      case "jwk" -> DidJwk.create(key.publicKey());
      case "fabric" -> throw fabricUnavailable();
      default -> throw new UsageError("--did-method: key or jwk, not " + method);
    };
  }

  /** What the wallet does not do for did:fabric yet: update, rotate, present as a did:fabric. */
  static Refusal fabricUnavailable() {
    return new Refusal(
        "UNAVAILABLE",
        "this wallet creates and deactivates did:fabric DIDs (did create --method fabric, did"
            + " deactivate) but does not update, rotate or present with them yet");
  }

  /** A signer for a key's DID: did:key signs with {@code did#multibase}, did:jwk with #0. */
  static Signer signer(WalletKeyPair key, String did) {
    if (did.startsWith("did:key:")) {
      return key.signer(did + "#" + key.publicKey().toMultibase());
    }
    return key.signer(did + "#0");
  }

  ServiceHttp http() {
    if (http == null) {
      Path caFile = ca;
      if (caFile == null) {
        String c = env.get("CONSENT_WALLET_CA");
        caFile = c == null || c.isBlank() ? null : Path.of(c);
      }
      http = new ServiceHttp(caFile);
    }
    return http;
  }

  /** The consent service's base URL, without a trailing slash. */
  String serviceUrl() {
    String s = service;
    if (s == null || s.isBlank()) {
      s = env.getOrDefault("CONSENT_WALLET_SERVICE", "https://127.0.0.1:7200");
    }
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The resolver's identifiers URL, ending with a slash. */
  String resolverUrl() {
    String s = resolver;
    if (s == null || s.isBlank()) {
      s = env.getOrDefault("CONSENT_WALLET_RESOLVER", "https://127.0.0.1:7190/1.0/identifiers/");
    }
    return s.endsWith("/") ? s : s + "/";
  }

  URI serviceUri(String pathAndQuery) {
    try {
      return URI.create(serviceUrl() + pathAndQuery);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--service " + serviceUrl() + ": not a URL (" + e.getMessage() + ")");
    }
  }

  /**
   * {@code Authorization: DIDAuth <jws>} for the key's did:key (§7): a challenge from {@code POST
   * /auth/challenges}, signed with the key.
   */
  String didAuth(WalletKeyPair key) throws WalletException {
    String did = DidKey.create(key.publicKey());
    JsonNode challenge =
        http()
            .send(
                "POST",
                serviceUri("/auth/challenges"),
                Output.object().put("did", did),
                null,
                "application/json");
    String token =
        DidAuth.token(
            did,
            challenge.path("challenge").asText(),
            DidAuth.CONSENT_SERVICE,
            signer(key, did),
            clock,
            Duration.ofMinutes(2));
    return DidAuth.SCHEME + " " + token;
  }
}
