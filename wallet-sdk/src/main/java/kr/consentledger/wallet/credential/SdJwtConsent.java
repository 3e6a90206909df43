/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.wallet.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.did.DidDocument;
import kr.consentledger.wallet.did.DidResolver;
import kr.consentledger.wallet.did.VerificationRelationship;
import kr.consentledger.wallet.internal.Bytes;
import kr.consentledger.wallet.internal.Dids;
import kr.consentledger.wallet.internal.Json;
import kr.consentledger.wallet.internal.jws.Jws;
import kr.consentledger.wallet.keys.Signer;
import kr.consentledger.wallet.keys.WalletPublicKey;

/**
 * A consent credential as an SD-JWT VC (IETF SD-JWT VC, {@code typ} {@code dc+sd-jwt}, over RFC
 * 9901 SD-JWT with key binding): issued by the data subject with the key that signed its {@code
 * vc+jwt} form, the personal claims ({@code credentialSubject.dataSubject.name} and {@code
 * contact}) selectively disclosable, every term a provider checks always disclosed, and {@code
 * credentialHash} naming the anchored {@code vc+jwt} (CONSENT-PROTOCOL.md §8a).
 */
public final class SdJwtConsent {
  /** The issuer-signed JWT's {@code typ}. */
  public static final String TYP = "dc+sd-jwt";

  /** The Key Binding JWT's {@code typ}. */
  public static final String KB_TYP = "kb+jwt";

  /** The media type of an SD-JWT VC. */
  public static final String MEDIA_TYPE = "application/dc+sd-jwt";

  /** The verifiable credential type of a consent, the {@code vct} claim. */
  public static final String VCT = "https://consentledger.kr/vct/consent/v1";

  /** The selectively disclosable claims of {@code credentialSubject.dataSubject}. */
  public static final List<String> PERSONAL_CLAIMS = List.of("name", "contact");

  /** How far a KB-JWT's {@code iat} may lie in the past. */
  public static final Duration KB_MAX_AGE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String issuerJwt;
  private final Map<String, String> disclosures;

  private SdJwtConsent(String issuerJwt, Map<String, String> disclosures) {
    this.issuerJwt = issuerJwt;
    this.disclosures = disclosures;
  }

  /**
   * Issues the SD-JWT VC of an issued consent credential, with random 128-bit salts.
   *
   * @param consent the consent credential, issued (its {@code vc+jwt} is what the ledger anchors)
   * @param holderKey the key the holder will sign Key Binding JWTs with ({@code cnf.jwk})
   * @param subject the subject's signer (a key under its DID's assertionMethod)
   * @param issuedAt the {@code iat}
   * @return the SD-JWT VC with every Disclosure
   * @throws WalletException if the signer fails
   */
  public static SdJwtConsent issue(
      ConsentCredential consent, WalletPublicKey holderKey, Signer subject, Instant issuedAt)
      throws WalletException {
    return issue(
        consent,
        holderKey,
        subject,
        issuedAt,
        () -> {
          byte[] salt = new byte[16];
          RANDOM.nextBytes(salt);
          return Bytes.b64u(salt);
        });
  }

  /**
   * Issues the SD-JWT VC of an issued consent credential with salts from a supplier (fixed salts
   * make the worked example of CONSENT-PROTOCOL.md reproducible; use random ones otherwise).
   *
   * @param consent the consent credential, issued
   * @param holderKey the key the holder will sign Key Binding JWTs with
   * @param subject the subject's signer
   * @param issuedAt the {@code iat}
   * @param salts one salt per personal claim present, in {@link #PERSONAL_CLAIMS} order
   * @return the SD-JWT VC with every Disclosure
   * @throws WalletException if the signer fails
   */
  public static SdJwtConsent issue(
      ConsentCredential consent,
      WalletPublicKey holderKey,
      Signer subject,
      Instant issuedAt,
      Supplier<String> salts)
      throws WalletException {
    Objects.requireNonNull(holderKey, "holderKey");
    String vcJwt = consent.jws();
    ObjectNode vc = Json.strictObject(consent.toJson());
    ObjectNode cs = (ObjectNode) vc.get("credentialSubject").deepCopy();
    ObjectNode ds = (ObjectNode) cs.get("dataSubject");
    Map<String, String> disclosures = new TreeMap<>();
    ArrayNode sd = Json.array();
    List<String> digests = new ArrayList<>();
    for (String claim : PERSONAL_CLAIMS) {
      JsonNode value = ds.remove(claim);
      if (value != null) {
        SdJwt.Disclosure d = SdJwt.Disclosure.of(salts.get(), claim, value);
        disclosures.put(claim, d.encoded());
        digests.add(d.digest());
      }
    }
    digests.stream().sorted().forEach(sd::add);
    if (!sd.isEmpty()) {
      ds.set("_sd", sd);
    }
    ObjectNode payload = Json.object();
    payload.put("iss", consent.subject());
    payload.put("sub", consent.subject());
    payload.put("vct", VCT);
    payload.put("iat", issuedAt.getEpochSecond());
    payload.put("nbf", consent.validFrom().getEpochSecond());
    payload.put("exp", consent.validUntil().getEpochSecond());
    payload.put("consentId", consent.consentId());
    payload.put("credentialHash", Jws.sha256Hex(vcJwt));
    payload.put("validFrom", vc.get("validFrom").asText());
    payload.put("validUntil", vc.get("validUntil").asText());
    payload.set("credentialSubject", cs);
    payload.putObject("cnf").set("jwk", Json.strictObject(holderKey.toJwk()));
    payload.put("_sd_alg", SdJwt.SD_ALG);
    ObjectNode header = Json.object();
    header.put("typ", TYP);
    header.put("kid", subject.keyId());
    String jwt = Jws.sign(header, Json.canonicalBytes(payload), subject);
    return new SdJwtConsent(jwt, disclosures);
  }

  /**
   * Reads an SD-JWT VC issued by {@link #issue} (as the holder keeps it), nothing verified beyond
   * the form: the Disclosures are matched to their claim names.
   *
   * @param sdJwt {@code <issuer-signed JWT>~<Disclosure>~...~}
   * @return the SD-JWT VC
   * @throws RejectedException MALFORMED_PRESENTATION, MALFORMED_CREDENTIAL
   */
  public static SdJwtConsent parse(String sdJwt) throws RejectedException {
    SdJwt.Compact c = SdJwt.Compact.parse(sdJwt);
    Map<String, String> byName = new TreeMap<>();
    for (String d : c.disclosures()) {
      SdJwt.Disclosure disclosure = SdJwt.Disclosure.parse(d);
      if (disclosure.name().isEmpty() || byName.put(disclosure.name().get(), d) != null) {
        throw new RejectedException(
            RejectionReason.MALFORMED_CREDENTIAL, "SD-JWT rejected: not a consent's Disclosures");
      }
    }
    return new SdJwtConsent(c.issuerJwt(), byName);
  }

  /**
   * Returns the issuer-signed JWT.
   *
   * @return the issuer-signed JWT
   */
  public String issuerJwt() {
    return issuerJwt;
  }

  /**
   * Returns the Disclosures by claim name.
   *
   * @return the Disclosures by claim name
   */
  public Map<String, String> disclosures() {
    return Map.copyOf(disclosures);
  }

  /**
   * Returns the SD-JWT with every Disclosure, {@code <issuer-signed JWT>~<Disclosure>~...~}.
   *
   * @return the SD-JWT with every Disclosure, {@code <issuer-signed JWT>~<Disclosure>~...~}
   */
  public String serialize() {
    return new SdJwt.Compact(issuerJwt, List.copyOf(disclosures.values()), Optional.empty())
        .serialize();
  }

  /**
   * Makes a presentation (SD-JWT+KB) disclosing only the named personal claims: the SD-JWT with
   * those Disclosures and a Key Binding JWT ({@code typ} {@code kb+jwt}; {@code iat}, {@code aud},
   * {@code nonce}, {@code sd_hash}) signed by the holder's key.
   *
   * @param disclose the personal claims to disclose (none for a provider: its check needs none)
   * @param audience the provider's DID
   * @param nonce the provider's challenge
   * @param issuedAt the KB-JWT's {@code iat}
   * @param holder the holder's signer, whose key is the credential's {@code cnf.jwk}
   * @return the presentation
   * @throws WalletException if the signer fails
   * @throws IllegalArgumentException if a name is not a Disclosure of this credential
   */
  public String present(
      Set<String> disclose, String audience, String nonce, Instant issuedAt, Signer holder)
      throws WalletException {
    List<String> chosen = new ArrayList<>();
    for (String name : disclose) {
      String d = disclosures.get(name);
      if (d == null) {
        throw new IllegalArgumentException("no Disclosure of \"" + name + "\"");
      }
      chosen.add(d);
    }
    SdJwt.Compact c = new SdJwt.Compact(issuerJwt, chosen, Optional.empty());
    ObjectNode kb = Json.object();
    kb.put("iat", issuedAt.getEpochSecond());
    kb.put("aud", Objects.requireNonNull(audience, "audience"));
    kb.put("nonce", Objects.requireNonNull(nonce, "nonce"));
    kb.put("sd_hash", SdJwt.digest(c.sdJwt()));
    ObjectNode header = Json.object();
    header.put("typ", KB_TYP);
    return c.sdJwt() + Jws.sign(header, Json.canonicalBytes(kb), holder);
  }

  /**
   * A verified consent SD-JWT VC presentation.
   *
   * @param presentation the SD-JWT+KB as received
   * @param issuerJwt its issuer-signed JWT
   * @param claims the processed payload: every disclosed claim in place, no {@code _sd}
   * @param holderKey the {@code cnf.jwk} that signed the KB-JWT
   */
  public record Verified(
      String presentation, String issuerJwt, ObjectNode claims, WalletPublicKey holderKey) {
    /**
     * Copies the claims.
     *
     * @param presentation see the record description
     * @param issuerJwt see the record description
     * @param claims see the record description
     * @param holderKey see the record description
     */
    public Verified {
      Objects.requireNonNull(presentation, "presentation");
      Objects.requireNonNull(issuerJwt, "issuerJwt");
      claims = claims.deepCopy();
      Objects.requireNonNull(holderKey, "holderKey");
    }

    @Override
    public ObjectNode claims() {
      return claims.deepCopy();
    }

    /**
     * Returns a string claim of the payload.
     *
     * @param name the claim
     * @return a string claim of the payload
     */
    public String text(String name) {
      return Json.text(claims, name).orElse("");
    }

    /**
     * Returns the consent id.
     *
     * @return the consent id
     */
    public String consentId() {
      return text("consentId");
    }

    /**
     * Returns the subject's DID, the issuer.
     *
     * @return the subject's DID, the issuer
     */
    public String subject() {
      return text("iss");
    }

    /**
     * Returns the provider's DID.
     *
     * @return the provider's DID
     */
    public String provider() {
      return claims.path("credentialSubject").path("provider").path("id").asText("");
    }

    /**
     * Returns the recipient's DID.
     *
     * @return the recipient's DID
     */
    public String recipient() {
      return claims.path("credentialSubject").path("recipient").path("id").asText("");
    }

    /**
     * Returns the hash of the anchored {@code vc+jwt} the subject signed this SD-JWT VC for.
     *
     * @return the hash of the anchored {@code vc+jwt} the subject signed this SD-JWT VC for
     */
    public String credentialHash() {
      return text("credentialHash");
    }

    /**
     * Checks the SD-JWT VC against every member of the anchor statement on the ledger
     * (CONSENT-PROTOCOL.md §3, §8a): {@code consentId}, {@code credentialHash}, the subject ({@code
     * iss}), provider, recipient and validity window must be the anchor's.
     *
     * @param consentId the anchor's {@code consentId}
     * @param credentialHash the anchor's {@code credentialHash}
     * @param subject the anchor's {@code subject}
     * @param provider the anchor's {@code provider}
     * @param recipient the anchor's {@code recipient}
     * @param validFrom the anchor's {@code validFrom}
     * @param validUntil the anchor's {@code validUntil}
     * @throws RejectedException STATEMENT_MISMATCH naming the first member that differs
     */
    public void requireAnchor(
        String consentId,
        String credentialHash,
        String subject,
        String provider,
        String recipient,
        Instant validFrom,
        Instant validUntil)
        throws RejectedException {
      requireAnchor(credentialHash);
      Map<String, List<String>> members = new TreeMap<>();
      members.put("consentId", List.of(consentId(), consentId));
      members.put("subject", List.of(subject(), subject));
      members.put("provider", List.of(provider(), provider));
      members.put("recipient", List.of(recipient(), recipient));
      members.put("validFrom", List.of(text("validFrom"), validFrom.toString()));
      members.put("validUntil", List.of(text("validUntil"), validUntil.toString()));
      for (Map.Entry<String, List<String>> m : members.entrySet()) {
        if (!m.getValue().get(0).equals(m.getValue().get(1))) {
          throw new RejectedException(
              RejectionReason.STATEMENT_MISMATCH,
              "SD-JWT VC rejected: " + m.getKey() + " is not the anchor's");
        }
      }
    }

    /**
     * Checks the SD-JWT VC against the anchor on the ledger: its {@code credentialHash} must be the
     * anchored credential hash (CONSENT-PROTOCOL.md §8a).
     *
     * @param anchoredCredentialHash the anchor's {@code credentialHash}
     * @throws RejectedException STATEMENT_MISMATCH when it is another credential's
     */
    public void requireAnchor(String anchoredCredentialHash) throws RejectedException {
      if (!credentialHash().equals(anchoredCredentialHash)) {
        throw new RejectedException(
            RejectionReason.STATEMENT_MISMATCH,
            "SD-JWT VC rejected: credentialHash is not the anchored credential's");
      }
    }
  }

  /**
   * A presentation (SD-JWT+KB) of a consent SD-JWT VC read in its parts, each verification step a
   * call of its own, for a verifier that reports every check separately (consent-service's {@code
   * POST /verifications}); {@link #verifyPresentation} runs them all in order. Reading checks only
   * the form: three {@code ~}-separated parts with a KB-JWT, both JWTs well-formed with the header
   * members and {@code typ} of their kind, {@code vct}, and {@code kid} a DID URL of {@code iss}.
   */
  public static final class Presentation {
    private final String presentation;
    private final SdJwt.Compact compact;
    private final Jws.Parsed jwt;
    private final ObjectNode payload;
    private final Jws.Parsed kb;
    private final ObjectNode kbPayload;

    private Presentation(String presentation, SdJwt.Compact compact) throws RejectedException {
      this.presentation = presentation;
      this.compact = compact;
      this.jwt = Jws.parse(compact.issuerJwt());
      jwt.requireHeaderMembers("SD-JWT VC", Jws.STATEMENT_HEADER);
      if (!jwt.headerText("typ").equals(Optional.of(TYP))) {
        throw new RejectedException(
            RejectionReason.WRONG_TYPE, "SD-JWT VC rejected: typ is not " + TYP);
      }
      this.payload = jwt.payloadObject().orElseThrow();
      String iss = issuer();
      String kid = jwt.headerText("kid").orElse("");
      if (!Json.text(payload, "vct").equals(Optional.of(VCT))) {
        throw malformed("vct is not " + VCT);
      }
      if (!Dids.isDid(iss) || !Dids.didOf(Dids.absolute(iss, kid)).equals(iss)) {
        throw new RejectedException(
            RejectionReason.ISSUER_MISMATCH,
            "SD-JWT VC rejected: kid " + Dids.abbreviate(kid) + " is not a key of iss");
      }
      this.kb = Jws.parse(compact.keyBindingJwt().orElseThrow());
      kb.requireHeaderMembers("KB-JWT", Set.of("alg", "typ"));
      if (!kb.headerText("typ").equals(Optional.of(KB_TYP))) {
        throw new RejectedException(
            RejectionReason.WRONG_TYPE, "KB-JWT rejected: typ is not kb+jwt");
      }
      this.kbPayload = kb.payloadObject().orElseThrow();
    }

    /**
     * Returns the presentation as received.
     *
     * @return the presentation as received
     */
    public String presentation() {
      return presentation;
    }

    /**
     * Returns the issuer-signed JWT.
     *
     * @return the issuer-signed JWT
     */
    public String issuerJwt() {
      return compact.issuerJwt();
    }

    /**
     * Returns the issuer's DID, {@code iss} (the consent's subject).
     *
     * @return the issuer's DID, {@code iss} (the consent's subject)
     */
    public String issuer() {
      return Json.text(payload, "iss").orElse("");
    }

    /**
     * Returns the issuer-signed JWT's {@code credentialHash} claim (always disclosed), or "".
     *
     * @return the issuer-signed JWT's {@code credentialHash} claim (always disclosed), or ""
     */
    public String credentialHash() {
      return Json.text(payload, "credentialHash").orElse("");
    }

    /**
     * Returns the issuer-signed JWT's {@code consentId} claim (always disclosed), or "".
     *
     * @return the issuer-signed JWT's {@code consentId} claim (always disclosed), or ""
     */
    public String consentId() {
      return Json.text(payload, "consentId").orElse("");
    }

    /**
     * Returns the KB-JWT's {@code aud}, if it is a string.
     *
     * @return the KB-JWT's {@code aud}, if it is a string
     */
    public Optional<String> audience() {
      return Json.text(kbPayload, "aud");
    }

    /**
     * Returns the KB-JWT's {@code nonce}, if it is a string.
     *
     * @return the KB-JWT's {@code nonce}, if it is a string
     */
    public Optional<String> nonce() {
      return Json.text(kbPayload, "nonce");
    }

    /**
     * Verifies the issuer-signed JWT's signature: its {@code kid} must name a key of the issuer's
     * document under assertionMethod. Nothing is resolved, so nothing blocks.
     *
     * @param issuerDocument the issuer's DID document (as it was when the consent was anchored, for
     *     a verifier holding that time)
     * @throws RejectedException ISSUER_MISMATCH (a document of another DID), UNKNOWN_KEY,
     *     NOT_AUTHORISED, UNSUPPORTED_ALGORITHM, BAD_SIGNATURE
     */
    public void verifyIssuerSignature(DidDocument issuerDocument) throws RejectedException {
      if (!issuerDocument.id().equals(issuer())) {
        throw new RejectedException(
            RejectionReason.ISSUER_MISMATCH, "SD-JWT VC rejected: the document is not iss's");
      }
      Verifier.verifyJws(
          compact.issuerJwt(),
          issuerDocument,
          Dids.absolute(issuer(), jwt.headerText("kid").orElse("")),
          VerificationRelationship.ASSERTION_METHOD);
    }

    /**
     * Returns the processed payload: the Disclosures matched to their digests (RFC 9901 §7.1),
     * every disclosed claim in place, no {@code _sd}; the claims a consent always discloses
     * present.
     *
     * @return the processed payload (a copy)
     * @throws RejectedException MALFORMED_CREDENTIAL (a tampered, duplicated or unreferenced
     *     Disclosure, an {@code _sd_alg} other than sha-256, an always-disclosed claim missing)
     */
    public ObjectNode claims() throws RejectedException {
      ObjectNode claims = SdJwt.process(payload, compact.disclosures());
      for (String required : List.of("consentId", "credentialHash", "validFrom", "validUntil")) {
        if (Json.text(claims, required).isEmpty()) {
          throw malformed("no " + required);
        }
      }
      return claims;
    }

    /**
     * Returns the holder's key, {@code cnf.jwk} of the issuer-signed JWT.
     *
     * @return the holder's key, {@code cnf.jwk} of the issuer-signed JWT
     * @throws RejectedException MALFORMED_CREDENTIAL when it is not a supported public key
     */
    public WalletPublicKey holderKey() throws RejectedException {
      try {
        return WalletPublicKey.fromJwk(Json.canonical(payload.path("cnf").path("jwk")));
      } catch (RejectedException e) {
        throw malformed("cnf.jwk is not a supported public key");
      }
    }

    /**
     * Verifies the key binding but its {@code aud} and {@code nonce}, which the caller compares
     * with its own: the KB-JWT's signature by {@code cnf.jwk}, {@code iat} not in the future and at
     * most {@link #KB_MAX_AGE} old, and {@code sd_hash} the digest of the SD-JWT presented.
     *
     * @param now the time judged against
     * @param skew the clock skew allowed
     * @throws RejectedException MALFORMED_CREDENTIAL (no usable {@code cnf.jwk}),
     *     UNSUPPORTED_ALGORITHM, BAD_SIGNATURE, MALFORMED_PRESENTATION (no {@code iat}, {@code
     *     sd_hash}), EXPIRED ({@code iat})
     */
    public void verifyKeyBinding(Instant now, Duration skew) throws RejectedException {
      verifyKeyBindingSignature();
      verifyKeyBindingTime(now, skew);
    }

    private void verifyKeyBindingSignature() throws RejectedException {
      kb.verify(holderKey());
    }

    private void verifyKeyBindingTime(Instant now, Duration skew) throws RejectedException {
      if (!kbPayload.path("iat").canConvertToLong()) {
        throw new RejectedException(
            RejectionReason.MALFORMED_PRESENTATION, "KB-JWT rejected: no iat");
      }
      Instant iat = Instant.ofEpochSecond(kbPayload.get("iat").asLong());
      if (iat.isAfter(now.plus(skew)) || iat.isBefore(now.minus(KB_MAX_AGE).minus(skew))) {
        throw new RejectedException(
            RejectionReason.EXPIRED,
            "KB-JWT rejected: iat is not within " + KB_MAX_AGE + " of now");
      }
      if (!Json.text(kbPayload, "sd_hash").equals(Optional.of(SdJwt.digest(compact.sdJwt())))) {
        throw new RejectedException(
            RejectionReason.MALFORMED_PRESENTATION,
            "KB-JWT rejected: sd_hash is not the digest of the SD-JWT presented");
      }
    }
  }

  /**
   * Reads a presentation (SD-JWT+KB) of a consent SD-JWT VC, verifying nothing but its form (see
   * {@link Presentation}).
   *
   * @param presentation the SD-JWT+KB
   * @return the presentation in its parts
   * @throws RejectedException MALFORMED_PRESENTATION (form, no KB-JWT), MALFORMED_CREDENTIAL
   *     ({@code vct}), WRONG_TYPE, UNSUPPORTED_HEADER, ISSUER_MISMATCH, and the JWS rules of {@link
   *     Jws#parse}
   */
  public static Presentation read(String presentation) throws RejectedException {
    SdJwt.Compact c = SdJwt.Compact.parse(presentation);
    if (c.keyBindingJwt().isEmpty()) {
      throw new RejectedException(
          RejectionReason.MALFORMED_PRESENTATION, "SD-JWT rejected: no Key Binding JWT");
    }
    return new Presentation(presentation, c);
  }

  /**
   * Verifies a presentation (SD-JWT+KB) of a consent SD-JWT VC (RFC 9901 §7.1 and §7.3, SD-JWT VC
   * §3): the issuer-signed JWT ({@code typ} {@code dc+sd-jwt}, {@code vct}, {@code kid} a key under
   * the {@code iss} DID's assertionMethod, signature, {@code nbf}/{@code exp}), every Disclosure
   * (digest referred to exactly once, none duplicated or tampered), then the KB-JWT ({@code typ}
   * {@code kb+jwt}, signature by {@code cnf.jwk}, {@code aud}, {@code nonce}, {@code iat} not in
   * the future and at most {@link #KB_MAX_AGE} old, {@code sd_hash}).
   *
   * @param presentation the SD-JWT+KB
   * @param expectedAudience the provider's DID
   * @param expectedNonce the provider's challenge
   * @param resolver resolves the issuer's DID
   * @param clock the clock
   * @param skew the clock skew allowed
   * @return the verified presentation
   * @throws RejectedException MALFORMED_PRESENTATION (form, no KB-JWT, {@code sd_hash}),
   *     MALFORMED_CREDENTIAL (payload, Disclosures), WRONG_TYPE, ISSUER_MISMATCH, UNKNOWN_KEY,
   *     NOT_AUTHORISED, BAD_SIGNATURE, NOT_YET_VALID, EXPIRED, WRONG_AUDIENCE, WRONG_NONCE, and the
   *     JWS rules of {@link Jws#parse}
   * @throws WalletException if the resolver could not answer
   */
  public static Verified verifyPresentation(
      String presentation,
      String expectedAudience,
      String expectedNonce,
      DidResolver resolver,
      Clock clock,
      Duration skew)
      throws RejectedException, WalletException {
    Objects.requireNonNull(skew, "skew");
    Presentation p = read(presentation);
    p.verifyIssuerSignature(resolver.resolve(p.issuer()));
    ObjectNode claims = p.claims();
    Instant now = clock.instant();
    if (claims.path("nbf").canConvertToLong()
        && now.plus(skew).isBefore(Instant.ofEpochSecond(claims.get("nbf").asLong()))) {
      throw new RejectedException(
          RejectionReason.NOT_YET_VALID, "SD-JWT VC rejected: not valid before nbf");
    }
    if (claims.path("exp").canConvertToLong()
        && now.minus(skew).isAfter(Instant.ofEpochSecond(claims.get("exp").asLong()))) {
      throw new RejectedException(RejectionReason.EXPIRED, "SD-JWT VC rejected: expired");
    }
    WalletPublicKey holderKey = p.holderKey();
    p.verifyKeyBindingSignature();
    if (!p.audience().equals(Optional.of(expectedAudience))) {
      throw new RejectedException(
          RejectionReason.WRONG_AUDIENCE, "KB-JWT rejected: aud is not " + expectedAudience);
    }
    if (!p.nonce().equals(Optional.of(expectedNonce))) {
      throw new RejectedException(
          RejectionReason.WRONG_NONCE, "KB-JWT rejected: nonce does not match the challenge");
    }
    p.verifyKeyBindingTime(now, skew);
    return new Verified(presentation, p.compact.issuerJwt(), claims, holderKey);
  }

  private static RejectedException malformed(String why) {
    return new RejectedException(
        RejectionReason.MALFORMED_CREDENTIAL, "SD-JWT VC rejected: " + why);
  }
}
