/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.internal.Json;

/**
 * A {@code credentialStatus} entry of type {@code BitstringStatusListEntry} (W3C Bitstring Status
 * List v1.0, {@code statusSize} 1): where a credential's status bit is published.
 *
 * @param statusPurpose {@code revocation} for consent credentials
 * @param statusListIndex the bit's index in the list, from 0
 * @param statusListCredential the URL of the {@code BitstringStatusListCredential}
 */
public record StatusListEntry(
    String statusPurpose, long statusListIndex, String statusListCredential) {
  /** The entry's {@code type}. */
  public static final String TYPE = "BitstringStatusListEntry";

  /** The purpose of a consent's entry. */
  public static final String REVOCATION = "revocation";

  private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,17}");
  private static final Set<String> MEMBERS =
      Set.of("id", "type", "statusPurpose", "statusListIndex", "statusListCredential");

  /**
   * Checks the entry.
   *
   * @param statusPurpose see the record description
   * @param statusListIndex see the record description
   * @param statusListCredential see the record description
   */
  public StatusListEntry {
    Objects.requireNonNull(statusPurpose, "statusPurpose");
    Objects.requireNonNull(statusListCredential, "statusListCredential");
    if (statusPurpose.isEmpty()) {
      throw new IllegalArgumentException("statusPurpose: must not be empty");
    }
    if (statusListIndex < 0) {
      throw new IllegalArgumentException("statusListIndex: must be at least 0");
    }
    if (!isListUrl(statusListCredential)) {
      throw new IllegalArgumentException(
          "statusListCredential: must be an http(s) URL without fragment");
    }
  }

  /**
   * A revocation entry.
   *
   * @param statusListCredential the list's URL
   * @param index the bit's index
   * @return the entry
   */
  public static StatusListEntry revocation(String statusListCredential, long index) {
    return new StatusListEntry(REVOCATION, index, statusListCredential);
  }

  /**
   * Returns the entry's {@code id}: the list's URL with the index as fragment, never the list's URL
   * itself (as the specification requires).
   *
   * @return {@code <statusListCredential>#<statusListIndex>}
   */
  public String id() {
    return statusListCredential + "#" + statusListIndex;
  }

  /**
   * Returns the entry as JSON, {@code statusListIndex} as a base-10 string.
   *
   * @return the JSON object
   */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", id());
    o.put("type", TYPE);
    o.put("statusPurpose", statusPurpose);
    o.put("statusListIndex", Long.toString(statusListIndex));
    o.put("statusListCredential", statusListCredential);
    return o;
  }

  /**
   * Reads an entry.
   *
   * @param json a {@code credentialStatus} member of type {@code BitstringStatusListEntry}
   * @return the entry
   * @throws RejectedException STATUS_MALFORMED_VALUE naming the member: a type other than {@code
   *     BitstringStatusListEntry}, a {@code statusListIndex} that is not a base-10 string, a {@code
   *     statusListCredential} that is not an http(s) URL, an {@code id} that is the list's URL, a
   *     {@code statusSize} (only 1 bit entries are used here), another member
   */
  public static StatusListEntry fromJson(JsonNode json) throws RejectedException {
    if (json == null || !json.isObject()) {
      throw malformed("credentialStatus: must be an object");
    }
    var names = json.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!MEMBERS.contains(name)) {
        throw malformed("credentialStatus." + name + ": not a member of a 1-bit entry");
      }
    }
    if (!TYPE.equals(Json.text(json, "type").orElse(null))) {
      throw malformed("credentialStatus.type: must be \"" + TYPE + "\"");
    }
    String purpose = Json.text(json, "statusPurpose").orElse("");
    if (purpose.isEmpty()) {
      throw malformed("credentialStatus.statusPurpose: must be a non-empty string");
    }
    String index = Json.text(json, "statusListIndex").orElse("");
    if (!INDEX.matcher(index).matches()) {
      throw malformed("credentialStatus.statusListIndex: must be a base-10 integer string");
    }
    String list = Json.text(json, "statusListCredential").orElse("");
    if (!isListUrl(list)) {
      throw malformed("credentialStatus.statusListCredential: must be an http(s) URL");
    }
    Optional<String> id = Json.text(json, "id");
    if (json.has("id") && (id.isEmpty() || id.get().equals(list))) {
      throw malformed("credentialStatus.id: must be a URL other than the list's");
    }
    return new StatusListEntry(purpose, Long.parseLong(index), list);
  }

  /**
   * Finds the {@code BitstringStatusListEntry} of a credential's {@code credentialStatus} (an
   * object or an array).
   *
   * @param credential the credential
   * @param purpose the purpose wanted, for example {@link #REVOCATION}
   * @return the first entry of that type and purpose, if any
   * @throws RejectedException STATUS_MALFORMED_VALUE when that entry is malformed
   */
  public static Optional<StatusListEntry> of(Credential credential, String purpose)
      throws RejectedException {
    JsonNode status = credential.jsonTree().get("credentialStatus");
    if (status == null) {
      return Optional.empty();
    }
    for (JsonNode e : status.isArray() ? status : java.util.List.of(status)) {
      if (TYPE.equals(Json.text(e, "type").orElse(null))
          && purpose.equals(Json.text(e, "statusPurpose").orElse(null))) {
        return Optional.of(fromJson(e));
      }
    }
    return Optional.empty();
  }

  static boolean isListUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static RejectedException malformed(String why) {
    return new RejectedException(
        RejectionReason.STATUS_MALFORMED_VALUE, "Status entry rejected: " + why);
  }
}
