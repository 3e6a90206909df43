/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
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
 * those keys, and {@code did:fabric} DIDs registered, updated, rotated and deactivated through the
 * consent service's DID registrar; consents are signed here as any of them and submitted to the
 * consent service, which is called over HTTPS with DID authentication (CONSENT-PROTOCOL.md §7).
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
    subcommands = {
      KeysCommand.class,
      DidCommand.class,
      ConsentCommand.class,
      PresentCommand.class,
      ProviderCommand.class,
      Oid4vpCommand.class
    })
public final class ConsentWallet {
  /** The passphrase variable. */
  static final String PASSPHRASE_ENV = "CONSENT_WALLET_PASSPHRASE";

  /** The export passphrase variable ({@code keys export --private}, {@code keys import}). */
  static final String EXPORT_PASSPHRASE_ENV = "CONSENT_WALLET_EXPORT_PASSPHRASE";

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

  /**
   * The PBKDF2 cost of a new key store or key export ({@link WalletKeyStore#DEFAULT_ITERATIONS});
   * the unit tests pass a small one. A store already on disk is never saved with less than its own.
   */
  final int kdfIterations;

  private ServiceHttp http;

  ConsentWallet(
      Map<String, String> env, Function<String, char[]> prompt, Clock clock, int kdfIterations) {
    this.env = Objects.requireNonNull(env, "env");
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.kdfIterations = kdfIterations;
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
    return run(
        args,
        out,
        err,
        env,
        ConsentWallet::ask,
        Clock.systemUTC(),
        WalletKeyStore.DEFAULT_ITERATIONS);
  }

  /** The test hook: a scripted terminal, a clock and the key derivation's cost. */
  static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      Function<String, char[]> prompt,
      Clock clock,
      int kdfIterations) {
    CommandLine cli = new CommandLine(new ConsentWallet(env, prompt, clock, kdfIterations));
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
    return secret(
        passphraseFile, "--passphrase-file", PASSPHRASE_ENV, "Key store passphrase: ", creating);
  }

  /**
   * A secret from the first line of a file, else an environment variable, else the terminal; never
   * a command-line argument.
   *
   * @param file the file option's value, or null
   * @param option the file option's name, for messages
   * @param variable the environment variable
   * @param question what the terminal asks
   * @param twice ask twice on a terminal (a new secret)
   */
  char[] secret(Path file, String option, String variable, String question, boolean twice) {
    if (file != null) {
      try {
        String first =
            Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        return first.toCharArray();
      } catch (IOException e) {
        throw new UsageError(option + " " + file + ": " + e.getMessage());
      }
    }
    String fromEnv = env.get(variable);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    char[] typed = prompt.apply(question);
    if (typed == null) {
      throw new UsageError(
          "no passphrase: give " + option + ", set " + variable + ", or run in a terminal");
    }
    if (twice) {
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

  /**
   * Writes the key store: a new one with {@link #kdfIterations}, an existing one with at least the
   * cost it had.
   */
  void saveStore(WalletKeyStore keys, boolean existed, char[] pass) throws WalletException {
    Path file = storePath();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new WalletException("cannot create " + file.toAbsolutePath().getParent(), e);
    }
    keys.save(file, pass, existed ? Math.max(keys.iterations(), kdfIterations) : kdfIterations);
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
      default -> throw new UsageError("--did-method: key or jwk, not " + method);
    };
  }

  /** A signer for a key's DID: did:key signs with {@code did#multibase}, did:jwk with #0. */
  static Signer signer(WalletKeyPair key, String did) {
    if (did.startsWith("did:key:")) {
      return key.signer(did + "#" + key.publicKey().toMultibase());
    }
    return key.signer(did + "#0");
  }

  /**
   * Who acts: a stored key, the DID it acts as, and the signer ({@code kid} a DID URL of that DID).
   *
   * @param alias the key's alias in the store
   * @param key the key
   * @param did the DID: the key's did:key or did:jwk, or one of the wallet's did:fabric DIDs
   * @param signer the key with the verification method's id
   */
  record Acting(String alias, WalletKeyPair key, String did, Signer signer) {}

  /**
   * The key and DID that act: with a did:fabric {@code subject}, the wallet's current key of that
   * DID (its record in {@code dids.json}; {@code alias}, if given, must be it); with a did:key or
   * did:jwk, that DID of {@code alias}; with no subject, the did:key of {@code alias}.
   */
  Acting acting(String alias, String subject) throws WalletException, RejectedException {
    if (subject == null || subject.startsWith("did:key:") || subject.startsWith("did:jwk:")) {
      if (alias == null) {
        throw new UsageError("--key ALIAS: which key acts");
      }
      WalletKeyPair key = key(alias);
      String did = subject == null ? did(key, "key") : subject;
      String own = did(key, did.startsWith("did:jwk:") ? "jwk" : "key");
      if (!own.equals(did)) {
        throw new Refusal("NOT_AUTHORISED", subject + " is not the DID of the key " + alias);
      }
      return new Acting(alias, key, did, signer(key, did));
    }
    if (!subject.startsWith("did:fabric:")) {
      throw new UsageError("--subject: a did:fabric, did:key or did:jwk, not " + subject);
    }
    ObjectNode record =
        new WalletFiles(home())
            .did(subject)
            .orElseThrow(
                () ->
                    new UsageError(
                        subject + " is not one of this wallet's DIDs (`did show` lists them)"));
    String current = record.path("key").asText();
    if (alias != null && !alias.equals(current)) {
      throw new Refusal(
          "NOT_AUTHORISED",
          "the key " + alias + " does not act for " + subject + " (its key is " + current + ")");
    }
    WalletKeyPair key = key(current);
    String keyId = record.path("keyId").asText(subject + "#key-1");
    return new Acting(current, key, subject, key.signer(keyId));
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

  /**
   * Whether a consent service was named ({@code --service} or {@code CONSENT_WALLET_SERVICE}), not
   * only the default.
   */
  boolean serviceConfigured() {
    String fromEnv = env.get("CONSENT_WALLET_SERVICE");
    return (service != null && !service.isBlank()) || (fromEnv != null && !fromEnv.isBlank());
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
   * {@code Authorization: DIDAuth <jws>} for the acting DID (§7): a challenge from {@code POST
   * /auth/challenges}, signed with its key.
   */
  String didAuth(Acting acting) throws WalletException {
    String did = acting.did();
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
            acting.signer(),
            clock,
            Duration.ofMinutes(2));
    return DidAuth.SCHEME + " " + token;
  }

  /** The resolution result of a DID, at a version ({@code ?versionId=}) when one is given. */
  JsonNode resolution(String did, String versionId) {
    URI uri;
    try {
      uri =
          URI.create(
              resolverUrl()
                  + URLEncoder.encode(did, StandardCharsets.UTF_8).replace("%3A", ":")
                  + (versionId == null
                      ? ""
                      : "?versionId=" + URLEncoder.encode(versionId, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw new UsageError("--resolver " + resolverUrl() + ": not a URL");
    }
    return http().send("GET", uri, null, null, "application/did-resolution");
  }

  /** DID resolution through the resolver's HTTP API, for the SDK (the current document). */
  kr.consentledger.wallet.did.DidResolver didResolver() {
    return did ->
        kr.consentledger.wallet.did.DidDocument.parse(
            resolution(did, null).path("didDocument").toString());
  }
}
