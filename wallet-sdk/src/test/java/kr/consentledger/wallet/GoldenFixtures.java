/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidState;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.KeyType;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletKeyPair;

/**
 * What the golden-fixture generators ({@link ConsentFixtures}, {@link ReceiptFixtures}, {@link
 * DidFabricFixtures}) share: fixed keys, the JSON members every case file has, and how the files
 * are written. Changing anything here changes the bytes of the fixtures the chaincode and the
 * consent service read.
 */
public final class GoldenFixtures {
  private static final ObjectMapper MAPPER = Vectors.MAPPER;

  private GoldenFixtures() {}

  /**
   * Returns the key whose private key is SHA-256(namespace + "/" + label).
   *
   * @param namespace the generator's namespace, such as {@code consent-fixtures}
   * @param type the key type
   * @param label the key's label
   * @return the key whose private key is SHA-256(namespace + "/" + label)
   */
  static WalletKeyPair fixedKey(String namespace, KeyType type, String label) {
    try {
      return WalletKeyPair.fromPrivateKey(
          type, Bytes.sha256((namespace + "/" + label).getBytes(StandardCharsets.UTF_8)));
    } catch (RejectedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns the {@code keys.json} object of a generator's {@link #fixedKey fixed keys}, without
   * entries.
   *
   * @return the {@code keys.json} object of a generator's {@link #fixedKey fixed keys}, without
   *     entries
   */
  static ObjectNode keys(String namespace) {
    ObjectNode keys = MAPPER.createObjectNode();
    keys.put(
        "description",
        "Fixed test keys (private key = SHA-256(\""
            + namespace
            + "/\" + label)). "
            + "Never use them for anything else.");
    return keys;
  }

  /** Adds a key's entry to a {@link #keys} object: its role, DID and private JWK. */
  static void keyEntry(ObjectNode keys, String label, WalletKeyPair key, String did, String role) {
    ObjectNode e = keys.putObject(label);
    e.put("role", role);
    e.put("did", did);
    e.set("privateJwk", privateJwk(key));
  }

  /**
   * Returns the key's private JWK as a JSON tree.
   *
   * @return the key's private JWK as a JSON tree
   */
  static JsonNode privateJwk(WalletKeyPair key) {
    return read(key.toPrivateJwk());
  }

  /**
   * Returns the state of a did:fabric DID just created with the document, signed by {@code signer}.
   *
   * @return the state of a did:fabric DID just created with the document, signed by {@code signer}
   */
  static DidState created(DidDocument doc, Signer signer) throws Exception {
    return DidFabric.apply(null, DidFabric.create(doc, signer, null).jws());
  }

  /**
   * Returns a did:fabric state as {@code {"did", "versionId", "deactivated", "document"}}.
   *
   * @return a did:fabric state as {@code {"did", "versionId", "deactivated", "document"}}
   */
  public static ObjectNode didState(DidState s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("did", s.did());
    n.put("versionId", s.versionId());
    n.put("deactivated", s.deactivated());
    n.set("document", read(s.document().toJson()));
    return n;
  }

  /**
   * Starts a case file: {@code {"description", "didStates"}}; the caller adds the ledger state,
   * then {@link #finish} the statement and the expected outcome.
   */
  static ObjectNode start(String description, List<DidState> didStates) {
    ObjectNode f = MAPPER.createObjectNode();
    f.put("description", description);
    ArrayNode states = f.putArray("didStates");
    didStates.forEach(s -> states.add(didState(s)));
    return f;
  }

  /**
   * Ends a case file with {@code "statement"} and {@code "expected": {"result", "code" when
   * rejected}}.
   */
  static String finish(ObjectNode f, String statement, String result, String code) {
    f.put("statement", statement);
    ObjectNode expected = f.putObject("expected");
    expected.put("result", result);
    if (code != null) {
      expected.put("code", code);
    }
    return pretty(f);
  }

  /**
   * Returns a ledger record as canonical JSON (members sorted), or JSON null for none.
   *
   * @return a ledger record as canonical JSON (members sorted), or JSON null for none
   */
  static JsonNode canonical(ObjectNode record) {
    return record == null ? MAPPER.nullNode() : read(Json.canonical(record));
  }

  /**
   * Returns the JWS with the first character of its signature changed.
   *
   * @return the JWS with the first character of its signature changed
   */
  static String tamper(String jws) {
    int i = jws.lastIndexOf('.') + 1;
    char c = jws.charAt(i) == 'A' ? 'B' : 'A';
    return jws.substring(0, i) + c + jws.substring(i + 1);
  }

  /**
   * Returns a made-up transaction id for a label.
   *
   * @return a made-up transaction id for a label
   */
  static String txId(String label) {
    return Jws.sha256Hex("fixture-tx/" + label);
  }

  /**
   * Returns the file's text: indented by two spaces, LF line ends, a final LF.
   *
   * @return the file's text: indented by two spaces, LF line ends, a final LF
   */
  static String pretty(JsonNode node) {
    DefaultIndenter lf = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf);
    try {
      return MAPPER.writer(printer).writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the files of a generator's {@code main} into {@code args[0]}, or {@code defaultDir}
   * without arguments.
   */
  public static void write(String[] args, String defaultDir, Map<String, String> files)
      throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : defaultDir);
    Files.createDirectories(dir);
    for (Map.Entry<String, String> e : files.entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue());
    }
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
