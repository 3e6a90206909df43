/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import kr.consentledger.chaincode.did.DidFabricId;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * How the fuzz tests turn fuzzer bytes into statements. A compact JWS is either given as it is, or
 * as its decoded parts, which the test encodes: {@code header JSON \n payload JSON \n signature}
 * ({@link #jws}), or, one statement per line, {@code header JSON \t payload JSON} ({@link
 * #statement}), which the test signs with the fixtures' private key of the header's {@code kid}
 * when it knows one, so that the fuzzer gets past the signature check to the rules behind it.
 */
public final class FuzzInputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64U_DECODER = Base64.getUrlDecoder();

  /** kid (DID URL) to the private JWK of the golden fixtures' keys. */
  private static final Map<String, JsonNode> PRIVATE_KEYS = privateKeys();

  private FuzzInputs() {}

  /**
   * The compact JWS: {@code data} as text, or built from its decoded parts when it starts with '{'.
   */
  public static String jws(byte[] data) {
    if (data.length == 0 || data[0] != '{') {
      return utf8(data);
    }
    int a = indexOf(data, (byte) '\n', 0);
    int b = a < 0 ? -1 : indexOf(data, (byte) '\n', a + 1);
    byte[] header = a < 0 ? data : Arrays.copyOfRange(data, 0, a);
    byte[] payload = a < 0 ? new byte[0] : Arrays.copyOfRange(data, a + 1, b < 0 ? data.length : b);
    byte[] signature = b < 0 ? new byte[64] : Arrays.copyOfRange(data, b + 1, data.length);
    return B64U.encodeToString(header)
        + "."
        + B64U.encodeToString(payload)
        + "."
        + B64U.encodeToString(signature);
  }

  /**
   * One statement: {@code line} as text, or, when it starts with '{' and has a tab, {@code header
   * \t payload} signed with the fixtures' key of the header's kid (64 zero bytes when unknown).
   */
  public static String statement(byte[] line) {
    int tab = indexOf(line, (byte) '\t', 0);
    if (line.length == 0 || line[0] != '{' || tab < 0) {
      return utf8(line);
    }
    byte[] header = Arrays.copyOfRange(line, 0, tab);
    byte[] payload = Arrays.copyOfRange(line, tab + 1, line.length);
    String input = B64U.encodeToString(header) + "." + B64U.encodeToString(payload);
    byte[] signature = sign(kidOf(header), input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64U.encodeToString(signature);
  }

  /** The lines of {@code data}, split at '\n'. */
  public static List<byte[]> lines(byte[] data) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length || data[i] == '\n') {
        lines.add(Arrays.copyOfRange(data, start, i));
        start = i + 1;
      }
    }
    return lines;
  }

  public static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A golden-fixture directory of the wallet SDK: {@code consent}, {@code receipt} or {@code
   * did-fabric}.
   */
  public static Path fixtureDir(String name) {
    String property =
        switch (name) {
          case "consent" -> "consentFixtures";
          case "receipt" -> "receiptFixtures";
          default -> "didFabricFixtures";
        };
    return Path.of(System.getProperty(property, "../wallet-sdk/src/test/resources/" + name));
  }

  /** The case files of a fixture directory, by their two-digit number ("01", "02", ...). */
  public static Map<String, JsonNode> fixtures(String name) {
    Map<String, JsonNode> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(fixtureDir(name))) {
      for (Path f : files.toList()) {
        String file = f.getFileName().toString();
        if (file.matches("\\d\\d-.*\\.json")) {
          out.put(file.substring(0, 2), JSON.readTree(f.toFile()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String kidOf(byte[] header) {
    try {
      JsonNode kid = JSON.readTree(header).get("kid");
      return kid != null && kid.isTextual() ? kid.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The signature of {@code input} by the key of {@code kid}, or 64 zero bytes. */
  static byte[] sign(String kid, byte[] input) {
    JsonNode jwk = kid == null ? null : PRIVATE_KEYS.get(kid);
    if (jwk == null) {
      return new byte[64];
    }
    byte[] d = B64U_DECODER.decode(jwk.get("d").asText());
    if ("OKP".equals(jwk.get("kty").asText())) {
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, new Ed25519PrivateKeyParameters(d, 0));
      signer.update(input, 0, input.length);
      return signer.generateSignature();
    }
    ECDomainParameters domain = domain(jwk.get("crv").asText());
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, d), domain));
    SHA256Digest sha = new SHA256Digest();
    sha.update(input, 0, input.length);
    byte[] digest = new byte[32];
    sha.doFinal(digest, 0);
    BigInteger[] rs = signer.generateSignature(digest);
    byte[] out = new byte[64];
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, out, 0, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[1]), 0, out, 32, 32);
    return out;
  }

  private static ECDomainParameters domain(String crv) {
    X9ECParameters p = ECNamedCurveTable.getByName("P-256".equals(crv) ? "P-256" : "secp256k1");
    return new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
  }

  /**
   * Every private JWK in the fixtures' keys.json files, by the kids that name it: did:key URLs
   * computed here, did:fabric URLs found in the fixtures' DID documents.
   */
  private static Map<String, JsonNode> privateKeys() {
    List<JsonNode> jwks = new ArrayList<>();
    List<JsonNode> documents = new ArrayList<>();
    for (String dir : List.of("consent", "receipt", "did-fabric")) {
      try {
        JsonNode keys = JSON.readTree(fixtureDir(dir).resolve("keys.json").toFile());
        for (JsonNode k : keys) {
          JsonNode jwk = k.has("privateJwk") ? k.get("privateJwk") : k;
          if (jwk.isObject() && jwk.has("d")) {
            jwks.add(jwk);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (JsonNode f : fixtures(dir).values()) {
        f.path("didStates").forEach(s -> documents.add(s.path("document")));
        documents.add(f.path("priorState").path("document"));
        documents.add(f.path("decoded").path("payload").path("document"));
      }
    }
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode jwk : jwks) {
      String id = "z" + DidFabricId.base58(multicodec(jwk));
      out.put("did:key:" + id + "#" + id, jwk);
    }
    for (JsonNode doc : documents) {
      for (JsonNode vm : doc.path("verificationMethod")) {
        JsonNode pub = vm.path("publicKeyJwk");
        for (JsonNode jwk : jwks) {
          if (jwk.path("x").equals(pub.path("x")) && jwk.path("crv").equals(pub.path("crv"))) {
            out.putIfAbsent(vm.path("id").asText(), jwk); // the first case's, not an attacker's
          }
        }
      }
    }
    return out;
  }

  private static byte[] multicodec(JsonNode jwk) {
    byte[] x = B64U_DECODER.decode(jwk.get("x").asText());
    String crv = jwk.get("crv").asText();
    if ("Ed25519".equals(crv)) {
      return concat(new byte[] {(byte) 0xed, 0x01}, x);
    }
    byte[] y = B64U_DECODER.decode(jwk.get("y").asText());
    byte[] point = concat(new byte[] {(byte) (2 + (y[31] & 1))}, x);
    return concat(
        "P-256".equals(crv) ? new byte[] {(byte) 0x80, 0x24} : new byte[] {(byte) 0xe7, 0x01},
        point);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
