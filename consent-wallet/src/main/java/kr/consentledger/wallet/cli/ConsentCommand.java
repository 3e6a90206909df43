/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.consent.ConsentStatements;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.ConsentCredentialBuilder;
import kr.consentledger.wallet.credential.StatusListEntry;
import kr.consentledger.wallet.keys.Signer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code consent-wallet consent ...}: consents signed here, and the consent service's API. */
@Command(
    name = "consent",
    mixinStandardHelpOptions = true,
    description =
        "Consents: sign one (create), hand it to the consent service (submit), follow it (status,"
            + " list, receipts), withdraw it (revoke), erase its stored credential (erase).")
final class ConsentCommand {
  @ParentCommand ConsentWallet root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The flags of {@code consent create} (they win over the file's members). */
  static final class Terms {
    @Option(names = "--file", paramLabel = "FILE", description = "terms as JSON or YAML")
    Path file;

    @Option(names = "--id", paramLabel = "URN", description = "urn:uuid:… (default: a new one)")
    String id;

    @Option(names = "--provider", paramLabel = "DID", description = "the data provider's DID")
    String provider;

    @Option(names = "--provider-name", paramLabel = "NAME")
    String providerName;

    @Option(names = "--recipient", paramLabel = "DID", description = "the recipient's DID")
    String recipient;

    @Option(names = "--recipient-name", paramLabel = "NAME")
    String recipientName;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "your name (only in the credential)")
    String name;

    @Option(names = "--contact", paramLabel = "URI", description = "e.g. mailto:me@example.kr")
    String contact;

    @Option(
        names = "--category",
        paramLabel = "CATEGORY",
        description = "a data category, e.g. health.checkup (repeatable)")
    List<String> categories = new ArrayList<>();

    @Option(
        names = "--sensitive-category",
        paramLabel = "CATEGORY",
        description = "a sensitive data category (repeatable)")
    List<String> sensitiveCategories = new ArrayList<>();

    @Option(names = "--purpose", paramLabel = "TEXT", description = "the (primary) purpose")
    String purpose;

    @Option(
        names = "--purpose-category",
        paramLabel = "CATEGORY",
        description = "its category (default ServiceProvision)")
    String purposeCategory;

    @Option(names = "--valid-from", paramLabel = "TIME", description = "default: now")
    String validFrom;

    @Option(names = "--valid-until", paramLabel = "TIME")
    String validUntil;

    @Option(
        names = "--valid-for",
        paramLabel = "DURATION",
        description = "instead of --valid-until, e.g. P90D (default P180D)")
    String validFor;

    @Option(
        names = "--transmission",
        paramLabel = "MODE",
        description = "one-time (default) or periodic")
    String transmission;

    @Option(names = "--cycle", paramLabel = "DURATION", description = "periodic: e.g. P1M")
    String cycle;

    @Option(names = "--end-date", paramLabel = "TIME", description = "default: --valid-until")
    String endDate;

    @Option(names = "--retention", paramLabel = "DURATION", description = "default P1Y")
    String retention;

    @Option(names = "--legal-basis", paramLabel = "TEXT", description = "default PIPA Art. 35-2")
    String legalBasis;

    @Option(names = "--withdrawal-method", paramLabel = "TEXT", description = "default wallet")
    String withdrawalMethod;

    @Option(
        names = "--status-base-url",
        paramLabel = "URL",
        description = "credentialStatus base (default: <service>/consents)")
    String statusBaseUrl;

    ObjectNode merged() {
      ObjectNode t = file != null ? ConsentTerms.read(file) : Output.object();
      put(t, "id", id);
      party(t, "provider", provider, providerName);
      party(t, "recipient", recipient, recipientName);
      if (name != null || contact != null) {
        ObjectNode s = t.withObjectProperty("subject");
        put(s, "name", name);
        put(s, "contact", contact);
      }
      if (!categories.isEmpty() || !sensitiveCategories.isEmpty()) {
        ArrayNode c = t.putArray("dataCategories");
        categories.forEach(x -> c.addObject().put("category", x).put("sensitive", false));
        sensitiveCategories.forEach(x -> c.addObject().put("category", x).put("sensitive", true));
      }
      if (purpose != null) {
        t.putArray("purposes")
            .addObject()
            .put("purpose", purpose)
            .put("purposeCategory", purposeCategory != null ? purposeCategory : "ServiceProvision")
            .put("primary", true);
      }
      put(t, "validFrom", validFrom);
      if (validUntil != null) {
        t.remove("validFor");
        t.put("validUntil", validUntil);
      }
      if (validFor != null) {
        t.remove("validUntil");
        t.put("validFor", validFor);
      }
      if (transmission != null || cycle != null || endDate != null) {
        ObjectNode tr = t.withObjectProperty("transmission");
        put(tr, "mode", transmission != null ? transmission : cycle != null ? "periodic" : null);
        put(tr, "cycle", cycle);
        put(tr, "endDate", endDate);
      }
      put(t, "retentionPeriod", retention);
      put(t, "legalBasis", legalBasis);
      if (withdrawalMethod != null) {
        t.withObjectProperty("withdrawal").put("method", withdrawalMethod);
      }
      put(t, "statusBaseUrl", statusBaseUrl);
      return t;
    }

    private static void party(ObjectNode t, String role, String did, String name) {
      if (did != null || name != null) {
        ObjectNode p = t.withObjectProperty(role);
        put(p, "id", did);
        put(p, "name", name);
      }
    }

    private static void put(ObjectNode node, String name, String value) {
      if (value != null) {
        node.put(name, value);
      }
    }
  }

  @Command(
      name = "create",
      description =
          "Signs a consent credential (CONSENT-PROTOCOL.md §2) and its anchor statement (§3) with"
              + " a stored key, as its did:key or as one of the wallet's did:fabric DIDs"
              + " (--subject); keeps them in the wallet; --submit also submits.")
  Integer create(
      @Option(
              names = "--key",
              paramLabel = "ALIAS",
              description = "your key (with --subject did:fabric:…, that DID's key by default)")
          String alias,
      @Option(
              names = "--subject",
              paramLabel = "DID",
              description =
                  "the subject DID: one of the wallet's did:fabric DIDs (signed with its current"
                      + " key, #key-N), or the key's did:key (default)")
          String subject,
      @Option(names = "--submit", description = "submit it to the consent service at once")
          boolean submit,
      @Option(
              names = "--no-status-list",
              description =
                  "offline: no W3C Bitstring Status List entry (by default, with a service"
                      + " configured or --submit, an index is reserved at the service first)")
          boolean noStatusList,
      @CommandLine.ArgGroup(exclusive = false, heading = "Terms:%n") Terms terms)
      throws WalletException, RejectedException {
    if (subject != null && subject.startsWith("did:jwk:")) {
      throw new UsageError("--subject: a consent's subject is a did:fabric or a did:key");
    }
    ConsentWallet.Acting acting = root.acting(alias, subject);
    String did = acting.did();
    Signer signer = acting.signer();
    ObjectNode merged = (terms != null ? terms : new Terms()).merged();
    ConsentCredentialBuilder builder =
        ConsentTerms.builder(merged, did, root.serviceUrl() + "/consents", root.clock);
    ConsentCredential checked = builder.build();
    StatusListEntry entry = null;
    if (!noStatusList && (submit || root.serviceConfigured())) {
      entry = reserve(acting);
      builder.statusListEntry(entry.statusListCredential(), entry.statusListIndex());
      builder.id(checked.consentId());
    }
    ConsentCredential issued = (entry == null ? checked : builder.build()).issue(signer);
    String anchor = ConsentStatements.anchor(issued, signer);
    ObjectNode record = Output.object();
    record.put("consentId", issued.consentId());
    record.put("key", acting.alias());
    record.put("subject", did);
    record.put("provider", issued.provider());
    record.put("recipient", issued.recipient());
    record.put("validFrom", issued.validFrom().toString());
    record.put("validUntil", issued.validUntil().toString());
    record.put("credentialHash", issued.credentialHash());
    if (entry != null) {
      record.set("statusListEntry", entry.toJson());
    }
    record.put("credential", issued.jws());
    record.put("anchor", anchor);
    record.put("createdAt", Instant.now(root.clock).toString());
    Path file = new WalletFiles(root.home()).saveConsent(record);
    ObjectNode out = record.deepCopy();
    out.put("file", file.toString());
    String text =
        "consent "
            + issued.consentId()
            + " signed by "
            + did
            + "\nprovider   "
            + issued.provider()
            + "\nrecipient  "
            + issued.recipient()
            + "\nvalid      "
            + issued.validFrom()
            + " to "
            + issued.validUntil()
            + "\nhash       "
            + issued.credentialHash()
            + (entry == null ? "\nstatus     no status list entry" : "\nstatus     " + entry.id())
            + "\nkept in    "
            + file;
    if (submit) {
      JsonNode answer = post(record);
      out.set("submitted", answer);
      text += "\n" + statusLine(answer);
    }
    return root.emit(spec.commandLine(), out, text);
  }

  /**
   * Reserves a W3C Bitstring Status List index for the acting subject's next consent ({@code POST
   * /status-list-reservations}, DID-auth; CONSENT-PROTOCOL.md §2a), before anything is signed.
   */
  private StatusListEntry reserve(ConsentWallet.Acting acting) throws WalletException {
    JsonNode answer =
        root.http()
            .send(
                "POST",
                root.serviceUri("/status-list-reservations"),
                null,
                root.didAuth(acting),
                "application/json");
    try {
      StatusListEntry entry = StatusListEntry.fromJson(answer.path("credentialStatus"));
      if (!StatusListEntry.REVOCATION.equals(entry.statusPurpose())) {
        throw new Refusal(
            "MALFORMED_ANSWER",
            "the service reserved a status list entry of purpose " + entry.statusPurpose());
      }
      return entry;
    } catch (RejectedException | IllegalArgumentException e) {
      throw new Refusal(
          "MALFORMED_ANSWER", "the service's status list reservation: " + e.getMessage());
    }
  }

  private JsonNode post(JsonNode record) {
    ObjectNode body = Output.object();
    body.put("credential", record.path("credential").asText());
    body.put("anchor", record.path("anchor").asText());
    return root.http().send("POST", root.serviceUri("/consents"), body, null, "application/json");
  }

  private static String statusLine(JsonNode s) {
    String line =
        s.path("consentId").asText()
            + ": "
            + s.path("status").asText()
            + (s.hasNonNull("code") ? " (" + s.get("code").asText() + ")" : "");
    if (s.hasNonNull("transactionId")) {
      line +=
          ", transaction "
              + s.get("transactionId").asText()
              + (s.hasNonNull("blockNumber") ? " in block " + s.get("blockNumber").asText() : "");
    }
    return line;
  }

  /** A consent made here by id, or a file holding {@code credential} and {@code anchor}. */
  private JsonNode record(String idOrFile) throws WalletException {
    Optional<ObjectNode> local = new WalletFiles(root.home()).consent(idOrFile);
    if (local.isPresent()) {
      return local.get();
    }
    Path file = Path.of(idOrFile);
    if (Files.isRegularFile(file)) {
      try {
        JsonNode n = Output.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (n.hasNonNull("credential") && n.hasNonNull("anchor")) {
          return n;
        }
      } catch (IOException | Refusal e) {
        throw new UsageError(idOrFile + ": not a consent file (" + e.getMessage() + ")");
      }
      throw new UsageError(idOrFile + ": has no \"credential\" and \"anchor\"");
    }
    throw new UsageError(idOrFile + ": no consent of this wallet has that id, and no such file");
  }

  @Command(
      name = "submit",
      description = "Submits a consent made here (by id) or a consent file to the consent service.")
  Integer submit(@Parameters(paramLabel = "ID|FILE") String idOrFile) throws WalletException {
    JsonNode answer = post(record(idOrFile));
    return root.emit(spec.commandLine(), answer, statusLine(answer));
  }

  @Command(
      name = "status",
      description = "The consent's status at the consent service (no authentication needed).")
  Integer status(@Parameters(paramLabel = "ID") String id) {
    JsonNode s = root.http().send("GET", consentUri(id, ""), null, null, "application/json");
    return root.emit(spec.commandLine(), s, statusLine(s) + "\n" + Output.text(s));
  }

  private java.net.URI consentUri(String id, String rest) {
    if (!id.startsWith("urn:uuid:") || id.contains("/") || id.contains("?")) {
      throw new UsageError("not a consent id (urn:uuid:…): " + id);
    }
    return root.serviceUri("/consents/" + id + rest);
  }

  /**
   * Who acts for a consent: --subject (with --key), --key (its did:key), else the subject of a
   * consent made here, with that DID's current key (a did:fabric's key after a rotation).
   */
  private ConsentWallet.Acting actingFor(String consentId, String alias, String subject)
      throws WalletException, RejectedException {
    if (subject != null || alias != null) {
      return root.acting(alias, subject);
    }
    Optional<ObjectNode> local =
        consentId == null ? Optional.empty() : new WalletFiles(root.home()).consent(consentId);
    if (local.isPresent()) {
      String signedAs = local.get().path("subject").asText();
      if (signedAs.startsWith("did:fabric:")) {
        return root.acting(null, signedAs);
      }
      return root.acting(local.get().path("key").asText(), null);
    }
    throw new UsageError("--key ALIAS or --subject DID: who acts (this consent was not made here)");
  }

  @Command(
      name = "list",
      description = "Your consents at the consent service, as their subject (DID-auth).")
  Integer list(
      @Option(names = "--key", paramLabel = "ALIAS", description = "your key (its did:key)")
          String alias,
      @Option(names = "--subject", paramLabel = "DID", description = "or one of your DIDs")
          String subject,
      @Option(names = "--page", defaultValue = "0") int page,
      @Option(names = "--size", defaultValue = "100", description = "1 to 500") int size)
      throws WalletException, RejectedException {
    if (alias == null && subject == null) {
      throw new UsageError("--key ALIAS or --subject DID: whose consents");
    }
    ConsentWallet.Acting acting = root.acting(alias, subject);
    JsonNode answer =
        root.http()
            .send(
                "GET",
                root.serviceUri("/consents?page=" + page + "&size=" + size),
                null,
                root.didAuth(acting),
                "application/json");
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode c : answer.path("consents")) {
      rows.add(
          List.of(
              c.path("consentId").asText(),
              c.path("status").asText(),
              c.path("provider").asText(),
              c.path("recipient").asText(),
              c.path("validUntil").asText()));
    }
    String text =
        rows.isEmpty()
            ? "no consents"
            : Output.table(
                List.of("CONSENT", "STATUS", "PROVIDER", "RECIPIENT", "VALID UNTIL"), rows);
    return root.emit(spec.commandLine(), answer, text);
  }

  @Command(
      name = "revoke",
      description =
          "Withdraws a consent: signs a revocation statement (§4) and posts it to the service.")
  Integer revoke(
      @Parameters(paramLabel = "ID") String id,
      @Option(
              names = "--key",
              paramLabel = "ALIAS",
              description = "default: the key that signed it")
          String alias,
      @Option(
              names = "--subject",
              paramLabel = "DID",
              description = "default: the subject that signed it here")
          String subject,
      @Option(
              names = "--reason",
              defaultValue = "withdrawn",
              description = "withdrawn, purpose-fulfilled or other (default: ${DEFAULT-VALUE})")
          String reason)
      throws WalletException, RejectedException {
    ConsentStatements.Reason r =
        ConsentStatements.Reason.fromCode(reason)
            .orElseThrow(() -> new UsageError("--reason: withdrawn, purpose-fulfilled or other"));
    ConsentWallet.Acting acting = actingFor(id, alias, subject);
    String did = acting.did();
    Optional<ObjectNode> local = new WalletFiles(root.home()).consent(id);
    String hash;
    if (local.isPresent()) {
      hash = local.get().path("credentialHash").asText();
    } else {
      hash =
          root.http()
              .send("GET", consentUri(id, ""), null, null, "application/json")
              .path("credentialHash")
              .asText();
    }
    String revocation = ConsentStatements.revocation(id, hash, did, r, acting.signer());
    JsonNode answer =
        root.http()
            .send(
                "POST",
                consentUri(id, "/revocation"),
                Output.object().put("revocation", revocation),
                null,
                "application/json");
    return root.emit(spec.commandLine(), answer, statusLine(answer) + revocationNote(answer));
  }

  private static String revocationNote(JsonNode s) {
    JsonNode r = s.path("revocation");
    if (r.isMissingNode() || r.isNull()) {
      return "";
    }
    return "\nrevocation: "
        + r.path("status").asText("?")
        + (r.hasNonNull("code") ? " (" + r.get("code").asText() + ")" : "");
  }

  @Command(
      name = "erase",
      description =
          "Erases the credential the service keeps (its hash, DIDs and status stay); DID-auth.")
  Integer erase(
      @Parameters(paramLabel = "ID") String id,
      @Option(
              names = "--key",
              paramLabel = "ALIAS",
              description = "default: the key that signed it")
          String alias,
      @Option(
              names = "--subject",
              paramLabel = "DID",
              description = "default: the subject that signed it here")
          String subject)
      throws WalletException, RejectedException {
    ConsentWallet.Acting acting = actingFor(id, alias, subject);
    root.http()
        .send(
            "DELETE",
            consentUri(id, "/credential"),
            null,
            root.didAuth(acting),
            "application/json");
    ObjectNode out = Output.object().put("consentId", id).put("credentialErased", true);
    return root.emit(spec.commandLine(), out, id + ": stored credential erased");
  }

  @Command(
      name = "receipts",
      description =
          "Who received what and when: the transmission receipts of a consent, or of all your"
              + " consents without ID (DID-auth).")
  Integer receipts(
      @Parameters(paramLabel = "ID", arity = "0..1") String id,
      @Option(
              names = "--key",
              paramLabel = "ALIAS",
              description = "default: the key that signed it")
          String alias,
      @Option(
              names = "--subject",
              paramLabel = "DID",
              description = "default: the subject that signed it here")
          String subject,
      @Option(names = "--page", defaultValue = "0") int page,
      @Option(names = "--size", defaultValue = "100", description = "1 to 500") int size)
      throws WalletException, RejectedException {
    ConsentWallet.Acting acting = actingFor(id, alias, subject);
    String query = "?page=" + page + "&size=" + size;
    java.net.URI uri =
        id == null ? root.serviceUri("/receipts" + query) : consentUri(id, "/receipts" + query);
    JsonNode answer = root.http().send("GET", uri, null, root.didAuth(acting), "application/json");
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : answer.path("receipts")) {
      List<String> row = new ArrayList<>();
      row.add(r.path("recordedAt").asText("-"));
      if (id == null) {
        row.add(r.path("consentId").asText());
      }
      row.add(r.path("provider").asText());
      row.add(r.path("recipient").asText());
      row.add(Output.scalar(r.path("categories")));
      row.add(Output.scalar(r.get("blockNumber")));
      rows.add(row);
    }
    List<String> header =
        new ArrayList<>(List.of("RECORDED", "PROVIDER", "RECIPIENT", "DATA", "BLOCK"));
    if (id == null) {
      header.add(1, "CONSENT");
    }
    String text =
        rows.isEmpty() ? "no receipts: nothing was transmitted" : Output.table(header, rows);
    return root.emit(spec.commandLine(), answer, text);
  }
}
