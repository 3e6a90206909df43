package kr.consentledger.consent;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** Port: the read-model queries of the auditor API. */
public interface AuditStore {
  /**
   * The consents where {@code did} is subject, provider or recipient that changed, or have a
   * receipt recorded, in [from, to), ordered by last change then id, one page of them, each with
   * its receipts recorded in the range.
   *
   * @param did the party
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @param page the page, from 0
   * @param size the page size
   * @return {@code {"total", "consents": [...]}}
   */
  Future<JsonObject> partyActivity(String did, Instant from, Instant to, int page, int size);

  /**
   * Every stored (not erased) credential with its read-model hash.
   *
   * @return the credentials
   */
  Future<List<StoredHash>> storedCredentials();

  /**
   * A stored credential.
   *
   * @param consentId the consent
   * @param jws the stored compact JWS
   * @param credentialHash the hash the credentials table keeps
   * @param readModelHash the hash in consent_states, or null
   */
  record StoredHash(String consentId, String jws, String credentialHash, String readModelHash) {}
}
