/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kr.consentledger.wallet.WalletException;

/**
 * What the wallet keeps beside its key store, in plain JSON (no private key): {@code dids.json},
 * the DIDs made with {@code did create}; {@code consents/<uuid>.json}, each consent signed here
 * (its credential, anchor statement, hash and the key alias that signed it). Files are written
 * owner-only where the file system has permissions, since credentials carry names and contacts.
 */
final class WalletFiles {
  private static final Pattern CONSENT_ID =
      Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Path home;

  WalletFiles(Path home) {
    this.home = home;
  }

  /** The DIDs recorded so far: {@code [{"did","method","key"}]}. */
  ArrayNode dids() throws WalletException {
    return read(home.resolve("dids.json"))
        .map(n -> n.path("dids"))
        .filter(JsonNode::isArray)
        .map(ArrayNode.class::cast)
        .orElseGet(Output.JSON::createArrayNode);
  }

  /** Records a DID (once). */
  void addDid(String did, String method, String keyAlias) throws WalletException {
    ArrayNode dids = dids();
    for (JsonNode d : dids) {
      if (d.path("did").asText().equals(did)) {
        return;
      }
    }
    dids.addObject().put("did", did).put("method", method).put("key", keyAlias);
    ObjectNode file = Output.object();
    file.set("dids", dids);
    write(home.resolve("dids.json"), file);
  }

  /** The wallet's record of a DID: {@code {"did","method","key",...}}, if it has one. */
  Optional<ObjectNode> did(String did) throws WalletException {
    for (JsonNode d : dids()) {
      if (d.path("did").asText().equals(did) && d.isObject()) {
        return Optional.of((ObjectNode) d);
      }
    }
    return Optional.empty();
  }

  /** Replaces the record of a DID (by its {@code did}), or adds it. */
  void putDid(ObjectNode record) throws WalletException {
    ArrayNode dids = dids();
    String did = record.path("did").asText();
    boolean replaced = false;
    for (int i = 0; i < dids.size(); i++) {
      if (dids.get(i).path("did").asText().equals(did)) {
        dids.set(i, record);
        replaced = true;
      }
    }
    if (!replaced) {
      dids.add(record);
    }
    ObjectNode file = Output.object();
    file.set("dids", dids);
    write(home.resolve("dids.json"), file);
  }

  /** A consent made here, by id. */
  Optional<ObjectNode> consent(String consentId) throws WalletException {
    if (!CONSENT_ID.matcher(consentId).matches()) {
      return Optional.empty();
    }
    return read(consentFile(consentId)).filter(JsonNode::isObject).map(ObjectNode.class::cast);
  }

  /** The ids of the consents made here as {@code subject} with the key {@code keyAlias}, sorted. */
  List<String> consentsSignedBy(String subject, String keyAlias) throws WalletException {
    Path dir = home.resolve("consents");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        if (!f.getFileName().toString().endsWith(".json")) {
          continue;
        }
        JsonNode c = read(f).orElse(Output.object());
        if (subject.equals(c.path("subject").asText()) && keyAlias.equals(c.path("key").asText())) {
          ids.add(c.path("consentId").asText());
        }
      }
    } catch (IOException e) {
      throw new WalletException(dir + " cannot be listed", e);
    }
    return ids;
  }

  /** Keeps a consent made here. */
  Path saveConsent(ObjectNode record) throws WalletException {
    Path file = consentFile(record.get("consentId").asText());
    write(file, record);
    return file;
  }

  private Path consentFile(String consentId) {
    return home.resolve("consents").resolve(consentId.substring("urn:uuid:".length()) + ".json");
  }

  private static Optional<JsonNode> read(Path file) throws WalletException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Output.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new WalletException(file + " cannot be read", e);
    }
  }

  private static void write(Path file, JsonNode content) throws WalletException {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(tmp, Output.json(content) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new WalletException(file + " cannot be written", e);
    }
  }
}
