/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root, which holds the network scripts. */
final class ProjectRoot {
  /** System property set by the build to the repository root. */
  static final String PROPERTY = "consentledger.projectRoot";

  private ProjectRoot() {}

  static Path find() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && isRoot(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (isRoot(p)) {
        return p;
      }
    }
    throw new NetworkException(
        "cannot find the repository root (network/scripts/network.sh); set -D" + PROPERTY);
  }

  private static boolean isRoot(Path p) {
    return Files.isRegularFile(p.resolve("network/scripts/network.sh"));
  }
}
