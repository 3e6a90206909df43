/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.did.DidFabric;
import kr.consentledger.wallet.did.DidKey;
import kr.consentledger.wallet.internal.Dids;

/**
 * Value formats shared by the consent credential, the statements and DID-auth
 * (CONSENT-PROTOCOL.md).
 */
public final class ConsentFormats {
  /** {@code urn:uuid:} + a lowercase RFC 4122 UUID (versions 1 to 5, variant 10xx). */
  public static final Pattern CONSENT_ID =
      Pattern.compile(
          "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  /** ISO 8601 UTC to the second: {@code yyyy-MM-ddTHH:mm:ssZ}. */
  public static final Pattern TIME =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

  /** 64 lowercase hex digits. */
  public static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /** An ISO 8601 duration such as {@code P1M}, {@code P1Y6M}, {@code PT12H}, {@code P2W}. */
  public static final Pattern DURATION =
      Pattern.compile(
          "P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?");

  private ConsentFormats() {}

  public static boolean isConsentId(String s) {
    return s != null && CONSENT_ID.matcher(s).matches();
  }

  public static boolean isHash(String s) {
    return s != null && HASH.matcher(s).matches();
  }

  /**
   * Returns whether {@code s} is a non-zero ISO 8601 duration.
   *
   * @return whether {@code s} is a non-zero ISO 8601 duration
   */
  public static boolean isDuration(String s) {
    return s != null
        && DURATION.matcher(s).matches()
        && s.chars().anyMatch(c -> c >= '1' && c <= '9');
  }

  /**
   * Returns whether the DID is a did:fabric or a did:key whose key can sign.
   *
   * @return whether the DID is a did:fabric or a did:key whose key can sign
   */
  public static boolean isSubjectDid(String did) {
    if (DidFabric.isFabricDid(did)) {
      return true;
    }
    if (did == null || !did.startsWith("did:key:")) {
      return false;
    }
    try {
      return DidKey.publicKey(did).type().canSign();
    } catch (RejectedException e) {
      return false;
    }
  }

  public static boolean isDid(String did) {
    return Dids.isDid(did);
  }

  /**
   * Returns the instant if {@code s} is in the canonical form, else empty.
   *
   * @return the instant if {@code s} is in the canonical form, else empty
   */
  public static Optional<Instant> time(String s) {
    if (s == null || !TIME.matcher(s).matches()) {
      return Optional.empty();
    }
    try {
      Instant t = Instant.parse(s);
      return t.toString().equals(s) ? Optional.of(t) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the instant in the canonical form (truncated to the second).
   *
   * @return the instant in the canonical form (truncated to the second)
   */
  public static String format(Instant t) {
    String s = t.truncatedTo(ChronoUnit.SECONDS).toString();
    if (!TIME.matcher(s).matches()) {
      throw new IllegalArgumentException("time " + t + " is outside the years 0000 to 9999");
    }
    return s;
  }

  /**
   * Returns the member's text, or empty if it is absent or not a JSON string.
   *
   * @return the member's text, or empty if it is absent or not a JSON string
   */
  public static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }
}
