/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;

/**
 * A presentation secured with JOSE: a compact JWS ({@code typ}=vp+jwt, {@code cty}=vp) whose
 * payload is a VC 2.0 VerifiablePresentation. Credentials are carried as
 * EnvelopedVerifiableCredential objects ({@code id} = {@code data:application/vc+jwt,<jws>}).
 *
 * <p>Audience and nonce are bound inside the signed payload as the JWT claims {@code aud} and
 * {@code nonce}, so a verifier can refuse a presentation made for someone else or replayed.
 */
public final class VerifiablePresentation {
  /** The JWS {@code typ}. */
  public static final String TYP = "vp+jwt";

  private static final String DATA_PREFIX = "data:" + VerifiableCredential.MEDIA_TYPE + ",";

  private final String jws;
  private final ObjectNode payload;
  private final String holder;
  private final String keyId;
  private final List<VerifiableCredential> credentials;

  private VerifiablePresentation(
      String jws,
      ObjectNode payload,
      String holder,
      String keyId,
      List<VerifiableCredential> credentials) {
    this.jws = jws;
    this.payload = payload;
    this.holder = holder;
    this.keyId = keyId;
    this.credentials = List.copyOf(credentials);
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses without verifying the presentation or its credentials.
   *
   * @param jws compact JWS
   * @return the presentation
   * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM, WRONG_TYPE, UNKNOWN_KEY,
   *     MALFORMED_PRESENTATION, and the credential codes for enveloped credentials
   */
  public static VerifiablePresentation parse(String jws) throws RejectedException {
    return fromParsed(Jws.parse(jws));
  }

  static VerifiablePresentation fromParsed(Jws.Parsed parsed) throws RejectedException {
    if (!parsed.headerText("typ").equals(Optional.of(TYP))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE, "Presentation rejected: JWS typ must be \"" + TYP + "\"");
    }
    if (parsed.header().has("cty") && !parsed.headerText("cty").equals(Optional.of("vp"))) {
      throw new RejectedException(
          RejectionReason.WRONG_TYPE, "Presentation rejected: JWS cty, if present, must be \"vp\"");
    }
    parsed.requireHeaderMembers("Presentation", Jws.VC_HEADER);
    String kid =
        parsed
            .headerText("kid")
            .orElseThrow(
                () ->
                    new RejectedException(
                        RejectionReason.UNKNOWN_KEY,
                        "Presentation rejected: the JWS header has no \"kid\""));
    ObjectNode p =
        parsed.payloadObject().orElseThrow(() -> malformed("the payload is not a JSON object"));
    VcJson.checkContextAndType(p, "VerifiablePresentation", VerifiablePresentation::malformed);
    String holder =
        Json.text(p, "holder").orElseThrow(() -> malformed("\"holder\" must be the holder's DID"));
    List<VerifiableCredential> vcs = new ArrayList<>();
    JsonNode list = p.get("verifiableCredential");
    if (list != null) {
      List<JsonNode> entries = new ArrayList<>();
      if (list.isArray()) {
        list.forEach(entries::add);
      } else {
        entries.add(list);
      }
      for (int i = 0; i < entries.size(); i++) {
        JsonNode e = entries.get(i);
        String id = e.path("id").asText("");
        if (!e.isObject()
            || !Json.stringOrArray(e, "type").contains("EnvelopedVerifiableCredential")
            || !id.startsWith(DATA_PREFIX)) {
          throw malformed(
              "verifiableCredential["
                  + i
                  + "] is not an EnvelopedVerifiableCredential with a "
                  + DATA_PREFIX
                  + " id");
        }
        try {
          vcs.add(VerifiableCredential.parse(id.substring(DATA_PREFIX.length())));
        } catch (RejectedException ex) {
          throw new RejectedException(
              ex.reason(), "verifiableCredential[" + i + "]: " + ex.getMessage(), ex);
        }
      }
    }
    return new VerifiablePresentation(parsed.compact(), p, holder, kid, vcs);
  }

  private static RejectedException malformed(String why) {
    return new RejectedException(
        RejectionReason.MALFORMED_PRESENTATION, "Presentation rejected: " + why);
  }

  /**
   * Returns the compact JWS.
   *
   * @return the compact JWS
   */
  public String jws() {
    return jws;
  }

  /**
   * Returns the holder DID.
   *
   * @return the holder DID
   */
  public String holder() {
    return holder;
  }

  /**
   * Returns the {@code kid}: DID URL of the holder's verification method.
   *
   * @return the {@code kid}: DID URL of the holder's verification method
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Returns the audiences from {@code aud} (string or array).
   *
   * @return the audiences from {@code aud} (string or array)
   */
  public List<String> audience() {
    return List.copyOf(Json.stringOrArray(payload, "aud"));
  }

  /**
   * Returns the {@code nonce}, if present.
   *
   * @return the {@code nonce}, if present
   */
  public Optional<String> nonce() {
    return Json.text(payload, "nonce");
  }

  /**
   * Returns the enveloped credentials, in order.
   *
   * @return the enveloped credentials, in order
   */
  public List<VerifiableCredential> credentials() {
    return credentials;
  }

  /**
   * Returns the payload as compact JSON with sorted members.
   *
   * @return the payload as compact JSON with sorted members
   */
  public String toJson() {
    return Json.canonical(payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiablePresentation other && other.jws.equals(jws);
  }

  @Override
  public int hashCode() {
    return jws.hashCode();
  }

  @Override
  public String toString() {
    return "VerifiablePresentation[holder "
        + holder
        + ", "
        + credentials.size()
        + " credential(s)]";
  }

  /** Builds and signs a presentation. */
  public static final class Builder {
    private final ObjectNode json = VcJson.start("VerifiablePresentation");
    private final ArrayNode vcs = json.putArray("verifiableCredential");

    private Builder() {}

    /**
     * Sets {@code id}.
     *
     * @param id presentation id
     * @return this builder
     */
    public Builder id(String id) {
      json.put("id", Objects.requireNonNull(id, "id"));
      return this;
    }

    /**
     * Sets {@code holder}.
     *
     * @param holderDid the holder's DID; the signing key must belong to it
     * @return this builder
     */
    public Builder holder(String holderDid) {
      json.put("holder", Objects.requireNonNull(holderDid, "holder"));
      return this;
    }

    /**
     * Sets {@code credential}.
     *
     * @param credential a credential to envelope
     * @return this builder
     */
    public Builder credential(VerifiableCredential credential) {
      vcs.add(Objects.requireNonNull(credential, "credential").enveloped());
      return this;
    }

    /**
     * Sets {@code audience}.
     *
     * @param audience the verifier this presentation is for ({@code aud})
     * @return this builder
     */
    public Builder audience(String audience) {
      json.put("aud", Objects.requireNonNull(audience, "audience"));
      return this;
    }

    /**
     * Sets {@code nonce}.
     *
     * @param nonce the verifier's challenge ({@code nonce})
     * @return this builder
     */
    public Builder nonce(String nonce) {
      json.put("nonce", Objects.requireNonNull(nonce, "nonce"));
      return this;
    }

    /**
     * Sets any top-level member, for extensions.
     *
     * @param name member name
     * @param valueJson value as JSON
     * @return this builder
     */
    public Builder property(String name, String valueJson) {
      VcJson.setProperty(json, name, valueJson);
      return this;
    }

    /**
     * Signs the presentation.
     *
     * @param signer a key of the holder, listed under authentication
     * @return the presentation
     * @throws WalletException if the signer fails
     * @throws IllegalArgumentException if holder, audience or nonce is missing, or the kid is not
     *     the holder's
     */
    public VerifiablePresentation sign(Signer signer) throws WalletException {
      Objects.requireNonNull(signer, "signer");
      String holder =
          Json.text(json, "holder")
              .orElseThrow(() -> new IllegalArgumentException("holder: missing"));
      if (!json.has("aud")) {
        throw new IllegalArgumentException(
            "audience: missing; a presentation must name its verifier");
      }
      if (!json.has("nonce")) {
        throw new IllegalArgumentException(
            "nonce: missing; a presentation must answer the verifier's challenge");
      }
      if (!Dids.didOf(signer.keyId()).equals(holder) || !signer.keyId().contains("#")) {
        throw new IllegalArgumentException(
            "signer: kid " + signer.keyId() + " is not a key of holder " + holder);
      }
      ObjectNode header = Json.object();
      header.put("typ", TYP);
      header.put("cty", "vp");
      header.put("kid", signer.keyId());
      String jws = Jws.sign(header, Json.canonicalBytes(json), signer);
      try {
        return parse(jws);
      } catch (RejectedException e) {
        throw new IllegalArgumentException("presentation could not be built: " + e.getMessage(), e);
      }
    }
  }
}
