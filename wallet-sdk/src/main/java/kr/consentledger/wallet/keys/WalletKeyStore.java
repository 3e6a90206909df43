/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Json;

/**
 * A password-protected key store: a file holding one compact JWE (RFC 7516) encrypted with {@code
 * PBES2-HS512+A256KW} (PBKDF2-HMAC-SHA512, random 16-byte salt) and {@code A256GCM}. The plaintext
 * is {@code {"version":1,"keys":{"<alias>":<private JWK>,...}}}, with {@code
 * "retired":{"<alias>":"<time>",...}} when keys are marked retired (kept, no longer a DID's key).
 *
 * <p>The PBKDF2 cost is a parameter of each file (the JWE header's {@code p2c}): {@link #save(Path,
 * char[])} writes {@link #DEFAULT_ITERATIONS}, {@link #save(Path, char[], int)} the cost given, and
 * {@link #iterations()} says what the loaded file had.
 *
 * <p>The store is an in-memory map; {@link #load} and {@link #save} read and write the file
 * (written to a temporary file, then moved into place, owner-only permissions where the file system
 * has them). Methods are synchronized, so one instance may be shared between threads.
 */
public final class WalletKeyStore {
  /** The PBKDF2 iteration count {@link #save(Path, char[])} uses. */
  public static final int DEFAULT_ITERATIONS = 310_000;

  private static final String CONTENT_TYPE = "consentledger-keystore+json";
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._:#@-]{1,128}");

  private final Map<String, WalletKeyPair> entries = new TreeMap<>();
  private final Map<String, Instant> retired = new TreeMap<>();
  private int iterations = DEFAULT_ITERATIONS;

  private WalletKeyStore() {}

  /**
   * Returns a new empty store.
   *
   * @return a new empty store
   */
  public static WalletKeyStore empty() {
    return new WalletKeyStore();
  }

  /**
   * Reads and decrypts a key store file.
   *
   * @param file the file
   * @param password the password; not kept
   * @return the store
   * @throws WalletException if the file cannot be read
   * @throws RejectedException WRONG_PASSWORD if the password is wrong or the file was damaged or
   *     altered
   */
  public static WalletKeyStore load(Path file, char[] password)
      throws WalletException, RejectedException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new WalletException("key store " + file + " could not be read", e);
    }
    JWEObject jwe;
    try {
      jwe = JWEObject.parse(text);
    } catch (ParseException e) {
      throw damaged("it is not a compact JWE", e);
    }
    if (!PassphraseJwe.isPassphraseWrapped(jwe.getHeader())) {
      throw damaged("it is not PBES2-HS512+A256KW with A256GCM", null);
    }
    byte[] plain =
        PassphraseJwe.decrypt(
            jwe,
            password,
            "Key store rejected: wrong password, or the file was damaged or altered");
    ObjectNode content =
        Json.parseObject(plain)
            .orElseThrow(() -> damaged("the decrypted content is not a JSON object", null));
    JsonNode keys = content.get("keys");
    if (content.path("version").asInt(0) != 1 || keys == null || !keys.isObject()) {
      throw damaged("the content is not a version 1 key store", null);
    }
    WalletKeyStore store = new WalletKeyStore();
    store.iterations = jwe.getHeader().getPBES2Count();
    for (Iterator<Map.Entry<String, JsonNode>> it = keys.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      store.entries.put(e.getKey(), WalletKeyPair.fromJwk(e.getValue().toString()));
    }
    JsonNode marks = content.get("retired");
    if (marks != null) {
      if (!marks.isObject()) {
        throw damaged("\"retired\" is not an object", null);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = marks.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!store.entries.containsKey(e.getKey()) || !e.getValue().isTextual()) {
          throw damaged("\"retired\" names no stored key or holds no time", null);
        }
        try {
          store.retired.put(e.getKey(), Instant.parse(e.getValue().asText()));
        } catch (DateTimeParseException ex) {
          throw damaged("\"retired\" holds no time", ex);
        }
      }
    }
    return store;
  }

  private static RejectedException damaged(String why, Throwable cause) {
    return new RejectedException(
        RejectionReason.WRONG_PASSWORD, "Key store rejected: " + why, cause);
  }

  static byte[] utf8(char[] password) {
    ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] out =
        Arrays.copyOfRange(
            buf.array(), buf.arrayOffset() + buf.position(), buf.arrayOffset() + buf.limit());
    Arrays.fill(buf.array(), buf.arrayOffset(), buf.arrayOffset() + buf.capacity(), (byte) 0);
    return out;
  }

  /**
   * Encrypts and writes the store with {@link #DEFAULT_ITERATIONS}.
   *
   * @param file target file, replaced if present
   * @param password the password; not kept
   * @throws WalletException if the file cannot be written
   */
  public void save(Path file, char[] password) throws WalletException {
    save(file, password, DEFAULT_ITERATIONS);
  }

  /**
   * Encrypts and writes the store.
   *
   * @param file target file, replaced if present
   * @param password the password, at least 8 characters; not kept
   * @param iterations PBKDF2 iterations, 1,000 to 1,000,000
   * @throws WalletException if the file cannot be written
   */
  public synchronized void save(Path file, char[] password, int iterations) throws WalletException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    PassphraseJwe.checkPassphrase(password, "password");
    PassphraseJwe.checkIterations(iterations);
    ObjectNode content = Json.object();
    content.put("version", 1);
    ObjectNode keys = content.putObject("keys");
    for (Map.Entry<String, WalletKeyPair> e : entries.entrySet()) {
      keys.set(e.getKey(), Json.parseObject(e.getValue().toPrivateJwk()).orElseThrow());
    }
    if (!retired.isEmpty()) {
      ObjectNode marks = content.putObject("retired");
      retired.forEach((alias, at) -> marks.put(alias, at.toString()));
    }
    String compact;
    try {
      compact =
          PassphraseJwe.encrypt(Json.canonicalBytes(content), CONTENT_TYPE, password, iterations);
    } catch (JOSEException e) {
      throw new WalletException("key store could not be encrypted", e);
    }
    Path dir = file.toAbsolutePath().getParent();
    try {
      Path tmp = Files.createTempFile(dir, ".keystore", ".tmp");
      try {
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system; rely on the directory's protection.
        }
        Files.writeString(tmp, compact + "\n", StandardCharsets.US_ASCII);
        try {
          Files.move(
              tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new WalletException("key store " + file + " could not be written", e);
    }
    this.iterations = iterations;
  }

  /**
   * Returns the PBKDF2 iteration count of the file this store was last loaded from or saved to;
   * {@link #DEFAULT_ITERATIONS} for a store made by {@link #empty()} and not saved yet.
   *
   * @return the PBKDF2 iteration count of its file
   */
  public synchronized int iterations() {
    return iterations;
  }

  /**
   * Marks a stored key retired: it stays in the store (to read old signatures, to export) but is no
   * longer any DID's key. {@link #put} of the alias clears the mark.
   *
   * @param alias a stored key's alias
   * @param at when it was retired
   * @throws IllegalArgumentException if no key has that alias
   */
  public synchronized void retire(String alias, Instant at) {
    if (!entries.containsKey(Objects.requireNonNull(alias, "alias"))) {
      throw new IllegalArgumentException("alias: no key " + alias);
    }
    retired.put(alias, Objects.requireNonNull(at, "at"));
  }

  /**
   * Returns when the key was marked retired, if it was.
   *
   * @param alias the alias
   * @return when the key was marked retired, if it was
   */
  public synchronized Optional<Instant> retiredAt(String alias) {
    return Optional.ofNullable(retired.get(Objects.requireNonNull(alias, "alias")));
  }

  /**
   * Returns the aliases, sorted.
   *
   * @return the aliases, sorted
   */
  public synchronized List<String> aliases() {
    return new ArrayList<>(entries.keySet());
  }

  /**
   * Returns the key pair, if stored.
   *
   * @param alias the alias
   * @return the key pair, if stored
   */
  public synchronized Optional<WalletKeyPair> get(String alias) {
    return Optional.ofNullable(entries.get(Objects.requireNonNull(alias, "alias")));
  }

  /**
   * Stores a key pair, replacing any under the same alias.
   *
   * @param alias 1 to 128 characters from {@code A-Z a-z 0-9 . _ : # @ -}
   * @param keyPair the key pair
   */
  public synchronized void put(String alias, WalletKeyPair keyPair) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException("alias: 1 to 128 characters from A-Z a-z 0-9 . _ : # @ -");
    }
    entries.put(alias, Objects.requireNonNull(keyPair, "keyPair"));
    retired.remove(alias);
  }

  /**
   * Returns whether a key was removed.
   *
   * @param alias the alias
   * @return whether a key was removed
   */
  public synchronized boolean delete(String alias) {
    retired.remove(Objects.requireNonNull(alias, "alias"));
    return entries.remove(alias) != null;
  }

  @Override
  public synchronized String toString() {
    return "WalletKeyStore" + entries.keySet();
  }
}
