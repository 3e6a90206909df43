/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.keys.Signer;

/**
 * A {@code BitstringStatusListCredential} (W3C Bitstring Status List v1.0) secured as {@code
 * vc+jwt}: the published list of one status purpose, signed by the list's issuer.
 *
 * @param credential the secured credential
 * @param statusPurpose the list's {@code credentialSubject.statusPurpose}
 * @param list the expanded bitstring
 */
public record StatusListCredential(
    VerifiableCredential credential, String statusPurpose, BitstringStatusList list) {
  /** The credential's {@code type} besides {@code VerifiableCredential}. */
  public static final String TYPE = "BitstringStatusListCredential";

  /** The {@code credentialSubject.type}. */
  public static final String SUBJECT_TYPE = "BitstringStatusList";

  /**
   * The result of the specification's Validate Algorithm for one entry.
   *
   * @param status the entry's bit (0 or 1)
   * @param purpose the entry's status purpose
   * @param valid true when the bit is 0
   */
  public record Status(int status, String purpose, boolean valid) {}

  /** Checks the members. */
  public StatusListCredential {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(statusPurpose, "statusPurpose");
    Objects.requireNonNull(list, "list");
  }

  /**
   * Signs a status list credential.
   *
   * @param url the list's URL: the credential's {@code id}, what entries name as {@code
   *     statusListCredential}
   * @param issuer the list's issuer DID (the signer's)
   * @param statusPurpose for example {@code revocation}
   * @param list the bitstring
   * @param validFrom when this version of the list was made (truncated to the second)
   * @param signer a key of the issuer, listed under assertionMethod
   * @return the secured list credential
   * @throws WalletException if the signer fails
   */
  public static StatusListCredential issue(
      String url,
      String issuer,
      String statusPurpose,
      BitstringStatusList list,
      Instant validFrom,
      Signer signer)
      throws WalletException {
    if (!StatusListEntry.isListUrl(url)) {
      throw new IllegalArgumentException("url: must be an http(s) URL without fragment");
    }
    ObjectNode json = Json.object();
    json.putArray("@context").add(Credential.VC_CONTEXT);
    json.put("id", url);
    json.putArray("type").add("VerifiableCredential").add(TYPE);
    json.put("issuer", Objects.requireNonNull(issuer, "issuer"));
    json.put("validFrom", validFrom.truncatedTo(ChronoUnit.SECONDS).toString());
    ObjectNode subject = json.putObject("credentialSubject");
    subject.put("id", url + "#list");
    subject.put("type", SUBJECT_TYPE);
    subject.put("statusPurpose", Objects.requireNonNull(statusPurpose, "statusPurpose"));
    subject.put("encodedList", list.encode());
    try {
      return new StatusListCredential(
          VerifiableCredential.issue(Credential.fromJson(json), signer), statusPurpose, list);
    } catch (RejectedException e) {
      throw new IllegalArgumentException(e.getMessage(), e); // not reached: a valid VC 2.0 shape
    }
  }

  /**
   * Reads a status list credential without verifying its signature (see {@link
   * Verifier#checkStatus}).
   *
   * @param vc the parsed credential
   * @return the list credential with its expanded bitstring
   * @throws RejectedException STATUS_MALFORMED_VALUE (no {@code BitstringStatusListCredential}
   *     type, a subject that is not a {@code BitstringStatusList}, no purpose, a bad {@code
   *     encodedList}), STATUS_LIST_LENGTH_ERROR
   */
  public static StatusListCredential parse(VerifiableCredential vc) throws RejectedException {
    Credential c = vc.credential();
    if (!c.types().contains(TYPE)) {
      throw malformed("type must include " + TYPE);
    }
    JsonNode subject = c.jsonTree().get("credentialSubject");
    if (subject == null || !subject.isObject()) {
      throw malformed("credentialSubject must be one object");
    }
    if (!SUBJECT_TYPE.equals(Json.text(subject, "type").orElse(null))) {
      throw malformed("credentialSubject.type must be " + SUBJECT_TYPE);
    }
    String purpose = Json.text(subject, "statusPurpose").orElse("");
    if (purpose.isEmpty()) {
      throw malformed("credentialSubject.statusPurpose must be a non-empty string");
    }
    JsonNode size = subject.get("statusSize");
    if (size != null && !(size.isIntegralNumber() && size.asLong() == 1)) {
      throw malformed("credentialSubject.statusSize: only 1-bit lists are read here");
    }
    String encoded = Json.text(subject, "encodedList").orElse(null);
    return new StatusListCredential(vc, purpose, BitstringStatusList.decode(encoded));
  }

  /**
   * The status of an entry in this list: the last steps of the specification's Validate Algorithm
   * (purpose, index range; the length was checked when the list was expanded).
   *
   * @param entry the credential's entry
   * @return the status
   * @throws RejectedException STATUS_VERIFICATION_ERROR (another list, another purpose),
   *     STATUS_RANGE_ERROR
   */
  public Status statusOf(StatusListEntry entry) throws RejectedException {
    String id = credential.credential().id().orElse(null);
    if (id != null && !id.equals(entry.statusListCredential())) {
      throw new RejectedException(
          RejectionReason.STATUS_VERIFICATION_ERROR,
          "Status list rejected: it is " + id + ", not " + entry.statusListCredential());
    }
    if (!statusPurpose.equals(entry.statusPurpose())) {
      throw new RejectedException(
          RejectionReason.STATUS_VERIFICATION_ERROR,
          "Status list rejected: purpose "
              + statusPurpose
              + " is not the entry's "
              + entry.statusPurpose());
    }
    boolean bit = list.get(entry.statusListIndex());
    return new Status(bit ? 1 : 0, entry.statusPurpose(), !bit);
  }

  private static RejectedException malformed(String why) {
    return new RejectedException(
        RejectionReason.STATUS_MALFORMED_VALUE, "Status list credential rejected: " + why);
  }
}
