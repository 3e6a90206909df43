package kr.consentledger.resolver.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import kr.consentledger.resolver.Did;
import kr.consentledger.resolver.DidMethodDriver;
import kr.consentledger.resolver.ResolutionError;
import kr.consentledger.resolver.ResolutionException;
import kr.consentledger.resolver.ResolutionOptions;
import kr.consentledger.resolver.ResolutionResult;

/**
 * Resolves {@code did:key} locally (did:key spec v0.7): Ed25519 ({@code z6Mk}, with the derived
 * X25519 key agreement key), X25519 ({@code z6LS}), P-256 ({@code zDn}) and secp256k1 ({@code
 * zQ3s}) public keys, each as a JsonWebKey2020 verification method. Version options are ignored:
 * a did:key has exactly one version.
 */
public final class KeyDidDriver implements DidMethodDriver {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** Creates the driver; it holds no state. */
  public KeyDidDriver() {}

  @Override
  public String method() {
    return "key";
  }

  @Override
  public Future<ResolutionResult> resolve(String did, ResolutionOptions options) {
    try {
      return Future.succeededFuture(ResolutionResult.of(document(did), null));
    } catch (ResolutionException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Computes the DID document of a did:key.
   *
   * @throws ResolutionException INVALID_DID saying why the key was rejected
   */
  static JsonObject document(String didText) throws ResolutionException {
    Did did = Did.parse(didText);
    if (!did.method().equals("key")) {
      throw invalid("not a did:key");
    }
    String multibase = did.methodSpecificId();
    if (!multibase.startsWith("z") || !Base58.isBase58(multibase.substring(1))) {
      throw invalid("the key is not multibase base58btc (prefix z)");
    }
    byte[] bytes = Base58.decode(multibase.substring(1));
    String did0 = did.toString();
    JsonObject document = DidDocuments.empty(did0);
    String methodId = did0 + "#" + multibase;
    try {
      if (hasPrefix(bytes, 0xed, 0x01)) {
        byte[] key = keyBytes(bytes, 2, 32, "Ed25519");
        DidDocuments.addJsonWebKey(document, methodId, okp("Ed25519", key), DidDocuments.SIGNING);
        byte[] x25519 = EcPoints.ed25519ToX25519(key);
        String agreementId = did0 + "#z" + Base58.encode(prefixed(0xec, 0x01, x25519));
        DidDocuments.addJsonWebKey(
            document, agreementId, okp("X25519", x25519), List.of(DidDocuments.KEY_AGREEMENT));
      } else if (hasPrefix(bytes, 0xec, 0x01)) {
        byte[] key = keyBytes(bytes, 2, 32, "X25519");
        DidDocuments.addJsonWebKey(
            document, methodId, okp("X25519", key), List.of(DidDocuments.KEY_AGREEMENT));
      } else if (hasPrefix(bytes, 0x80, 0x24)) {
        addEc(document, methodId, EcPoints.Curve.P256, keyBytes(bytes, 2, 33, "P-256"));
      } else if (hasPrefix(bytes, 0xe7, 0x01)) {
        addEc(document, methodId, EcPoints.Curve.SECP256K1, keyBytes(bytes, 2, 33, "secp256k1"));
      } else {
        throw invalid("the multicodec key type is not supported (Ed25519, X25519, P-256, secp256k1)");
      }
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    return document;
  }

  private static void addEc(
      JsonObject document, String methodId, EcPoints.Curve curve, byte[] compressed) {
    byte[][] xy = EcPoints.decompress(curve, compressed);
    JsonObject jwk =
        new JsonObject()
            .put("kty", "EC")
            .put("crv", curve.jwkCrv)
            .put("x", B64URL.encodeToString(xy[0]))
            .put("y", B64URL.encodeToString(xy[1]));
    List<String> relationships = new ArrayList<>(DidDocuments.SIGNING);
    relationships.add(DidDocuments.KEY_AGREEMENT);
    DidDocuments.addJsonWebKey(document, methodId, jwk, relationships);
  }

  private static JsonObject okp(String crv, byte[] x) {
    return new JsonObject().put("kty", "OKP").put("crv", crv).put("x", B64URL.encodeToString(x));
  }

  private static boolean hasPrefix(byte[] bytes, int first, int second) {
    return bytes.length >= 2 && (bytes[0] & 0xff) == first && (bytes[1] & 0xff) == second;
  }

  private static byte[] keyBytes(byte[] bytes, int offset, int length, String type) {
    if (bytes.length - offset != length) {
      throw new IllegalArgumentException(
          "a " + type + " public key has " + length + " bytes, not " + (bytes.length - offset));
    }
    return Arrays.copyOfRange(bytes, offset, bytes.length);
  }

  private static byte[] prefixed(int first, int second, byte[] key) {
    byte[] out = new byte[key.length + 2];
    out[0] = (byte) first;
    out[1] = (byte) second;
    System.arraycopy(key, 0, out, 2, key.length);
    return out;
  }

  private static ResolutionException invalid(String why) {
    return new ResolutionException(ResolutionError.INVALID_DID, "did:key rejected: " + why);
  }
}
