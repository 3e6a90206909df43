package kr.consentledger.wallet.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Optional;
import java.util.Set;
import kr.consentledger.wallet.KeyType;
import kr.consentledger.wallet.RejectedException;
import kr.consentledger.wallet.RejectionReason;
import kr.consentledger.wallet.Signer;
import kr.consentledger.wallet.WalletException;
import kr.consentledger.wallet.WalletPublicKey;

/**
 * Compact JWS (RFC 7515) through nimbus-jose-jwt, with BouncyCastle doing the signature math.
 *
 * <p>The protected header is written by us as canonical JSON (sorted members) and handed to
 * nimbus pre-encoded, so the same inputs always give the same bytes.
 */
public final class Jws {
    private Jws() {
    }

    /** A parsed, not yet verified, compact JWS. */
    public static final class Parsed {
        private final String compact;
        private final JWSObject object;
        private final ObjectNode header;
        private final byte[] payload;

        Parsed(String compact, JWSObject object, ObjectNode header, byte[] payload) {
            this.compact = compact;
            this.object = object;
            this.header = header;
            this.payload = payload;
        }

        /** @return the compact serialization as received */
        public String compact() {
            return compact;
        }

        /** @return a copy of the protected header */
        public ObjectNode header() {
            return header.deepCopy();
        }

        /**
         * @param name header member name
         * @return the header member as text, if it is a string
         */
        public Optional<String> headerText(String name) {
            return Json.text(header, name);
        }

        /** @return a copy of the payload bytes */
        public byte[] payload() {
            return payload.clone();
        }

        /** @return the payload as a JSON object, or empty */
        public Optional<ObjectNode> payloadObject() {
            return Json.parseObject(payload);
        }

        /**
         * Verifies the signature with a public key.
         *
         * @param key the key named by kid
         * @throws RejectedException UNSUPPORTED_ALGORITHM if alg does not fit the key, BAD_SIGNATURE
         */
        public void verify(WalletPublicKey key) throws RejectedException {
            String alg = object.getHeader().getAlgorithm().getName();
            Optional<KeyType> algType = KeyType.forJwsAlgorithm(alg);
            if (algType.isEmpty()) {
                throw new RejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                        "JWS rejected: alg " + alg + " is not supported (EdDSA, ES256, ES256K are)");
            }
            if (algType.get() != key.type()) {
                throw new RejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                        "JWS rejected: alg " + alg + " does not fit the " + key.type() + " key named by kid");
            }
            boolean ok;
            try {
                ok = object.verify(new BcVerifier(key));
            } catch (JOSEException | IllegalStateException e) {
                ok = false;
            }
            if (!ok) {
                throw new RejectedException(RejectionReason.BAD_SIGNATURE, "JWS rejected: invalid signature");
            }
        }
    }

    /**
     * Signs a payload.
     *
     * @param header protected header members; {@code alg} is set from the signer
     * @param payload payload bytes
     * @param signer the signer
     * @return compact serialization
     * @throws WalletException if the signer fails
     */
    public static String sign(ObjectNode header, byte[] payload, Signer signer) throws WalletException {
        ObjectNode h = header.deepCopy();
        h.put("alg", signer.algorithm());
        try {
            JWSHeader jwsHeader = JWSHeader.parse(Base64URL.encode(Json.canonicalBytes(h)));
            JWSObject jws = new JWSObject(jwsHeader, new Payload(payload));
            jws.sign(new SignerAdapter(signer));
            return jws.serialize();
        } catch (ParseException e) {
            throw new IllegalArgumentException("JWS header rejected by nimbus: " + e.getMessage(), e);
        } catch (JOSEException e) {
            if (e.getCause() instanceof WalletException) {
                throw (WalletException) e.getCause();
            }
            throw new WalletException("JWS could not be signed: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a compact JWS without checking the signature.
     *
     * @param compact the compact serialization
     * @return the parsed JWS
     * @throws RejectedException MALFORMED_JWS, UNSUPPORTED_ALGORITHM
     */
    public static Parsed parse(String compact) throws RejectedException {
        if (compact == null || compact.isEmpty()) {
            throw new RejectedException(RejectionReason.MALFORMED_JWS, "JWS rejected: empty input");
        }
        if (compact.length() > 1_000_000) {
            throw new RejectedException(RejectionReason.MALFORMED_JWS, "JWS rejected: longer than 1,000,000 characters");
        }
        JWSObject object;
        try {
            object = JWSObject.parse(compact);
        } catch (ParseException | RuntimeException e) {
            throw new RejectedException(RejectionReason.MALFORMED_JWS,
                    "JWS rejected: not a compact JWS (" + e.getMessage() + ")", e);
        }
        String[] parts = compact.split("\\.", -1);
        decode(parts[1]);
        decode(parts[2]);
        ObjectNode header = Json.parseObject(decode(parts[0])).orElseThrow(() -> new RejectedException(
                RejectionReason.MALFORMED_JWS, "JWS rejected: the protected header is not a JSON object"));
        if (header.has("crit") || header.has("b64")) {
            throw new RejectedException(RejectionReason.MALFORMED_JWS,
                    "JWS rejected: \"crit\" and \"b64\" header parameters are not supported");
        }
        if (header.has("jwk")) {
            try {
                Keys.fromJwk(header.get("jwk"));
            } catch (RejectedException e) {
                throw new RejectedException(RejectionReason.MALFORMED_JWS,
                        "JWS rejected: header \"jwk\" is not a supported public key (" + e.getMessage() + ")", e);
            }
        }
        String alg = Json.text(header, "alg").orElse("");
        if (KeyType.forJwsAlgorithm(alg).isEmpty()) {
            throw new RejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                    "JWS rejected: alg \"" + alg + "\" is not supported (EdDSA, ES256, ES256K are)");
        }
        byte[] payload = object.getPayload().toBytes();
        return new Parsed(compact, object, header, payload);
    }

    private static byte[] decode(String part) throws RejectedException {
        try {
            return Keys.fromB64u(part);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(RejectionReason.MALFORMED_JWS, "JWS rejected: a part is not base64url", e);
        }
    }

    /**
     * @param compact compact JWS
     * @return lowercase hex SHA-256 of the ASCII bytes
     */
    public static String sha256Hex(String compact) {
        byte[] h = Crypto.sha256(compact.getBytes(StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder(64);
        for (byte b : h) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** Adapts our {@link Signer} port to nimbus. */
    static final class SignerAdapter implements JWSSigner {
        private final Signer signer;
        private final JCAContext jca = new JCAContext();

        SignerAdapter(Signer signer) {
            this.signer = signer;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                byte[] sig = signer.sign(signingInput);
                if (sig == null || sig.length != 64) {
                    throw new JOSEException("the signer returned " + (sig == null ? "null" : sig.length + " bytes")
                            + "; a JWS signature for " + signer.algorithm() + " has 64 bytes");
                }
                return Base64URL.encode(sig);
            } catch (WalletException e) {
                throw new JOSEException(e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.parse(signer.algorithm()));
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }

    /** A nimbus verifier for EdDSA (Ed25519), ES256 and ES256K backed by BouncyCastle. */
    static final class BcVerifier implements JWSVerifier {
        private final WalletPublicKey key;
        private final JCAContext jca = new JCAContext();

        BcVerifier(WalletPublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
            Optional<KeyType> t = KeyType.forJwsAlgorithm(header.getAlgorithm().getName());
            return t.isPresent() && t.get() == key.type()
                    && Crypto.verify(key.type(), key.encoded(), signingInput, signature.decode());
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519, JWSAlgorithm.ES256, JWSAlgorithm.ES256K);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }
}
