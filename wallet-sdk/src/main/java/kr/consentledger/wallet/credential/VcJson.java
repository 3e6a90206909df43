/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.Function;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.internal.Json;

/**
 * What {@link Credential} and {@link VerifiablePresentation} share as VC Data Model 2.0 JSON: the
 * {@code @context} and {@code type} members, and the builders' extension members.
 */
final class VcJson {
  private VcJson() {}

  /**
   * Returns {@code {"@context": [VC 2.0 context], "type": [type]}}, to build on.
   *
   * @return {@code {"@context": [VC 2.0 context], "type": [type]}}, to build on
   */
  static ObjectNode start(String type) {
    ObjectNode json = Json.object();
    json.putArray("@context").add(Credential.VC_CONTEXT);
    json.putArray("type").add(type);
    return json;
  }

  /**
   * Checks that {@code @context} is an array starting with the VC 2.0 context and that {@code type}
   * includes {@code type}.
   *
   * @param malformed makes the rejection from what is wrong
   * @throws RejectedException from {@code malformed}
   */
  static void checkContextAndType(
      ObjectNode json, String type, Function<String, RejectedException> malformed)
      throws RejectedException {
    JsonNode ctx = json.get("@context");
    if (ctx == null
        || !ctx.isArray()
        || ctx.isEmpty()
        || !Credential.VC_CONTEXT.equals(ctx.get(0).asText(null))) {
      throw malformed.apply("\"@context\" must be an array starting with " + Credential.VC_CONTEXT);
    }
    if (!Json.stringOrArray(json, "type").contains(type)) {
      throw malformed.apply("\"type\" must include " + type);
    }
  }

  /**
   * Sets a top-level member from JSON text, for the builders' {@code property}.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException naming the member if {@code valueJson} is not JSON
   */
  static void setProperty(ObjectNode json, String name, String valueJson) {
    Objects.requireNonNull(name, "name");
    json.set(
        name,
        Json.parse(valueJson)
            .orElseThrow(() -> new IllegalArgumentException(name + ": not valid JSON")));
  }
}
