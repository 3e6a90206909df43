/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.http;

import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The representations the identifiers resource can produce, and Accept negotiation. */
enum Representation {
  /** The full resolution result. */
  RESOLUTION_RESULT("application/did-resolution", null, true),
  /** The full resolution result as JSON-LD with the DID Resolution profile. */
  RESOLUTION_RESULT_LD("application/ld+json", "https://w3id.org/did-resolution", true),
  /** The DID document only, JSON-LD. */
  DID_LD_JSON("application/did+ld+json", null, false),
  /** The DID document (or a dereferenced resource) only, plain JSON. */
  DID_JSON("application/did+json", null, false),
  /** A dereferenced resource as plain JSON. */
  JSON("application/json", null, false);

  /** What resolving a DID offers; the first is the default. */
  static final List<Representation> RESOLVE =
      List.of(RESOLUTION_RESULT, RESOLUTION_RESULT_LD, DID_LD_JSON, DID_JSON);

  /** What dereferencing a DID URL offers; the first is the default. */
  static final List<Representation> DEREFERENCE = List.of(DID_JSON, JSON);

  private final String mediaType;
  private final String type;
  private final String subtype;
  private final String profile;
  private final boolean resolutionResult;

  @SuppressWarnings("ImmutableEnumChecker") // an AsciiString, which never changes
  private final CharSequence contentTypeHeader;

  Representation(String mediaType, String profile, boolean resolutionResult) {
    this.mediaType = mediaType;
    this.type = mediaType.substring(0, mediaType.indexOf('/'));
    this.subtype = mediaType.substring(mediaType.indexOf('/') + 1);
    this.profile = profile;
    this.resolutionResult = resolutionResult;
    this.contentTypeHeader = HttpHeaders.createOptimized(contentType());
  }

  /** The Content-Type header value. */
  String contentType() {
    return profile == null ? mediaType : mediaType + ";profile=\"" + profile + "\"";
  }

  /** The Content-Type header value, encoded once for every response. */
  CharSequence contentTypeHeader() {
    return contentTypeHeader;
  }

  /** Whether this is a whole resolution result, so errors go in its metadata. */
  boolean isResolutionResult() {
    return resolutionResult;
  }

  /**
   * Picks the representation the client prefers: highest q, then most specific, then first listed.
   * No Accept header means the default.
   *
   * @param accept the Accept header, or null
   * @param offered the representations on offer, the default first
   * @return the choice, or empty when the client accepts none of them
   */
  static Optional<Representation> negotiate(String accept, List<Representation> offered) {
    if (accept == null || accept.isBlank() || accept.equals("*/*")) {
      return Optional.of(offered.get(0));
    }
    Representation best = null;
    double bestQ = 0;
    int bestSpecificity = -1;
    for (String range : accept.split(",", -1)) {
      MediaRange parsed = MediaRange.parse(range);
      if (parsed == null || parsed.q <= 0) {
        continue;
      }
      for (Representation candidate : offered) {
        int specificity = parsed.matches(candidate);
        if (specificity < 0) {
          continue;
        }
        if (parsed.q > bestQ || (parsed.q == bestQ && specificity > bestSpecificity)) {
          best = candidate;
          bestQ = parsed.q;
          bestSpecificity = specificity;
        }
        break; // the first offered match is the one this range selects
      }
    }
    return Optional.ofNullable(best);
  }

  private static final class MediaRange {
    final String type;
    final String subtype;
    final String profile;
    final double q;

    private MediaRange(String type, String subtype, String profile, double q) {
      this.type = type;
      this.subtype = subtype;
      this.profile = profile;
      this.q = q;
    }

    static MediaRange parse(String text) {
      String[] parts = text.split(";");
      String full = parts[0].trim().toLowerCase(Locale.ROOT);
      int slash = full.indexOf('/');
      if (slash <= 0 || slash == full.length() - 1) {
        return null;
      }
      String profile = null;
      double q = 1;
      List<String> params = new ArrayList<>(List.of(parts).subList(1, parts.length));
      for (String param : params) {
        int eq = param.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = param.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (name.equals("q")) {
          try {
            q = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            return null;
          }
        } else if (name.equals("profile")) {
          profile = value;
        }
      }
      return new MediaRange(full.substring(0, slash), full.substring(slash + 1), profile, q);
    }

    /** How specifically this range matches: -1 not at all, 0 for *, 1 for type/*, 2 exact. */
    int matches(Representation r) {
      if (type.equals("*") && subtype.equals("*")) {
        return 0;
      }
      if (!type.equals(r.type)) {
        return -1;
      }
      if (subtype.equals("*")) {
        return 1;
      }
      if (!subtype.equals(r.subtype)) {
        return -1;
      }
      // application/ld+json is only a resolution result with the DID Resolution profile.
      if (r.profile != null && !r.profile.equals(profile)) {
        return -1;
      }
      return 2;
    }
  }
}
