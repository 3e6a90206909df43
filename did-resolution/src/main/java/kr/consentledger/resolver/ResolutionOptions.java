/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

import java.time.Instant;

/**
 * The DID resolution options this service understands.
 *
 * @param versionId the version to resolve, or null for the latest
 * @param versionTime resolve the version in force at this time, or null for the latest
 */
public record ResolutionOptions(String versionId, Instant versionTime) {
  private static final ResolutionOptions LATEST = new ResolutionOptions(null, null);

  /**
   * The options that ask for the latest version.
   *
   * @return options with neither versionId nor versionTime
   */
  public static ResolutionOptions latest() {
    return LATEST;
  }

  /**
   * Options that ask for one version.
   *
   * @param versionId the version id, not null
   * @return the options
   */
  public static ResolutionOptions ofVersionId(String versionId) {
    return new ResolutionOptions(java.util.Objects.requireNonNull(versionId, "versionId"), null);
  }

  /**
   * Options that ask for the version in force at a time.
   *
   * @param versionTime the time, not null
   * @return the options
   */
  public static ResolutionOptions ofVersionTime(Instant versionTime) {
    return new ResolutionOptions(
        null, java.util.Objects.requireNonNull(versionTime, "versionTime"));
  }

  /**
   * Whether these options ask for the latest version, the only one that may be cached.
   *
   * @return true when neither versionId nor versionTime is set
   */
  public boolean isLatest() {
    return versionId == null && versionTime == null;
  }
}
