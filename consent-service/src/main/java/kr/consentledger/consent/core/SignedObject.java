package kr.consentledger.consent.core;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import kr.consentledger.consent.ConsentException;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.WalletPublicKey;
import kr.consentledger.wallet.internal.Jws;

/**
 * A parsed, not yet verified, compact JWS: a credential or a statement. The only class that
 * touches the wallet SDK's JWS code (its {@code internal} package, until the SDK offers statement
 * verification in its public API), so a change there stays here.
 */
public final class SignedObject {
  private final Jws.Parsed parsed;
  private final String typ;
  private final String kid;
  private final JsonObject payload;

  private SignedObject(Jws.Parsed parsed, String typ, String kid, JsonObject payload) {
    this.parsed = parsed;
    this.typ = typ;
    this.kid = kid;
    this.payload = payload;
  }

  /**
   * Parses a compact JWS and checks its {@code typ}.
   *
   * @param compact the compact serialization
   * @param expectedTyp the {@code typ} it must have
   * @param what what the JWS is, for messages ("credential", "anchor statement")
   * @return the parsed object
   * @throws ConsentException MALFORMED_JWT, UNSUPPORTED_ALGORITHM, WRONG_TYPE
   */
  public static SignedObject parse(String compact, String expectedTyp, String what) {
    Objects.requireNonNull(expectedTyp, "expectedTyp");
    Jws.Parsed parsed;
    try {
      parsed = Jws.parse(compact == null ? "" : compact);
    } catch (RejectedException e) {
      if (e.reason() == RejectionReason.UNSUPPORTED_ALGORITHM) {
        throw new ConsentException(
            ProblemCode.UNSUPPORTED_ALGORITHM, "the " + what + "'s alg is not EdDSA, ES256 or ES256K");
      }
      throw new ConsentException(ProblemCode.MALFORMED_JWT, "the " + what + " is not a compact JWS");
    }
    String typ = parsed.headerText("typ").orElse(null);
    if (!expectedTyp.equals(typ)) {
      throw new ConsentException(
          ProblemCode.WRONG_TYPE, "the " + what + "'s typ must be \"" + expectedTyp + "\"");
    }
    String kid = parsed.headerText("kid").orElse(null);
    if (kid == null || kid.indexOf('#') < 1) {
      throw new ConsentException(
          ProblemCode.MALFORMED_JWT, "the " + what + "'s header has no kid that is a DID URL");
    }
    JsonObject payload;
    try {
      payload = new JsonObject(Buffer.buffer(parsed.payload()));
    } catch (DecodeException | ClassCastException e) {
      throw new ConsentException(
          ProblemCode.MALFORMED_JWT, "the " + what + "'s payload is not a JSON object");
    }
    return new SignedObject(parsed, typ, kid, payload);
  }

  /**
   * The compact serialization as received.
   *
   * @return the JWS
   */
  public String compact() {
    return parsed.compact();
  }

  /**
   * Lowercase hex SHA-256 of the compact serialization's ASCII bytes: the credential (or
   * statement) hash of the protocol.
   *
   * @return 64 hex digits
   */
  public String sha256() {
    return Jws.sha256Hex(parsed.compact());
  }

  /**
   * The {@code typ} header.
   *
   * @return the typ
   */
  public String typ() {
    return typ;
  }

  /**
   * A header member.
   *
   * @param name the member
   * @return its text, or null
   */
  public String header(String name) {
    return parsed.headerText(name).orElse(null);
  }

  /**
   * The {@code kid} header: a DID URL.
   *
   * @return the kid
   */
  public String kid() {
    return kid;
  }

  /**
   * The DID of the {@code kid}.
   *
   * @return the part before {@code #}
   */
  public String signerDid() {
    return kid.substring(0, kid.indexOf('#'));
  }

  /**
   * The payload.
   *
   * @return a copy
   */
  public JsonObject payload() {
    return payload.copy();
  }

  /**
   * Verifies the signature.
   *
   * @param key the key named by {@code kid}
   * @throws ConsentException UNSUPPORTED_ALGORITHM when alg does not fit the key, BAD_SIGNATURE
   */
  public void verify(WalletPublicKey key) {
    try {
      parsed.verify(key);
    } catch (RejectedException e) {
      if (e.reason() == RejectionReason.UNSUPPORTED_ALGORITHM) {
        throw new ConsentException(
            ProblemCode.UNSUPPORTED_ALGORITHM, "the alg does not fit the key named by kid " + kid);
      }
      throw new ConsentException(ProblemCode.BAD_SIGNATURE, "the signature of " + kid + " does not verify");
    }
  }
}
