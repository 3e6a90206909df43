/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What a running network offers to its clients.
 *
 * @param channel the application channel
 * @param chaincode the name the chaincode is deployed under
 * @param organizations the peer organisations, in a fixed order ({@code org1}, {@code org2})
 * @param postgres the PostgreSQL server the network script started
 */
public record NetworkInfo(
    String channel, String chaincode, List<Organization> organizations, Postgres postgres) {

  /** Checks components and copies the list. */
  public NetworkInfo {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
    organizations = List.copyOf(organizations);
    Objects.requireNonNull(postgres, "postgres");
  }

  /**
   * The organisation of the given short name.
   *
   * @throws NoSuchElementException when there is none
   */
  public Organization organization(String name) {
    return organizations.stream()
        .filter(o -> o.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no organisation " + name));
  }

  /**
   * Where the network's PostgreSQL listens; trust authentication, no password.
   *
   * @param host the host
   * @param port the port
   * @param database the default database
   * @param user the superuser
   */
  public record Postgres(String host, int port, String database, String user) {}
}
